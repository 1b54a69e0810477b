// Upstream: lib/ovsdb-data.c, ovsdb_datum_to_string() and ovsdb_datum_to_bare() as table.c uses them (OVS 3.1)
//
// Builds table cells from OVSDB data received as JSON. The display form puts a map in braces as "k=v" pairs,
// a set (a column whose type allows more than one element, or an empty value) in brackets, and a single value
// bare; the bare form lists elements separated by spaces with strings unquoted. Elements are sorted, as upstream
// sorts a datum when it parses it. JSON that does not match the type is shown as JSON text, so a server that
// sends something odd still produces readable output.
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Cli.Tables;

public static class DatumCell
{
    /// <summary>A cell for <paramref name="json"/>, a datum of <paramref name="type"/> in RFC 7047 notation.</summary>
    public static TableCell Create(JsonValue json, OvsdbType type)
    {
        if (!TryParse(json, type, out List<(Atom Key, Atom? Value)> elements))
        {
            string text = json.ToString();
            return TableCell.FromDatum(json, text, text);
        }

        return TableCell.FromDatum(json, ToDisplayString(elements, type), ToBareString(elements));
    }

    /// <summary>The display form of a parsed datum, as <c>--data=string</c> shows it.</summary>
    internal static string ToDisplayString(List<(Atom Key, Atom? Value)> elements, OvsdbType type)
    {
        var sb = new StringBuilder();
        bool brackets = type.IsMap || type.Max > 1 || elements.Count == 0;
        if (brackets)
        {
            sb.Append(type.IsMap ? '{' : '[');
        }

        for (int i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            elements[i].Key.AppendDisplayString(sb);
            if (elements[i].Value is { } value)
            {
                sb.Append('=');
                value.AppendDisplayString(sb);
            }
        }

        if (brackets)
        {
            sb.Append(type.IsMap ? '}' : ']');
        }

        return sb.ToString();
    }

    internal static string ToBareString(List<(Atom Key, Atom? Value)> elements)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            AppendBare(sb, elements[i].Key);
            if (elements[i].Value is { } value)
            {
                sb.Append('=');
                AppendBare(sb, value);
            }
        }

        return sb.ToString();
    }

    private static void AppendBare(StringBuilder sb, Atom atom)
    {
        if (atom.Type == AtomicType.String)
        {
            sb.Append(atom.AsString);
        }
        else
        {
            atom.AppendDisplayString(sb);
        }
    }

    internal static bool TryParse(JsonValue json, OvsdbType type, out List<(Atom Key, Atom? Value)> elements)
    {
        elements = [];
        if (json is JsonArray { Count: 2 } tagged && tagged[0] is JsonString { Value: "set" or "map" } tag)
        {
            if (tagged[1] is not JsonArray items || (tag.Value == "map") != type.IsMap)
            {
                return false;
            }

            foreach (JsonValue item in items)
            {
                if (!TryParseElement(item, type, elements))
                {
                    return false;
                }
            }
        }
        else if (type.IsMap || !TryParseElement(json, type, elements))
        {
            return false;
        }

        elements.Sort((a, b) => Atom.Compare(a.Key, b.Key));
        return true;
    }

    private static bool TryParseElement(JsonValue json, OvsdbType type, List<(Atom Key, Atom? Value)> elements)
    {
        BaseType keyType = WithoutConstraints(type.Key);
        if (!type.IsMap)
        {
            if (Atom.TryFromJson(json, keyType, null, out Atom atom) is not null)
            {
                return false;
            }

            elements.Add((atom, null));
            return true;
        }

        if (json is not JsonArray { Count: 2 } pair
            || Atom.TryFromJson(pair[0], keyType, null, out Atom key) is not null
            || Atom.TryFromJson(pair[1], WithoutConstraints(type.Value), null, out Atom value) is not null)
        {
            return false;
        }

        elements.Add((key, value));
        return true;
    }

    // Output shows what the server sent, even if it breaks the schema's constraints.
    private static BaseType WithoutConstraints(BaseType type) => type.HasConstraints ? new BaseType(type.Type) : type;
}
