// Upstream: ip_parse_cidr(), ipv6_parse_cidr(), ip_parse(), ipv6_parse() and ipv6_format_mapped() of
// lib/packets.c (OVS 3.1)
//
// The address forms the route and neighbour commands take and print. IPv4 addresses are held mapped to IPv6
// (::ffff:a.b.c.d) and print in dotted quads; prefix lengths of IPv4 routes count the 96 mapping bits.
using System.Globalization;
using System.Text;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Routing;

internal static class RouteAddress
{
    private static readonly Ipv6Address s_mappedPrefix = new(0, 0xffff_0000_0000UL);
    private static readonly Ipv6Address s_mappedMask = Ipv6Address.PrefixMask(96);

    public static Ipv6Address MapIpv4(uint address) => new(0, 0xffff_0000_0000UL | address);

    public static bool IsMapped(Ipv6Address address) => (address & s_mappedMask) == s_mappedPrefix;

    /// <summary>ip_parse(): a dotted quad only.</summary>
    public static bool TryParseIpv4(string text, out uint address) => Ipv4Text.TryParse(text, out address);

    /// <summary>ipv6_parse(): an IPv6 address only (inet_pton).</summary>
    public static bool TryParseIpv6(string text, out Ipv6Address address) => Ipv6Address.TryParse(text, out address);

    /// <summary>ip_parse_cidr(): "A.B.C.D", "A.B.C.D/LEN" or "A.B.C.D/MASK" with a CIDR mask.</summary>
    public static bool TryParseIpv4Cidr(string text, out uint address, out int plen)
    {
        plen = 32;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!Ipv4Text.TryParse(slash < 0 ? text : text[..slash], out address))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        string rest = text[(slash + 1)..];
        if (Ipv4Text.TryParse(rest, out uint mask))
        {
            plen = 32 - System.Numerics.BitOperations.TrailingZeroCount((ulong)mask | (1UL << 32));
            return mask == (plen == 0 ? 0 : uint.MaxValue << (32 - plen));
        }

        return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out plen) && plen <= 32;
    }

    /// <summary>ipv6_parse_cidr(): an IPv6 address with an optional "/LEN" or CIDR "/MASK".</summary>
    public static bool TryParseIpv6Cidr(string text, out Ipv6Address address, out int plen)
    {
        plen = 128;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!Ipv6Address.TryParse(slash < 0 ? text : text[..slash], out address))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        string rest = text[(slash + 1)..];
        if (Ipv6Address.TryParse(rest, out Ipv6Address mask))
        {
            plen = mask.CidrLength();
            return plen >= 0;
        }

        return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out plen) && plen <= 128;
    }

    /// <summary>ipv6_format_mapped(): dotted quad for an IPv4-mapped address, else IPv6 text.</summary>
    public static void Append(StringBuilder sb, Ipv6Address address)
    {
        if (IsMapped(address))
        {
            Ipv4Text.Append(sb, (uint)address.Low);
        }
        else
        {
            address.AppendTo(sb);
        }
    }

    public static string Format(Ipv6Address address)
    {
        var sb = new StringBuilder();
        Append(sb, address);
        return sb.ToString();
    }
}
