// Upstream: tnl_neigh_cache_show(), tnl_neigh_cache_add(), tnl_neigh_cache_flush(), tnl_neigh_cache_aging(),
// lookup_any() and their registration in tnl_neigh_cache_init() of lib/tnl-neigh-cache.c (OVS 3.1)
//
// tnl/neigh/show, set, flush and aging over the daemon's neighbour cache, and their older names tnl/arp/*.
// Threading: main loop.
using System.Globalization;
using Ovs.Flow.Packets;
using Ovs.Netdev.Routing;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Unixctl;

internal static class NeighborCommands
{
    public static void Register(UnixctlCommands commands, NeighborCache cache)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (string prefix in new[] { "tnl/arp/", "tnl/neigh/" })
        {
            commands.Register(prefix + "show", string.Empty, 0, 0, (c, _) => c.Reply(cache.Show()));
            commands.Register(prefix + "set", "BRIDGE IP MAC", 3, 3, (c, a) => Reply(c, Set(cache, a)));
            commands.Register(prefix + "flush", string.Empty, 0, 0, (c, _) =>
            {
                cache.FlushAll();
                c.Reply("OK");
            });
            commands.Register(prefix + "aging", "[SECS]", 0, 1, (c, a) => Reply(c, Aging(cache, a)));
        }
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

    /// <summary>tnl_neigh_cache_add(): BRIDGE IP MAC.</summary>
    internal static (bool Ok, string Text) Set(NeighborCache cache, IReadOnlyList<string> args)
    {
        Ipv6Address ip;
        if (args[1].Contains(':', StringComparison.Ordinal))
        {
            if (!RouteAddress.TryParseIpv6(args[1], out ip))
            {
                return (false, "bad IP address");
            }
        }
        else if (RouteAddress.TryParseIpv4(args[1], out uint ipv4))
        {
            ip = RouteAddress.MapIpv4(ipv4);
        }
        else
        {
            return (false, "bad IP address");
        }

        if (!EthAddr.TryParse(args[2], out EthAddr mac))
        {
            return (false, "bad MAC address");
        }

        cache.Set(args[0], ip, mac);
        return (true, "OK");
    }

    /// <summary>tnl_neigh_cache_aging(): shows the aging time in seconds, or sets it (1 to 3600).</summary>
    internal static (bool Ok, string Text) Aging(NeighborCache cache, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return (true, (cache.AgingMs / 1000).ToString(CultureInfo.InvariantCulture));
        }

        return uint.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds) && cache.SetAging(seconds)
            ? (true, "OK")
            : (false, "bad aging value");
    }
}
