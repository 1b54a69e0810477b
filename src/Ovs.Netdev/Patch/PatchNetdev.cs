// Upstream: set_patch_config()/get_patch_config() and netdev_vport_patch_peer() in lib/netdev-vport.c (OVS 3.1)
//
// One end of a patch pair. options:peer names the other end; Send moves the batch's packets (ownership and all,
// no copy) into the peer's receive queue, where the peer's poller picks them up as received packets. A peer that
// is missing, not a patch device, not pointing back at us, or not being polled drops the packets (tx_dropped),
// and so does a full queue. In upstream the bridge layer short-circuits patch ports and the netdev carries no
// packets; here the datapath may use either way.
//
// Upstream's config errors are kept: a missing or empty peer, any other option, and a peer equal to the device's
// own name are rejected with its texts, leaving the previous peer in place.
// Thread-safety: Send may run on any datapath thread; the peer's queue has its own lock; config is control-thread.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Patch;

internal sealed class PatchNetdev(NetdevRegistry registry, string name, EthAddr mac) : NetdevBase(registry, name, "patch")
{
    /// <summary>The most packets waiting in a patch receive queue before further ones are dropped.</summary>
    public const int MaxQueueLength = 1024;

    private static readonly VlogModule s_log = VlogModule.Get("netdev_vport");

    private readonly object _sync = new();
    private string? _peer;
    private EthAddr _mac = mac;
    private PatchRxq? _rxq;
    private long _rxPackets;
    private long _rxBytes;
    private long _txPackets;
    private long _txBytes;
    private long _txDropped;

    public string? Peer
    {
        get
        {
            lock (_sync)
            {
                return _peer;
            }
        }
    }

    public override string? SetConfig(IReadOnlyDictionary<string, string> options)
    {
        options.TryGetValue("peer", out string? peer);
        string? error = null;
        if (string.IsNullOrEmpty(peer))
        {
            error = $"{Name}: patch type requires valid 'peer' argument";
        }
        else if (options.Count > 1)
        {
            error = $"{Name}: patch type takes only a 'peer' argument";
        }
        else if (peer == Name)
        {
            error = $"{Name}: patch peer must not be self";
        }

        if (error is not null)
        {
            s_log.Log(VlogLevel.Err, error);
            return error;
        }

        bool changed;
        lock (_sync)
        {
            changed = _peer != peer;
            _peer = peer;
        }

        if (changed)
        {
            Changed();
        }

        return null;
    }

    public override IReadOnlyDictionary<string, string> GetConfig()
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        string? peer = Peer;
        if (peer is not null)
        {
            config["peer"] = peer;
        }

        return config;
    }

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
        ifIndex = 0;
        return OvsErrno.EOPNOTSUPP;
    }

    public override int GetCarrier(out bool carrier)
    {
        carrier = true;
        return 0;
    }

    // Virtual ports are always up and promiscuous; asking for anything else than those two flags is an error.
    public override int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags)
    {
        oldFlags = NetdevFlags.Up | NetdevFlags.Promisc;
        return ((off | on) & ~(NetdevFlags.Up | NetdevFlags.Promisc)) != 0 ? OvsErrno.EINVAL : 0;
    }

    public override int GetStats(out NetdevStats stats)
    {
        stats = NetdevStats.AllUnsupported;
        stats.RxPackets = (ulong)Interlocked.Read(ref _rxPackets);
        stats.RxBytes = (ulong)Interlocked.Read(ref _rxBytes);
        stats.TxPackets = (ulong)Interlocked.Read(ref _txPackets);
        stats.TxBytes = (ulong)Interlocked.Read(ref _txBytes);
        stats.TxDropped = (ulong)Interlocked.Read(ref _txDropped);
        return 0;
    }

    public override int GetStatus(IDictionary<string, string> status)
    {
        string? peer = Peer;
        if (peer is not null)
        {
            status["peer"] = peer;
        }

        return 0;
    }

    public override int OpenRxq(int queueId, out INetdevRxq? rxq)
    {
        rxq = null;
        if (queueId != 0)
        {
            return OvsErrno.EINVAL;
        }

        lock (_sync)
        {
            if (_rxq is not null)
            {
                return OvsErrno.EBUSY;
            }

            _rxq = new PatchRxq(this);
            rxq = _rxq;
        }

        return 0;
    }

    internal void CloseRxq(PatchRxq rxq)
    {
        lock (_sync)
        {
            if (ReferenceEquals(_rxq, rxq))
            {
                _rxq = null;
            }
        }
    }

    internal void CountReceived(int size)
    {
        Interlocked.Increment(ref _rxPackets);
        Interlocked.Add(ref _rxBytes, size);
    }

    public override int Send(int queueId, DpPacketBatch batch)
    {
        PatchRxq? target = null;
        string? peerName = Peer;
        if (peerName is not null && Registry.Find(peerName) is PatchNetdev peer && peer.Peer == Name)
        {
            lock (peer._sync)
            {
                target = peer._rxq;
            }
        }

        if (target is null)
        {
            Interlocked.Add(ref _txDropped, batch.Count);
            batch.ReleaseAll();
            return OvsErrno.ENODEV;
        }

        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket packet = batch[i];
            int size = packet.Size;
            if (target.TryEnqueue(packet))
            {
                Interlocked.Increment(ref _txPackets);
                Interlocked.Add(ref _txBytes, size);
            }
            else
            {
                Interlocked.Increment(ref _txDropped);
                packet.Release();
            }
        }

        batch.Clear();
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rxq?.Dispose();
        }
    }
}
