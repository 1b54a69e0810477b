// Upstream: lib/tnl-neigh-cache.c (OVS 3.1): tnl_neigh_set(), tnl_neigh_lookup(), tnl_neigh_flush(),
// tnl_neigh_cache_run(), the tnl/neigh/* (and tnl/arp/*) commands' logic and tnl_arp_snoop()/tnl_nd_snoop()
//
// The neighbour (ARP and IPv6 ND) cache native tunnels use to find the Ethernet address of a tunnel's next hop:
// entries by bridge and IP address (IPv4 mapped to IPv6), learned from ARP replies, gratuitous ARPs and neighbour
// advertisements that reach a bridge's IP port, or set by hand. An entry lives for the aging time (15 minutes
// unless tnl/neigh/aging says otherwise) after it was last set or looked up; an expired entry is no longer found,
// shows as STALE until the next run removes it.
// Threading: any thread; a lock guards the table.
using System.Text;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Routing;

internal sealed class NeighborCache
{
    /// <summary>NEIGH_ENTRY_DEFAULT_IDLE_TIME_MS.</summary>
    public const long DefaultAgingMs = 15 * 60 * 1000;

    /// <summary>NEIGH_ENTRY_MAX_AGING_TIME_S.</summary>
    public const uint MaxAgingSeconds = 3600;

    private readonly Func<long> _nowMs;
    private readonly Lock _sync = new();
    private readonly List<Entry> _entries = [];
    private long _agingMs = DefaultAgingMs;
    private long _changeSeq;

    /// <summary>A cache whose entries age by the clock <paramref name="nowMs"/> (milliseconds).</summary>
    public NeighborCache(Func<long> nowMs) => _nowMs = nowMs;

    /// <summary>Bumped whenever an entry is added, changed or removed (upstream's tnl_conf_seq).</summary>
    public long ChangeSeq => Interlocked.Read(ref _changeSeq);

    /// <summary>How long an entry lives after it was last used, in milliseconds.</summary>
    public long AgingMs
    {
        get
        {
            lock (_sync)
            {
                return _agingMs;
            }
        }
    }

    /// <summary>tnl_neigh_set(): learns or refreshes <paramref name="ip"/> at <paramref name="mac"/> on bridge <paramref name="bridge"/>.</summary>
    public void Set(string bridge, Ipv6Address ip, EthAddr mac)
    {
        lock (_sync)
        {
            long expires = _nowMs() + _agingMs;
            int i = FindLive(bridge, ip);
            if (i >= 0)
            {
                if (_entries[i].Mac.Equals(mac))
                {
                    _entries[i] = _entries[i] with { Expires = expires };
                    return;
                }

                _entries.RemoveAt(i);
            }

            long now = expires - _agingMs;
            _entries.RemoveAll(e => e.Ip == ip && e.Bridge == bridge && e.Expires <= now);
            _entries.Add(new Entry(ip, mac, bridge, expires));
        }

        Interlocked.Increment(ref _changeSeq);
    }

    /// <summary>tnl_neigh_lookup(): the Ethernet address of <paramref name="ip"/> on <paramref name="bridge"/>, refreshing it.</summary>
    public EthAddr? Lookup(string bridge, Ipv6Address ip)
    {
        lock (_sync)
        {
            int i = FindLive(bridge, ip);
            if (i < 0)
            {
                return null;
            }

            _entries[i] = _entries[i] with { Expires = _nowMs() + _agingMs };
            return _entries[i].Mac;
        }
    }

    /// <summary>tnl_neigh_flush(): forgets the entries of <paramref name="bridge"/>.</summary>
    public void Flush(string bridge) => RemoveWhere(e => e.Bridge == bridge);

    /// <summary>tnl/neigh/flush: forgets every entry.</summary>
    public void FlushAll() => RemoveWhere(static _ => true);

    /// <summary>tnl_neigh_cache_run(): removes expired entries.</summary>
    public void Run()
    {
        long now = _nowMs();
        RemoveWhere(e => e.Expires <= now);
    }

    /// <summary>tnl/neigh/aging SECS: false for a value out of 1..3600; entries expiring later are shortened.</summary>
    public bool SetAging(uint seconds)
    {
        if (seconds == 0 || seconds > MaxAgingSeconds)
        {
            return false;
        }

        lock (_sync)
        {
            _agingMs = seconds * 1000L;
            long expires = _nowMs() + _agingMs;
            for (int i = 0; i < _entries.Count; i++)
            {
                if (expires < _entries[i].Expires)
                {
                    _entries[i] = _entries[i] with { Expires = expires };
                }
            }
        }

        return true;
    }

    /// <summary>tnl/neigh/show: a header, then one line per entry (address padded to 46 columns).</summary>
    public string Show()
    {
        var sb = new StringBuilder();
        sb.Append("IP                                            MAC                 Bridge\n");
        sb.Append("==========================================================================\n");
        lock (_sync)
        {
            long now = _nowMs();
            foreach (Entry e in _entries)
            {
                int start = sb.Length;
                RouteAddress.Append(sb, e.Ip);
                sb.Append(' ', Math.Max(0, 46 - (sb.Length - start)));
                sb.Append(e.Mac.ToString()).Append("   ").Append(e.Bridge);
                if (e.Expires <= now)
                {
                    sb.Append(" STALE");
                }

                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private int FindLive(string bridge, Ipv6Address ip)
    {
        long now = _nowMs();
        for (int i = 0; i < _entries.Count; i++)
        {
            Entry e = _entries[i];
            if (e.Ip == ip && e.Bridge == bridge)
            {
                return e.Expires <= now ? -1 : i;
            }
        }

        return -1;
    }

    private void RemoveWhere(Predicate<Entry> match)
    {
        int removed;
        lock (_sync)
        {
            removed = _entries.RemoveAll(match);
        }

        if (removed > 0)
        {
            Interlocked.Increment(ref _changeSeq);
        }
    }

    private sealed record Entry(Ipv6Address Ip, EthAddr Mac, string Bridge, long Expires);
}
