// Upstream: lib/ovsdb-data.c, ovsdb_datum_to_string() and ovsdb_datum_to_bare() (OVS 3.1)
//
// Display form: elements separated by ", ", map pairs as key=value. Brackets ([...] for sets, {...} for maps)
// surround the elements when the type allows more than one element or when the datum is empty, so a scalar or a
// present optional value prints bare while an absent optional value prints as [] (or {}).
using System.Text;

namespace Ovs.Ovsdb;

public sealed partial class Datum
{
    public string ToDisplayString(OvsdbType type)
    {
        var sb = new StringBuilder();
        AppendDisplayString(sb, type);
        return sb.ToString();
    }

    public void AppendDisplayString(StringBuilder sb, OvsdbType type)
    {
        bool isMap = type.IsMap;
        bool brackets = type.Max > 1 || IsEmpty;
        if (brackets)
        {
            sb.Append(isMap ? '{' : '[');
        }

        AppendElements(sb, ", ", isMap);
        if (brackets)
        {
            sb.Append(isMap ? '}' : ']');
        }
    }

    /// <summary>
    /// The "bare" form of ovsdb-client --bare and ovs-vsctl --bare: elements separated by spaces, no brackets, and
    /// strings as they are (never quoted or escaped).
    /// </summary>
    public string ToBareString(OvsdbType type)
    {
        var sb = new StringBuilder();
        AppendElements(sb, " ", type.IsMap, bare: true);
        return sb.ToString();
    }

    private void AppendElements(StringBuilder sb, string separator, bool isMap, bool bare = false)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            AppendAtom(sb, _keys[i], bare);
            if (isMap && _values is not null)
            {
                sb.Append('=');
                AppendAtom(sb, _values[i], bare);
            }
        }
    }

    private static void AppendAtom(StringBuilder sb, Atom atom, bool bare)
    {
        if (bare && atom.Type == AtomicType.String)
        {
            sb.Append(atom.AsString);
        }
        else
        {
            atom.AppendDisplayString(sb);
        }
    }
}
