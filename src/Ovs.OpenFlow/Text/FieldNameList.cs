// Upstream: lib/ofp-table.c, print_names() and print_mf_bitmap() (OVS 3.1)
//
// Prints a set of meta-flow fields compactly, in field order: names sharing a prefix that ends in "_" are grouped
// ("eth_src eth_dst eth_type" as "eth_{src,dst,type}", recursively), and runs of names that differ only by a
// number one larger each time become a range ("reg0 reg1 reg2 reg3" as "reg0...reg3"; never for just two).
using System.Text;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Messages;

namespace Ovs.OpenFlow.Text;

internal static class FieldNameList
{
    /// <summary>" name name..." for the fields in <paramref name="fields"/>, or nothing when it is empty.</summary>
    public static void Append(StringBuilder sb, Bitmap256 fields)
    {
        var names = new List<string>();
        for (int id = fields.NextSet(0); id >= 0 && id < FieldTable.All.Length; id = fields.NextSet(id + 1))
        {
            names.Add(FieldTable.Get((FieldId)id).Name);
        }

        if (names.Count > 0)
        {
            sb.Append(' ');
            AppendNames(sb, names.ToArray(), 0);
        }
    }

    private static void AppendNames(StringBuilder sb, ReadOnlySpan<string> ids, int prefixLength)
    {
        int group = 0;
        while (!ids.IsEmpty)
        {
            if (group++ > 0)
            {
                sb.Append(prefixLength > 0 ? ',' : ' ');
            }

            int prefixRun = CommonPrefixRun(ids, prefixLength, out int extraPrefix);
            int suffixRun = SequentialSuffixRun(ids);
            int run = Math.Max(prefixRun, suffixRun);
            if (suffixRun >= prefixRun)
            {
                sb.Append(Tail(ids[0], prefixLength));
                if (run > 1)
                {
                    sb.Append("...").Append(Tail(ids[run - 1], prefixLength));
                }
            }
            else
            {
                sb.Append(ids[0], prefixLength, extraPrefix).Append('{');
                AppendNames(sb, ids[..run], prefixLength + extraPrefix);
                sb.Append('}');
            }

            ids = ids[run..];
        }
    }

    private static ReadOnlySpan<char> Tail(string s, int start) => start < s.Length ? s.AsSpan(start) : [];

    // How many names at the start are numbered one after another; a run of two counts as one ("x0 x1" reads better).
    private static int SequentialSuffixRun(ReadOnlySpan<string> ids)
    {
        for (int i = 1; ; i++)
        {
            if (i >= ids.Length || !AreSequential(ids[i - 1], ids[i]))
            {
                return i == 2 ? 1 : i;
            }
        }
    }

    private static bool AreSequential(string a, string b)
    {
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (i == a.Length && i == b.Length)
        {
            return false;
        }

        ReadOnlySpan<char> sa = a.AsSpan(i), sb = b.AsSpan(i);
        return IsAllDigits(sa) && IsAllDigits(sb) && sa.Length < 10 && sb.Length < 10
            && long.Parse(sa, System.Globalization.CultureInfo.InvariantCulture) + 1 == long.Parse(sb, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s) => !s.IsEmpty && !s.ContainsAnyExceptInRange('0', '9');

    // The length of the longest common prefix of a and b (after prefixLength) that ends in "_", or 0.
    private static int CommonPrefix(string a, string b, int prefixLength)
    {
        int result = 0;
        for (int i = 0; ; i++)
        {
            char ca = prefixLength + i < a.Length ? a[prefixLength + i] : '\0';
            char cb = prefixLength + i < b.Length ? b[prefixLength + i] : '\0';
            if (ca != cb || ca == '\0')
            {
                return result;
            }

            if (ca == '_')
            {
                result = i + 1;
            }
        }
    }

    // How many names at the start share an extra "_"-terminated prefix with the first (at least one).
    private static int CommonPrefixRun(ReadOnlySpan<string> ids, int prefixLength, out int extraPrefix)
    {
        extraPrefix = 0;
        if (ids.Length < 2)
        {
            return ids.Length;
        }

        int extra = CommonPrefix(ids[0], ids[1], prefixLength);
        if (extra == 0)
        {
            return 1;
        }

        int i = 2;
        while (i < ids.Length && CommonPrefix(ids[0], ids[i], prefixLength) != 0)
        {
            i++;
        }

        extraPrefix = extra;
        return i;
    }
}
