// Upstream: lib/ovsdb-data.c, ovsdb_datum_from_json() and ovsdb_datum_to_json() (OVS 3.1)
//
// JSON notation (RFC 7047 section 5.1): a map is always ["map", [[k, v], ...]]; a set with exactly one element
// is written as the bare atom, any other set as ["set", [...]]. On input a set may also be a bare atom, and
// ["set", ...] is recognised by its tag, so a one-element set can be written either way. The element count is
// checked against the type before the elements are parsed, and duplicates are reported after sorting.
using Ovs.Json;

namespace Ovs.Ovsdb;

public sealed partial class Datum
{
    public JsonValue ToJson(OvsdbType type)
    {
        if (type.IsMap)
        {
            var pairs = new JsonArray();
            for (int i = 0; i < _keys.Length; i++)
            {
                pairs.Add(new JsonArray(_keys[i].ToJson(), _values![i].ToJson()));
            }

            return new JsonArray("map", pairs);
        }

        if (_keys.Length == 1)
        {
            return _keys[0].ToJson();
        }

        var elements = new JsonArray();
        foreach (Atom key in _keys)
        {
            elements.Add(key.ToJson());
        }

        return new JsonArray("set", elements);
    }

    /// <summary>
    /// Parses <paramref name="json"/> as a value of <paramref name="type"/>, checking the element count, every
    /// atom's constraints and duplicates. Named UUIDs are resolved through <paramref name="symbols"/> when given.
    /// </summary>
    public static OvsdbError? TryFromJson(JsonValue json, OvsdbType type, IOvsdbSymbolTable? symbols, out Datum datum)
    {
        try
        {
            datum = FromJson(json, type, symbols);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            datum = Empty(type);
            return e.Error;
        }
    }

    internal static Datum FromJson(JsonValue json, OvsdbType type, IOvsdbSymbolTable? symbols)
    {
        bool isMap = type.IsMap;
        if (!isMap && !(json is JsonArray { Count: > 0 } tagged && tagged[0] is JsonString { Value: "set" }))
        {
            return Scalar(Atom.FromJson(json, type.Key, symbols));
        }

        string kind = isMap ? "map" : "set";
        if (json is not JsonArray { Count: 2 } wrapper || wrapper[0] is not JsonString tag || tag.Value != kind
            || wrapper[1] is not JsonArray inner)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, $"expected [\"{kind}\", <array>]"));
        }

        int n = inner.Count;
        if ((uint)n < type.Min || (uint)n > type.Max)
        {
            string details = type.Min == 1 && type.Max == 1
                ? $"{kind} must have exactly one member but {n} are present"
                : $"{kind} must have {type.Min} to {type.Max} members but {n} are present";
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, details));
        }

        var keys = new Atom[n];
        Atom[]? values = isMap ? new Atom[n] : null;
        for (int i = 0; i < n; i++)
        {
            JsonValue element = inner[i];
            if (!isMap)
            {
                keys[i] = Atom.FromJson(element, type.Key, symbols);
                continue;
            }

            if (element is not JsonArray { Count: 2 } pair)
            {
                throw new OvsdbErrorException(OvsdbError.SyntaxError(element, null, "expected 2-element array"));
            }

            keys[i] = Atom.FromJson(pair[0], type.Key, symbols);
            values![i] = Atom.FromJson(pair[1], type.Value, symbols);
        }

        return SortChecked(keys, values) ?? throw new OvsdbErrorException(
            OvsdbError.Create(null, isMap ? "map contains duplicate key" : "set contains duplicate"));
    }

    /// <summary>
    /// Sorts parallel arrays by key and wraps them, or returns null if a key repeats. Takes ownership of the arrays.
    /// </summary>
    internal static Datum? SortChecked(Atom[] keys, Atom[]? values)
    {
        if (values is null)
        {
            Array.Sort(keys);
        }
        else
        {
            Array.Sort(keys, values);
        }

        for (int i = 1; i < keys.Length; i++)
        {
            if (keys[i] == keys[i - 1])
            {
                return null;
            }
        }

        return new Datum(keys, values);
    }

    /// <summary>
    /// Builds a datum from parallel arrays in any order, reporting a repeated key as upstream does
    /// ("set contains duplicate" / "map contains duplicate key"). Takes ownership of the arrays.
    /// </summary>
    public static OvsdbError? TryCreate(Atom[] keys, Atom[]? values, out Datum datum)
    {
        if (values is not null && values.Length != keys.Length)
        {
            throw new ArgumentException("keys and values differ in length", nameof(values));
        }

        Datum? result = SortChecked(keys, values);
        datum = result ?? (values is null ? EmptySet : EmptyMap);
        return result is null
            ? OvsdbError.Create(null, values is null ? "set contains duplicate" : "map contains duplicate key")
            : null;
    }
}
