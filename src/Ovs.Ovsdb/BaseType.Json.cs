// Upstream: lib/ovsdb-types.c, ovsdb_base_type_from_json() and ovsdb_base_type_to_json() (OVS 3.1)
//
// A base type is written as its bare name when it has no constraints, otherwise as an object with "type" first
// and only the constraints that differ from their defaults. Parsing accepts the constraint members that fit the
// atomic type and rejects any other member through the object parser's "not allowed here" check.
using Ovs.Json;

namespace Ovs.Ovsdb;

public sealed partial class BaseType
{
    public JsonValue ToJson()
    {
        if (!HasConstraints)
        {
            return new JsonString(Type.ToName());
        }

        var json = new JsonObject { { "type", Type.ToName() } };
        if (Enum is not null)
        {
            json.Add("enum", Enum.ToJson(EnumType(Type)));
        }

        switch (Type)
        {
            case AtomicType.Integer:
                AddIf(json, "minInteger", MinInteger != long.MinValue, new JsonInteger(MinInteger));
                AddIf(json, "maxInteger", MaxInteger != long.MaxValue, new JsonInteger(MaxInteger));
                break;
            case AtomicType.Real:
                AddIf(json, "minReal", MinReal != -double.MaxValue, new JsonReal(MinReal));
                AddIf(json, "maxReal", MaxReal != double.MaxValue, new JsonReal(MaxReal));
                break;
            case AtomicType.String:
                AddIf(json, "minLength", MinLength != 0, new JsonInteger(MinLength));
                AddIf(json, "maxLength", MaxLength != uint.MaxValue, new JsonInteger(MaxLength));
                break;
            case AtomicType.Uuid when RefTableName is not null:
                json.Add("refTable", RefTableName);
                if (RefType == RefType.Weak)
                {
                    json.Add("refType", "weak");
                }

                break;
        }

        return json;
    }

    private static void AddIf(JsonObject json, string name, bool condition, JsonValue value)
    {
        if (condition)
        {
            json.Add(name, value);
        }
    }

    /// <summary>Parses a &lt;base-type&gt;. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(JsonValue json, out BaseType type)
    {
        try
        {
            type = FromJson(json);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            type = Void;
            return e.Error;
        }
    }

    internal static BaseType FromJson(JsonValue json)
    {
        if (json is JsonString)
        {
            return ForAtomicType(AtomicTypes.FromJson(json));
        }

        if (json is not JsonObject)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "ovsdb type expected"));
        }

        var parser = new OvsdbParser(json, "ovsdb type");
        JsonValue? typeJson = parser.Member("type", MemberTypes.String);
        if (parser.HasError)
        {
            throw new OvsdbErrorException(parser.Finish()!);
        }

        AtomicType atomic = AtomicTypes.FromJson(typeJson!);
        BaseType result = ParseConstraints(json, parser, atomic);
        parser.FinishOrThrow();
        return result;
    }

    private static BaseType ParseConstraints(JsonValue json, OvsdbParser parser, AtomicType atomic)
    {
        if (parser.Member("enum", MemberTypes.Any | MemberTypes.Optional) is { } enumJson)
        {
            return new BaseType(atomic) { Enum = Datum.FromJson(enumJson, EnumType(atomic), null) };
        }

        return atomic switch
        {
            AtomicType.Integer => ParseIntegerRange(json, parser),
            AtomicType.Real => ParseRealRange(json, parser),
            AtomicType.String => ParseLengths(json, parser),
            AtomicType.Uuid => ParseReference(json, parser),
            _ => ForAtomicType(atomic),
        };
    }

    private static BaseType ParseIntegerRange(JsonValue json, OvsdbParser parser)
    {
        JsonValue? min = parser.Member("minInteger", MemberTypes.Integer | MemberTypes.Optional);
        JsonValue? max = parser.Member("maxInteger", MemberTypes.Integer | MemberTypes.Optional);
        var result = new BaseType(AtomicType.Integer)
        {
            MinInteger = min?.AsInteger() ?? long.MinValue,
            MaxInteger = max?.AsInteger() ?? long.MaxValue,
        };
        return result.MinInteger > result.MaxInteger ? Fail(json, "minInteger exceeds maxInteger") : result;
    }

    private static BaseType ParseRealRange(JsonValue json, OvsdbParser parser)
    {
        JsonValue? min = parser.Member("minReal", MemberTypes.Number | MemberTypes.Optional);
        JsonValue? max = parser.Member("maxReal", MemberTypes.Number | MemberTypes.Optional);
        var result = new BaseType(AtomicType.Real)
        {
            MinReal = min?.AsNumber() ?? -double.MaxValue,
            MaxReal = max?.AsNumber() ?? double.MaxValue,
        };
        return result.MinReal > result.MaxReal ? Fail(json, "minReal exceeds maxReal") : result;
    }

    private static BaseType ParseLengths(JsonValue json, OvsdbParser parser)
    {
        var result = new BaseType(AtomicType.String)
        {
            MinLength = ParseLength(parser, "minLength", 0),
            MaxLength = ParseLength(parser, "maxLength", uint.MaxValue),
        };
        return result.MinLength > result.MaxLength ? Fail(json, "minLength exceeds maxLength") : result;
    }

    private static BaseType ParseReference(JsonValue json, OvsdbParser parser)
    {
        if (parser.Member("refTable", MemberTypes.Id | MemberTypes.Optional) is not JsonString refTable)
        {
            return Uuid;
        }

        RefType refType = RefType.Strong;
        if (parser.Member("refType", MemberTypes.Id | MemberTypes.Optional) is JsonString refTypeJson)
        {
            refType = refTypeJson.Value switch
            {
                "strong" => RefType.Strong,
                "weak" => RefType.Weak,
                _ => Fail<RefType>(json, $"refType must be \"strong\" or \"weak\" (not \"{refTypeJson.Value}\")"),
            };
        }

        return new BaseType(AtomicType.Uuid) { RefTableName = refTable.Value, RefType = refType };
    }

    private static uint ParseLength(OvsdbParser parser, string name, uint defaultValue)
    {
        if (parser.Member(name, MemberTypes.Integer | MemberTypes.Optional) is not JsonInteger n)
        {
            return defaultValue;
        }

        return n.Value is >= 0 and <= uint.MaxValue
            ? (uint)n.Value
            : Fail<uint>(n, $"{name} out of valid range 0 to {uint.MaxValue}");
    }

    private static BaseType Fail(JsonValue json, string details) => Fail<BaseType>(json, details);

    private static T Fail<T>(JsonValue json, string details) =>
        throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, details));
}
