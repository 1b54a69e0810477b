// Upstream: struct netdev_rxq and the rxq_* members of struct netdev_class in lib/netdev-provider.h (OVS 3.1)
using Ovs.Netdev.Packets;

namespace Ovs.Netdev;

/// <summary>
/// One receive queue of a network device. A queue is polled by exactly one datapath thread; Receive and Wait are
/// called only from that thread, while Dispose may come from the control thread after the poller stopped.
/// </summary>
internal interface INetdevRxq : IDisposable
{
    INetdev Netdev { get; }

    int QueueId { get; }

    /// <summary>
    /// Appends up to a batch of received packets to <paramref name="batch"/> (which must be empty). Returns 0 when at
    /// least one packet was added, EAGAIN when nothing is waiting, or another errno on failure. Runt and oversized
    /// frames are dropped and counted in the device's statistics, never returned.
    /// </summary>
    int Receive(DpPacketBatch batch);

    /// <summary>
    /// Blocks until a packet may be ready or <paramref name="timeoutMilliseconds"/> passes (-1 waits forever), for
    /// datapath threads that block instead of busy polling. A spurious wake-up is allowed; Receive tells the truth.
    /// </summary>
    void Wait(int timeoutMilliseconds);

    /// <summary>Drops everything queued so far; returns the errno of the attempt (0 on success).</summary>
    int Drain();
}

/// <summary>What several receive queues do the same way.</summary>
internal static class NetdevRxqs
{
    /// <summary>Drain() for a queue that can only read: receives and releases until nothing is left.</summary>
    public static int DrainByReceiving(INetdevRxq rxq)
    {
        var batch = new DpPacketBatch();
        while (rxq.Receive(batch) == 0)
        {
            batch.ReleaseAll();
        }

        return 0;
    }
}
