// Upstream: lib/ovsdb-data.c, ovsdb_atom_to_string() and string_needs_quotes() (OVS 3.1)
//
// The display form seen in ovsdb-client's table output and ovs-vsctl: numbers as C prints them (reals with 15
// significant digits), booleans as true/false, UUIDs in canonical form, and strings bare when they look like a
// simple word, otherwise as a JSON string literal. A string is bare only if it starts with a letter or '_',
// continues with letters, digits, '_', '-' or '.', and is not "true" or "false" (which would read back as
// booleans).
using System.Globalization;
using System.Text;
using Ovs.Json;

namespace Ovs.Ovsdb;

public readonly partial struct Atom
{
    public string ToDisplayString()
    {
        var sb = new StringBuilder();
        AppendDisplayString(sb);
        return sb.ToString();
    }

    public void AppendDisplayString(StringBuilder sb)
    {
        switch (Type)
        {
            case AtomicType.Integer:
                sb.Append(_hi.ToString(CultureInfo.InvariantCulture));
                break;
            case AtomicType.Real:
                sb.Append(JsonWriter.FormatReal(AsReal));
                break;
            case AtomicType.Boolean:
                sb.Append(_hi != 0 ? "true" : "false");
                break;
            case AtomicType.String:
                if (StringNeedsQuotes(_string!))
                {
                    JsonWriter.WriteString(sb, _string!);
                }
                else
                {
                    sb.Append(_string);
                }

                break;
            case AtomicType.Uuid:
                sb.Append(UuidToString(AsUuid));
                break;
            default:
                throw new InvalidOperationException("void atom has no display form");
        }
    }

    /// <summary>True if the display form of string <paramref name="s"/> must be quoted (see the file comment).</summary>
    public static bool StringNeedsQuotes(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return true;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.'))
            {
                return true;
            }
        }

        return s is "true" or "false";
    }
}
