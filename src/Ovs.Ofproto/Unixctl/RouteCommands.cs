// Upstream: ovs_router_add(), ovs_router_del(), ovs_router_show(), ovs_router_lookup_cmd() and their
// registration in ovs_router_init() of lib/ovs-router.c (OVS 3.1)
//
// ovs/route/add, ovs/route/del, ovs/route/show and ovs/route/lookup over the daemon's routing table, with
// upstream's argument forms, replies and errors. Routes added here have priority prefix length + 32 (IPv4 prefix
// lengths counting the 96 mapping bits), which is what makes them "User" routes.
// Threading: main loop.
using System.Text;
using Ovs.Flow.Packets;
using Ovs.Netdev.Routing;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Unixctl;

internal static class RouteCommands
{
    public static void Register(UnixctlCommands commands, OvsRouter router)
    {
        ArgumentNullException.ThrowIfNull(commands);
        commands.Register("ovs/route/add", "ip_addr/prefix_len out_br_name [gw] [pkt_mark=mark]", 2, 4,
            (c, a) => Reply(c, Add(router, a)));
        commands.Register("ovs/route/show", string.Empty, 0, 0, (c, _) => c.Reply(router.Show()));
        commands.Register("ovs/route/del", "ip_addr/prefix_len [pkt_mark=mark]", 1, 2, (c, a) => Reply(c, Delete(router, a)));
        commands.Register("ovs/route/lookup", "ip_addr [pkt_mark=mark]", 1, 2, (c, a) => Reply(c, Lookup(router, a)));
    }

    private static void Reply(UnixctlConnection connection, (bool Ok, string Text) result)
    {
        if (result.Ok)
        {
            connection.Reply(result.Text);
        }
        else
        {
            connection.ReplyError(result.Text);
        }
    }

    /// <summary>ovs_router_add().</summary>
    internal static (bool Ok, string Text) Add(OvsRouter router, IReadOnlyList<string> args)
    {
        Ipv6Address destination, gateway = default;
        uint mark = 0;
        int plen;
        if (RouteAddress.TryParseIpv4Cidr(args[0], out uint ipv4, out plen))
        {
            if (args.Count > 2)
            {
                if (!TryParseMark(args[2], out mark))
                {
                    if (!RouteAddress.TryParseIpv4(args[2], out uint gw))
                    {
                        return (false, "Invalid pkt_mark or gateway");
                    }

                    gateway = gw == 0 ? default : RouteAddress.MapIpv4(gw);
                }
            }

            destination = RouteAddress.MapIpv4(ipv4);
            plen += 96;
        }
        else if (RouteAddress.TryParseIpv6Cidr(args[0], out destination, out plen))
        {
            if (args.Count > 2 && !TryParseMark(args[2], out mark) && !RouteAddress.TryParseIpv6(args[2], out gateway))
            {
                return (false, "Invalid pkt_mark or IPv6 gateway");
            }
        }
        else
        {
            return (false, "Invalid parameters");
        }

        if (args.Count > 3 && !TryParseMark(args[3], out mark))
        {
            return (false, "Invalid pkt_mark");
        }

        return router.Insert(mark, plen + 32, false, destination, plen, args[1], gateway) == 0
            ? (true, "OK")
            : (false, "Error while inserting route.");
    }

    /// <summary>ovs_router_del().</summary>
    internal static (bool Ok, string Text) Delete(OvsRouter router, IReadOnlyList<string> args)
    {
        if (!TryParseRoute(args[0], out Ipv6Address destination, out int plen))
        {
            return (false, "Invalid parameters");
        }

        uint mark = 0;
        if (args.Count > 1 && !TryParseMark(args[1], out mark))
        {
            return (false, "Invalid pkt_mark");
        }

        return router.Delete(mark, plen + 32, destination, plen) ? (true, "OK") : (false, "Not found");
    }

    /// <summary>ovs_router_lookup_cmd(): a host address (/32 or /128) only.</summary>
    internal static (bool Ok, string Text) Lookup(OvsRouter router, IReadOnlyList<string> args)
    {
        if (!TryParseRoute(args[0], out Ipv6Address destination, out int plen) || plen != 128)
        {
            return (false, "Invalid parameters");
        }

        uint mark = 0;
        if (args.Count > 1 && !TryParseMark(args[1], out mark))
        {
            return (false, "Invalid pkt_mark");
        }

        if (router.Lookup(mark, destination) is not RouteLookup route)
        {
            return (false, "Not found");
        }

        var sb = new StringBuilder("src ");
        RouteAddress.Append(sb, route.Source);
        sb.Append("\ngateway ");
        RouteAddress.Append(sb, route.Gateway);
        sb.Append("\ndev ").Append(route.Device).Append('\n');
        return (true, sb.ToString());
    }

    /// <summary>An IPv4 route (mapped, its prefix length counting the mapping) or an IPv6 one.</summary>
    private static bool TryParseRoute(string text, out Ipv6Address destination, out int plen)
    {
        if (RouteAddress.TryParseIpv4Cidr(text, out uint ipv4, out plen))
        {
            destination = RouteAddress.MapIpv4(ipv4);
            plen += 96;
            return true;
        }

        return RouteAddress.TryParseIpv6Cidr(text, out destination, out plen);
    }

    /// <summary>ovs_scan(s, "pkt_mark=%i"): decimal, 0x hexadecimal or 0 octal, with anything after it ignored.</summary>
    private static bool TryParseMark(string text, out uint mark)
    {
        mark = 0;
        if (!text.StartsWith("pkt_mark=", StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> v = text.AsSpan(9);
        bool negative = v.StartsWith("-");
        if (negative || v.StartsWith("+"))
        {
            v = v[1..];
        }

        int numberBase = v.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 16 : v.StartsWith("0") && v.Length > 1 ? 8 : 10;
        if (numberBase == 16)
        {
            v = v[2..];
        }

        int n = 0;
        ulong value = 0;
        while (n < v.Length && HexDigit(v[n]) is int d && d < numberBase)
        {
            value = (value * (uint)numberBase) + (uint)d;
            n++;
        }

        if (n == 0 && numberBase != 8)
        {
            return false;
        }

        mark = negative ? (uint)-(long)value : (uint)value;
        return true;
    }

    private static int? HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => null,
    };
}
