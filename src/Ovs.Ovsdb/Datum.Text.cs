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

    /// <summary>The "bare" form of ovsdb-client --bare and ovs-vsctl --bare: elements separated by spaces, no brackets.</summary>
    /// <remarks>Strings appear as they are, never quoted (an empty string is nothing at all).</remarks>
    public string ToBareString(OvsdbType type)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            AppendBare(sb, _keys[i]);
            if (type.IsMap && _values is not null)
            {
                sb.Append('=');
                AppendBare(sb, _values[i]);
            }
        }

        return sb.ToString();

        static void AppendBare(StringBuilder sb, Atom atom)
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
    }

    private void AppendElements(StringBuilder sb, string separator, bool isMap)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            _keys[i].AppendDisplayString(sb);
            if (isMap && _values is not null)
            {
                sb.Append('=');
                _values[i].AppendDisplayString(sb);
            }
        }
    }
}
