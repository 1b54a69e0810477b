// Upstream: the tunnel vport classes of lib/netdev-vport.c: netdev_vport_construct()/destruct(),
// set_tunnel_config()/get_tunnel_config(), tunnel_get_status(), netdev_vport_update_flags(), netdev_vport_get_stats()
// and netdev_vport_get_dpif_port() (OVS 3.1)
//
// A tunnel port (gre, vxlan, geneve, ...) as a device: its configuration, a random Ethernet address, and the
// counters a tunnel keeps. It has no queues of its own: on the userspace datapath, packets enter and leave tunnels
// through the datapath's tunnel push/pop actions on the port named by DatapathPortName ("gre_sys",
// "vxlan_sys_4789", ...), which the switch opens as a second device of the same type.
//
// Configuration follows upstream: problems that are only warned about are logged (netdev_vport|WARN, one multi-line
// message) and the rest is applied; errors are logged the same way and leave the old configuration in place. A
// device starts with the destination port in its name when it has one (the datapath's "vxlan_sys_9000"), else the
// type's default, and with no remote_ip, which the datapath's devices keep.
// Thread-safety: configuration is control-thread; readers of Config get an immutable record.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tunnel;

/// <summary>A device that is a tunnel port (upstream's netdev_get_tunnel_config() != NULL).</summary>
internal interface ITunnelNetdev : INetdev
{
    TunnelKind Kind { get; }

    TunnelConfig Config { get; }

    /// <summary>The datapath port that carries this tunnel's packets ("gre_sys", "vxlan_sys_4789", ...).</summary>
    string DatapathPortName { get; }
}

internal sealed class TunnelNetdev : NetdevBase, ITunnelNetdev
{
    private static readonly VlogModule s_log = VlogModule.Get("netdev_vport");

    private readonly VxlanPortTracker? _tracker;
    private readonly Lock _sync = new();
    private TunnelConfig _config;
    private EthAddr _mac;
    private long _rxPackets;
    private long _rxBytes;
    private long _txPackets;
    private long _txBytes;
    private bool _disposed;

    public TunnelNetdev(NetdevRegistry registry, string name, TunnelKind kind, EthAddr mac, VxlanPortTracker? tracker)
        : base(registry, name, kind.Type)
    {
        Kind = kind;
        _mac = mac;
        _tracker = tracker;
        _config = TunnelConfig.Initial(kind.InitialDstPort(name));
        _tracker?.Update(null, _config);
    }

    public TunnelKind Kind { get; }

    public TunnelConfig Config => Volatile.Read(ref _config);

    public string DatapathPortName => Kind.DatapathPortName(Config.DstPort);

    public override int RxqCount => 0;

    public override string? SetConfig(IReadOnlyDictionary<string, string> options)
    {
        SetConfig(options, out string? error);
        return error;
    }

    public override int SetConfig(IReadOnlyDictionary<string, string> options, out string? error)
    {
        TunnelParseResult parsed = TunnelConfigParser.Parse(Name, Kind, options);
        string? messages = parsed.Messages;
        int errno = parsed.Errno;
        TunnelConfig? wanted = parsed.Config;
        if (wanted is not null && _tracker is not null && _tracker.Conflicts(Config, wanted))
        {
            string conflict = $"{Name}: VXLAN-GBP, and non-VXLAN-GBP tunnels can't be configured on the same dst_port";
            messages = messages is null ? conflict : $"{messages}\n{conflict}";
            errno = OvsErrno.EEXIST;
            wanted = null;
        }

        if (messages is not null)
        {
            s_log.Warn(messages);
        }

        if (wanted is null)
        {
            error = errno != 0 ? messages : null;
            return errno;
        }

        error = null;
        _tracker?.Update(Config, wanted);
        bool changed;
        lock (_sync)
        {
            changed = !_config.Equals(wanted);
            _config = wanted;
        }

        if (changed)
        {
            Changed();
        }

        return 0;
    }

    public override IReadOnlyDictionary<string, string> GetConfig() => TunnelConfigFormatter.ToOptions(Kind, Config);

    public override int GetEtherAddress(out EthAddr address)
    {
        lock (_sync)
        {
            address = _mac;
        }

        return 0;
    }

    public override int SetEtherAddress(EthAddr address)
    {
        lock (_sync)
        {
            _mac = address;
        }

        Changed();
        return 0;
    }

    public override int GetMtu(out int mtu)
    {
        mtu = 0;
        return OvsErrno.EOPNOTSUPP;
    }

    public override int SetMtu(int mtu) => OvsErrno.EOPNOTSUPP;

    public override int GetIfIndex(out int ifIndex)
    {
        // Only the kernel datapath's tunnel devices have an index.
        ifIndex = 0;
        return OvsErrno.ENODEV;
    }

    public override int GetCarrier(out bool carrier)
    {
        carrier = true;
        return 0;
    }

    // Tunnels are always up and promiscuous: turning either off is not supported.
    public override int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags)
    {
        oldFlags = NetdevFlags.Up | NetdevFlags.Promisc;
        return (off & (NetdevFlags.Up | NetdevFlags.Promisc)) != 0 ? OvsErrno.EOPNOTSUPP : 0;
    }

    public override int GetStats(out NetdevStats stats)
    {
        stats = NetdevStats.AllUnsupported;
        stats.RxPackets = (ulong)Interlocked.Read(ref _rxPackets);
        stats.RxBytes = (ulong)Interlocked.Read(ref _rxBytes);
        stats.TxPackets = (ulong)Interlocked.Read(ref _txPackets);
        stats.TxBytes = (ulong)Interlocked.Read(ref _txBytes);
        return 0;
    }

    /// <summary>Counts packets decapsulated from this tunnel (netdev_vport_inc_rx).</summary>
    public void CountReceived(int packets, long bytes)
    {
        Interlocked.Add(ref _rxPackets, packets);
        Interlocked.Add(ref _rxBytes, bytes);
    }

    /// <summary>Counts packets encapsulated into this tunnel (netdev_vport_inc_tx).</summary>
    public void CountSent(int packets, long bytes)
    {
        Interlocked.Add(ref _txPackets, packets);
        Interlocked.Add(ref _txBytes, bytes);
    }

    // The egress interface comes from the route to remote_ip; without routes there is nothing to report.
    public override int GetStatus(IDictionary<string, string> status) => 0;

    public override int OpenRxq(int queueId, out INetdevRxq? rxq)
    {
        rxq = null;
        return OvsErrno.EOPNOTSUPP;
    }

    // A tunnel device itself sends nothing: the datapath encapsulates and sends on the underlay port.
    public override int Send(int queueId, DpPacketBatch batch)
    {
        batch.ReleaseAll();
        return OvsErrno.EOPNOTSUPP;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _tracker?.Update(Config, null);
        }
    }
}
