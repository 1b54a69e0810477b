// Upstream: lib/ovsdb-data.c, ovsdb_atom_from_json() and ovsdb_atom_to_json() (OVS 3.1)
//
// JSON notation of RFC 7047 section 5.1: integers, reals, booleans and strings are themselves; a UUID is
// ["uuid", "<36 chars>"], or ["named-uuid", "<id>"] inside an operation when a symbol table is supplied. An
// integer is accepted where a real is expected. Parsing always checks the base type's constraints afterwards.
using Ovs.Json;

namespace Ovs.Ovsdb;

public readonly partial struct Atom
{
    public JsonValue ToJson() => Type switch
    {
        AtomicType.Integer => new JsonInteger(_hi),
        AtomicType.Real => new JsonReal(AsReal),
        AtomicType.Boolean => JsonValue.Boolean(_hi != 0),
        AtomicType.String => new JsonString(_string!),
        AtomicType.Uuid => new JsonArray("uuid", UuidToString(AsUuid)),
        _ => throw new InvalidOperationException("void atom has no JSON form"),
    };

    /// <summary>
    /// Parses <paramref name="json"/> as an atom of <paramref name="type"/> and checks its constraints.
    /// Returns null on success.
    /// </summary>
    public static OvsdbError? TryFromJson(JsonValue json, BaseType type, IOvsdbSymbolTable? symbols, out Atom atom)
    {
        try
        {
            atom = FromJson(json, type, symbols);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            atom = default;
            return e.Error;
        }
    }

    internal static Atom FromJson(JsonValue json, BaseType type, IOvsdbSymbolTable? symbols)
    {
        Atom atom = FromJsonUnchecked(json, type, symbols);
        if (type.CheckConstraints(atom) is { } error)
        {
            throw new OvsdbErrorException(error);
        }

        return atom;
    }

    private static Atom FromJsonUnchecked(JsonValue json, BaseType type, IOvsdbSymbolTable? symbols)
    {
        switch (type.Type)
        {
            case AtomicType.Integer when json is JsonInteger i:
                return Integer(i.Value);
            case AtomicType.Real when json is JsonInteger i:
                return Real(i.Value);
            case AtomicType.Real when json is JsonReal r:
                return Real(r.Value);
            case AtomicType.Boolean when json.IsBoolean:
                return Boolean(json.Type == JsonType.True);
            case AtomicType.String when json is JsonString s:
                return String(s.Value);
            case AtomicType.Uuid:
                return Uuid(ParseUuidJson(json, type, symbols));
            default:
                throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, $"expected {type.Type.ToName()}"));
        }
    }

    private static Guid ParseUuidJson(JsonValue json, BaseType type, IOvsdbSymbolTable? symbols)
    {
        if (Unwrap(json, "uuid") is { } text)
        {
            return TryParseUuid(text, out Guid uuid)
                ? uuid
                : throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, $"\"{text}\" is not a valid UUID"));
        }

        if (symbols is not null && Unwrap(json, "named-uuid") is { } name)
        {
            return symbols.Resolve(name, type);
        }

        throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "expected [\"uuid\", <string>]"));
    }

    /// <summary>The string of a <c>[tag, "string"]</c> pair, or null if <paramref name="json"/> is not one.</summary>
    private static string? Unwrap(JsonValue json, string tag) =>
        json is JsonArray { Count: 2 } a && a[0] is JsonString t && t.Value == tag && a[1] is JsonString s ? s.Value : null;

    /// <summary>Parses the canonical 8-4-4-4-12 hex form (either case), as upstream's uuid_from_string.</summary>
    public static bool TryParseUuid(ReadOnlySpan<char> s, out Guid uuid)
    {
        uuid = Guid.Empty;
        if (s.Length != 36)
        {
            return false;
        }

        for (int i = 0; i < 36; i++)
        {
            bool dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !char.IsAsciiHexDigit(s[i]))
            {
                return false;
            }
        }

        return Guid.TryParseExact(s, "D", out uuid);
    }

    /// <summary>The canonical lower-case 8-4-4-4-12 form.</summary>
    public static string UuidToString(Guid uuid) => uuid.ToString("D");
}
