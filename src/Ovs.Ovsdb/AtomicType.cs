// Upstream: lib/ovsdb-types.c, enum ovsdb_atomic_type (OVS 3.1)
using System.Diagnostics.CodeAnalysis;
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>
/// The atomic types of RFC 7047 section 3.2, in upstream's order. <see cref="Void"/> marks an absent value type (a
/// set, as opposed to a map) and is never the type of an actual atom.
/// </summary>
public enum AtomicType
{
    Void,
    Integer,
    Real,
    Boolean,
    String,
    Uuid,
}

/// <summary>Whether a reference keeps its target alive (strong) or is dropped when the target goes (weak).</summary>
public enum RefType
{
    Strong,
    Weak,
}

public static class AtomicTypes
{
    private static readonly string[] s_names = ["void", "integer", "real", "boolean", "string", "uuid"];

    /// <summary>The schema spelling of <paramref name="type"/> ("integer", "uuid", ...).</summary>
    public static string ToName(this AtomicType type) => s_names[(int)type];

    /// <summary>Parses a schema spelling. "void" is not one: it only marks an absent value type.</summary>
    public static bool TryParse(string name, out AtomicType type)
    {
        int i = Array.IndexOf(s_names, name);
        type = i <= 0 ? AtomicType.Void : (AtomicType)i;
        return i > 0;
    }

    internal static AtomicType FromJson(JsonValue json)
    {
        if (!json.TryGetString(out string? name))
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "atomic-type expected"));
        }

        if (!TryParse(name, out AtomicType type))
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, $"\"{name}\" is not an atomic-type"));
        }

        return type;
    }

    /// <summary>True if <paramref name="s"/> is an "id" in the sense of RFC 7047: <c>[_A-Za-z][_0-9A-Za-z]*</c>.</summary>
    public static bool IsId([NotNullWhen(true)] string? s)
    {
        if (string.IsNullOrEmpty(s) || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
