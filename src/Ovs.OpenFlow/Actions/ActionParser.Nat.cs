// Upstream: parse_NAT() and str_to_nat_range() of lib/ofp-actions.c (OVS 3.1), as behaviour: the "nat" action's
// text, split from ActionParser.Args.cs.
//
// nat[(src|dst[=RANGE][,persistent][,hash|random])]. RANGE is ADDRESS[-ADDRESS][:PORT[-PORT]], IPv6 addresses
// optionally in brackets. The range is scanned from its start; text left after it is reported with its position.
using System.Globalization;
using Ovs.Flow.Packets;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionParser
{
    private const string Ipv6Chars = "0123456789abcdefABCDEF:.";

    private static string? ParseNat(string arg, List<OfpAct> output)
    {
        var range = default(NatRange);
        ushort flags = 0;
        int position = 0;
        while (KeyValueParser.TryNext(arg, ref position, out string key, out string value))
        {
            string? e = null;
            switch (key)
            {
                case "src" or "dst":
                    flags |= key == "src" ? NatAct.FlagSrc : NatAct.FlagDst;
                    e = ParseNatRange(value, ref range);
                    break;
                case "persistent":
                    flags |= NatAct.FlagPersistent;
                    break;
                case "hash":
                    flags |= NatAct.FlagHash;
                    break;
                case "random":
                    flags |= NatAct.FlagRandom;
                    break;
                default:
                    e = $"invalid key \"{key}\" in \"nat\" argument";
                    break;
            }

            if (e is not null)
            {
                return e;
            }
        }

        if ((flags & NatAct.FlagSrc) != 0 && (flags & NatAct.FlagDst) != 0)
        {
            return "May only specify one of \"src\" or \"dst\".";
        }

        if ((flags & (NatAct.FlagSrc | NatAct.FlagDst)) == 0)
        {
            if (flags != 0)
            {
                return "Flags allowed only with \"src\" or \"dst\".";
            }

            if (range.Family != 0)
            {
                return "Range allowed only with \"src\" or \"dst\".";
            }
        }

        if ((flags & NatAct.FlagHash) != 0 && (flags & NatAct.FlagRandom) != 0)
        {
            return "Both \"hash\" and \"random\" are not allowed.";
        }

        output.Add(new NatAct
        {
            Flags = flags,
            Family = range.Family,
            Ipv4Min = range.Ipv4Min,
            Ipv4Max = range.Ipv4Max,
            Ipv6Min = range.Ipv6Min,
            Ipv6Max = range.Ipv6Max,
            ProtoMin = range.ProtoMin,
            ProtoMax = range.ProtoMax,
        });
        return null;
    }

    // An empty range is no range. The address family is known from the first address that scans.
    private static string? ParseNatRange(string s, ref NatRange nat)
    {
        int n = 0;
        string invalid = $"invalid nat range \"{s}\"";
        if (Ipv4Text.TryParsePrefix(s, out uint v4min, out int used))
        {
            n = used;
            nat.Family = 4;
            nat.Ipv4Min = v4min;
            if (n < s.Length && s[n] == '-')
            {
                n++;
                if (!Ipv4Text.TryParsePrefix(s.AsSpan(n), out uint v4max, out used) || v4max < v4min)
                {
                    return invalid;
                }

                n += used;
                nat.Ipv4Max = v4max;
            }
        }
        else if (ScanIpv6(s, ref n, out Ipv6Address v6min))
        {
            nat.Family = 6;
            nat.Ipv6Min = v6min;
            if (n < s.Length && s[n] == '-')
            {
                n++;
                if (!ScanIpv6(s, ref n, out Ipv6Address v6max) || Compare(v6max, v6min) < 0)
                {
                    return invalid;
                }

                nat.Ipv6Max = v6max;
            }
        }

        if (nat.Family != 0 && n < s.Length && s[n] == ':')
        {
            n++;
            if (!ScanU16(s, ref n, out ushort pmin))
            {
                return invalid;
            }

            nat.ProtoMin = pmin;
            if (n < s.Length && s[n] == '-')
            {
                n++;
                if (!ScanU16(s, ref n, out ushort pmax) || pmax < pmin)
                {
                    return invalid;
                }

                nat.ProtoMax = pmax;
            }
        }

        return n == s.Length ? null : $"garbage ({s[n..]}) after nat range \"{s}\" (pos: {n})";
    }

    // An IPv6 address as a run of its characters (at most 46), bare or in brackets.
    private static bool ScanIpv6(string s, ref int n, out Ipv6Address address)
    {
        address = default;
        bool bracket = n < s.Length && s[n] == '[';
        int start = bracket ? n + 1 : n;
        int end = start;
        while (end < s.Length && end - start < 46 && Ipv6Chars.Contains(s[end], StringComparison.Ordinal))
        {
            end++;
        }

        if (end == start || (bracket && (end >= s.Length || s[end] != ']')) || !Ipv6Address.TryParse(s.AsSpan(start, end - start), out address))
        {
            return false;
        }

        n = bracket ? end + 1 : end;
        return true;
    }

    private static bool ScanU16(string s, ref int n, out ushort value)
    {
        int end = n;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        if (!ushort.TryParse(s.AsSpan(n, end - n), NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        n = end;
        return true;
    }

    private static int Compare(Ipv6Address a, Ipv6Address b) => a.High != b.High ? a.High.CompareTo(b.High) : a.Low.CompareTo(b.Low);

    private struct NatRange
    {
        public byte Family;
        public uint Ipv4Min;
        public uint Ipv4Max;
        public Ipv6Address Ipv6Min;
        public Ipv6Address Ipv6Max;
        public ushort ProtoMin;
        public ushort ProtoMax;
    }
}
