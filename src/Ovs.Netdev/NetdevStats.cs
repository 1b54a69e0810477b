// Upstream: struct netdev_stats in include/openvswitch/netdev.h (OVS 3.1)
//
// Interface counters. A counter a device does not keep holds Unsupported (all ones, as upstream's UINT64_MAX), so
// the Interface table's statistics column can leave it out instead of showing a false zero.
namespace Ovs.Netdev;

internal struct NetdevStats
{
    public const ulong Unsupported = ulong.MaxValue;

    public ulong RxPackets;
    public ulong TxPackets;
    public ulong RxBytes;
    public ulong TxBytes;
    public ulong RxErrors;
    public ulong TxErrors;
    public ulong RxDropped;
    public ulong TxDropped;
    public ulong Multicast;
    public ulong Collisions;
    public ulong RxLengthErrors;
    public ulong RxOverErrors;
    public ulong RxCrcErrors;
    public ulong RxFrameErrors;
    public ulong RxFifoErrors;
    public ulong RxMissedErrors;
    public ulong TxAbortedErrors;
    public ulong TxCarrierErrors;
    public ulong TxFifoErrors;
    public ulong TxHeartbeatErrors;
    public ulong TxWindowErrors;

    /// <summary>A value with every counter marked unsupported; providers then fill in what they keep.</summary>
    public static NetdevStats AllUnsupported => new()
    {
        RxPackets = Unsupported,
        TxPackets = Unsupported,
        RxBytes = Unsupported,
        TxBytes = Unsupported,
        RxErrors = Unsupported,
        TxErrors = Unsupported,
        RxDropped = Unsupported,
        TxDropped = Unsupported,
        Multicast = Unsupported,
        Collisions = Unsupported,
        RxLengthErrors = Unsupported,
        RxOverErrors = Unsupported,
        RxCrcErrors = Unsupported,
        RxFrameErrors = Unsupported,
        RxFifoErrors = Unsupported,
        RxMissedErrors = Unsupported,
        TxAbortedErrors = Unsupported,
        TxCarrierErrors = Unsupported,
        TxFifoErrors = Unsupported,
        TxHeartbeatErrors = Unsupported,
        TxWindowErrors = Unsupported,
    };
}
