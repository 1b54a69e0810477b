// Upstream: lib/ovs-router.c (OVS 3.1): ovs_router_lookup(), ovs_router_insert__(), rt_entry_delete(),
// ovs_router_get_netdev_source_address() and the ovs/route/* commands' logic
//
// The userspace routing table that native tunnels use to find the bridge, gateway and source address for an outer
// destination. Every route has a prefix, a packet mark (matched exactly) and a priority: the prefix length plus 32
// for routes added with ovs/route/add ("User"), the prefix length (plus 64 when local) for routes learned from the
// system ("Cached"). A lookup takes the matching route of highest priority, so the longest prefix wins. A route's
// source address is the address of its device that shares the longest prefix with the destination (or, failing
// that, with the gateway); a route whose device has none is refused. The system's routing table is not read: the
// table holds what was added here (as with upstream's --disable-system-route).
// Threading: any thread; the table is an immutable list replaced under a lock.
using System.Text;
using Ovs.Common;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Routing;

/// <summary>One route.</summary>
internal sealed record RouteEntry(
    Ipv6Address Network, int Plen, uint Mark, int Priority, bool Local, string Device, Ipv6Address Gateway, Ipv6Address Source)
{
    /// <summary>Routes shown as "Cached" (learned from the system), as opposed to "User" ones.</summary>
    public bool IsCached => Priority == Plen || Local;
}

/// <summary>The result of a route look-up.</summary>
internal readonly record struct RouteLookup(string Device, Ipv6Address Gateway, Ipv6Address Source);

internal sealed class OvsRouter
{
    private readonly Func<string, INetdev?> _findDevice;
    private readonly Lock _sync = new();
    private RouteEntry[] _routes = [];

    /// <summary>A table whose routes find their devices' addresses through <paramref name="findDevice"/>.</summary>
    public OvsRouter(Func<string, INetdev?> findDevice) => _findDevice = findDevice;

    /// <summary>Bumped on every change (upstream's tnl_conf_seq), so that users of routes can notice.</summary>
    public long ChangeSeq => Interlocked.Read(ref _changeSeq);

    private long _changeSeq;

    /// <summary>The routes, highest priority first.</summary>
    public IReadOnlyList<RouteEntry> Routes => Volatile.Read(ref _routes);

    /// <summary>
    /// ovs_router_insert__(): adds or replaces the route for <paramref name="destination"/>/<paramref name="plen"/>
    /// and <paramref name="mark"/>. Returns 0, or an errno when the device has no usable source address.
    /// </summary>
    public int Insert(uint mark, int priority, bool local, Ipv6Address destination, int plen, string device, Ipv6Address gateway)
    {
        Ipv6Address mask = Ipv6Address.PrefixMask(plen);
        int error = SourceAddress(destination, device, out Ipv6Address source);
        if (error != 0 && !gateway.IsZero)
        {
            error = SourceAddress(gateway, device, out source);
        }

        if (error != 0)
        {
            return error;
        }

        var entry = new RouteEntry(destination & mask, plen, mark, priority, local, device, gateway, source);
        lock (_sync)
        {
            var routes = new List<RouteEntry>(_routes.Length + 1);
            foreach (RouteEntry r in _routes)
            {
                if (!SameRule(r, entry.Network, plen, mark, priority))
                {
                    routes.Add(r);
                }
            }

            routes.Add(entry);
            routes.Sort(static (a, b) => b.Priority.CompareTo(a.Priority));
            Volatile.Write(ref _routes, [.. routes]);
        }

        Interlocked.Increment(ref _changeSeq);
        return 0;
    }

    /// <summary>rt_entry_delete(): removes the route with exactly this prefix, mark and priority; false if none.</summary>
    public bool Delete(uint mark, int priority, Ipv6Address destination, int plen)
    {
        Ipv6Address network = destination & Ipv6Address.PrefixMask(plen);
        lock (_sync)
        {
            RouteEntry[] routes = Array.FindAll(_routes, r => !SameRule(r, network, plen, mark, priority));
            if (routes.Length == _routes.Length)
            {
                return false;
            }

            Volatile.Write(ref _routes, routes);
        }

        Interlocked.Increment(ref _changeSeq);
        return true;
    }

    /// <summary>
    /// ovs_router_lookup(): the route to <paramref name="destination"/> for packets with <paramref name="mark"/>.
    /// A <paramref name="source"/> given (not zero) must itself be a local address of the table; a zero one is
    /// answered with the route's.
    /// </summary>
    public RouteLookup? Lookup(uint mark, Ipv6Address destination, Ipv6Address source = default)
    {
        RouteEntry[] routes = Volatile.Read(ref _routes);
        if (!source.IsZero && Find(routes, mark, source) is not { Local: true })
        {
            return null;
        }

        return Find(routes, mark, destination) is RouteEntry route
            ? new RouteLookup(route.Device, route.Gateway, source.IsZero ? route.Source : source)
            : null;
    }

    /// <summary>ovs/route/show: "Route Table:" and a line per route.</summary>
    public string Show()
    {
        var sb = new StringBuilder("Route Table:\n");
        foreach (RouteEntry r in Routes)
        {
            sb.Append(r.IsCached ? "Cached: " : "User: ");
            RouteAddress.Append(sb, r.Network);
            sb.Append('/').Append(RouteAddress.IsMapped(r.Network) ? r.Plen - 96 : r.Plen);
            if (r.Mark != 0)
            {
                sb.Append(" MARK ").Append(r.Mark);
            }

            sb.Append(" dev ").Append(r.Device);
            if (!r.Gateway.IsZero)
            {
                sb.Append(" GW ");
                RouteAddress.Append(sb, r.Gateway);
            }

            sb.Append(" SRC ");
            RouteAddress.Append(sb, r.Source);
            if (r.Local)
            {
                sb.Append(" local");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static RouteEntry? Find(RouteEntry[] routes, uint mark, Ipv6Address address)
    {
        foreach (RouteEntry r in routes)
        {
            if (r.Mark == mark && (address & Ipv6Address.PrefixMask(r.Plen)) == r.Network)
            {
                return r;
            }
        }

        return null;
    }

    private static bool SameRule(RouteEntry r, Ipv6Address network, int plen, uint mark, int priority) =>
        r.Network == network && r.Plen == plen && r.Mark == mark && r.Priority == priority;

    /// <summary>
    /// ovs_router_get_netdev_source_address(): the address of <paramref name="device"/> (of the destination's
    /// family) whose subnet holds <paramref name="destination"/>, the longest such prefix winning.
    /// </summary>
    private int SourceAddress(Ipv6Address destination, string device, out Ipv6Address source)
    {
        source = default;
        if (_findDevice(device) is not INetdev netdev)
        {
            return OvsErrno.ENODEV;
        }

        if (netdev is not INetdevAddresses withAddresses)
        {
            return OvsErrno.EOPNOTSUPP;
        }

        bool ipv4 = RouteAddress.IsMapped(destination);
        int best = -1;
        foreach ((Ipv6Address address, Ipv6Address mask) in withAddresses.GetAddresses())
        {
            if (ipv4 && !RouteAddress.IsMapped(address))
            {
                continue;
            }

            int bits = System.Numerics.BitOperations.PopCount(mask.High) + System.Numerics.BitOperations.PopCount(mask.Low);
            if ((destination & mask) == (address & mask) && bits > best)
            {
                source = address;
                best = bits;
            }
        }

        return best < 0 ? OvsErrno.ENOENT : 0;
    }
}
