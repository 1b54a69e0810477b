// Upstream: struct netdev_class in lib/netdev-provider.h and the netdev_* API of lib/netdev.h (OVS 3.1)
//
// The operations every network device offers the datapath and the bridge. Methods return an errno (0 on
// success) rather than throw, because device errors are ordinary events the bridge reports in the Interface
// table's error column. Configuration and attribute calls come from the control thread; Send may be called from
// any datapath thread for its own transmit queue, concurrently with the control thread.
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev;

/// <summary>An open network device (upstream's struct netdev with its class).</summary>
internal interface INetdev : IDisposable
{
    string Name { get; }

    /// <summary>The provider type it was opened with ("system", "tap", "internal", "dummy", "patch", ...).</summary>
    string Type { get; }

    /// <summary>
    /// Applies the Interface options column. Returns null on success or the error text the bridge puts into the
    /// Interface error column; on error the previous configuration stays in effect.
    /// </summary>
    string? SetConfig(IReadOnlyDictionary<string, string> options);

    /// <summary>
    /// netdev_set_config: the same with the errno (0, EINVAL, EEXIST, ...) and the device's error text, which may be
    /// null when the device gives no details.
    /// </summary>
    int SetConfig(IReadOnlyDictionary<string, string> options, out string? error);

    /// <summary>The options as the device understands them now (upstream's get_config).</summary>
    IReadOnlyDictionary<string, string> GetConfig();

    int GetEtherAddress(out EthAddr address);

    int SetEtherAddress(EthAddr address);

    int GetMtu(out int mtu);

    int SetMtu(int mtu);

    /// <summary>The kernel interface index; EOPNOTSUPP for devices the kernel does not know.</summary>
    int GetIfIndex(out int ifIndex);

    int GetCarrier(out bool carrier);

    /// <summary>Turns off the flags in <paramref name="off"/>, then turns on those in <paramref name="on"/>.</summary>
    int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags);

    int GetStats(out NetdevStats stats);

    /// <summary>
    /// Appends the device's own named counters (upstream's get_custom_stats), in the order it reports them;
    /// EOPNOTSUPP for devices that have none.
    /// </summary>
    int GetCustomStats(List<KeyValuePair<string, ulong>> counters) => Common.OvsErrno.EOPNOTSUPP;

    /// <summary>
    /// Appends the ids of the device's transmit queues (upstream's queue dump); EOPNOTSUPP for devices without
    /// queues. Queue counters are not kept by any device here, so their statistics are reported as unknown.
    /// </summary>
    int DumpQueues(List<uint> queueIds) => Common.OvsErrno.EOPNOTSUPP;

    /// <summary>Adds device-specific key/value pairs for the Interface status column.</summary>
    int GetStatus(IDictionary<string, string> status);

    /// <summary>Increases whenever an attribute visible through this interface changes (upstream's change_seq).</summary>
    ulong ChangeSeq { get; }

    int RxqCount { get; }

    int TxqCount { get; }

    /// <summary>Opens receive queue <paramref name="queueId"/>; each queue may be open once per consumer.</summary>
    int OpenRxq(int queueId, out INetdevRxq? rxq);

    /// <summary>
    /// Transmits the batch on transmit queue <paramref name="queueId"/> and takes ownership of its packets: whatever
    /// happens, the batch is empty on return. Packets that could not be sent are counted as tx_dropped or tx_errors.
    /// Returns 0, or the errno of the first failure.
    /// </summary>
    int Send(int queueId, DpPacketBatch batch);

    /// <summary>Blocks until queue <paramref name="queueId"/> can take more packets or the timeout passes.</summary>
    void SendWait(int queueId, int timeoutMilliseconds);
}
