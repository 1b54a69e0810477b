// Upstream: lib/ovsdb-types.c, ovsdb_type_from_json() and ovsdb_type_to_json() (OVS 3.1)
//
// A scalar without constraints is written as the bare atomic type name; anything else, including a constrained
// scalar, as {"key":...,"value":...,"min":...,"max":...} with "value" omitted for sets, "min"
// omitted when 1 and "max" omitted when 1 ("unlimited" for no bound).
using Ovs.Json;

namespace Ovs.Ovsdb;

public sealed partial class OvsdbType
{
    public JsonValue ToJson()
    {
        if (IsScalar && !Key.HasConstraints)
        {
            return Key.ToJson();
        }

        var json = new JsonObject { { "key", Key.ToJson() } };
        if (IsMap)
        {
            json.Add("value", Value.ToJson());
        }

        if (Min != 1)
        {
            json.Add("min", new JsonInteger(Min));
        }

        if (Max == Unlimited)
        {
            json.Add("max", "unlimited");
        }
        else if (Max != 1)
        {
            json.Add("max", new JsonInteger(Max));
        }

        return json;
    }

    /// <summary>Parses a &lt;type&gt;. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(JsonValue json, out OvsdbType type)
    {
        try
        {
            type = FromJson(json);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            type = Integer;
            return e.Error;
        }
    }

    internal static OvsdbType FromJson(JsonValue json)
    {
        if (json is JsonString)
        {
            return new OvsdbType(BaseType.FromJson(json));
        }

        if (json is not JsonObject)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "ovsdb type expected"));
        }

        var parser = new OvsdbParser(json, "ovsdb type");
        JsonValue? keyJson = parser.Member("key", MemberTypes.String | MemberTypes.Object);
        JsonValue? valueJson = parser.Member("value", MemberTypes.String | MemberTypes.Object | MemberTypes.Optional);
        JsonValue? minJson = parser.Member("min", MemberTypes.Integer | MemberTypes.Optional);
        JsonValue? maxJson = parser.Member("max", MemberTypes.Integer | MemberTypes.String | MemberTypes.Optional);
        parser.FinishOrThrow();

        BaseType key = BaseType.FromJson(keyJson!);
        BaseType value = valueJson is null ? BaseType.Void : BaseType.FromJson(valueJson);
        uint min = ParseCount(minJson, 1);
        uint max = maxJson is JsonString { Value: "unlimited" } ? Unlimited : ParseCount(maxJson, 1);
        var type = new OvsdbType(key, value, min, max);
        if (!type.IsValid)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "ovsdb type fails constraint checks"));
        }

        return type;
    }

    private static uint ParseCount(JsonValue? json, uint defaultValue) => json switch
    {
        null => defaultValue,
        JsonInteger { Value: >= 0 and < uint.MaxValue } n => (uint)n.Value,
        _ => throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "bad min or max value")),
    };
}
