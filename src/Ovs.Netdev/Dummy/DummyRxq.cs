// Upstream: struct netdev_rxq_dummy and netdev_dummy_rxq_recv()/rxq_wait() in lib/netdev-dummy.c (OVS 3.1)
//
// A bounded in-memory queue of injected frames. Frames are copied into packets when injected (the control path),
// and handed out one per Receive call, which is how upstream's dummy queue behaves and what the datapath's
// per-batch statistics in tests expect. Thread-safety: Enqueue runs under the device's lock on any thread;
// Receive, Wait and Drain run on the polling thread; the queue's own monitor joins them.
using Ovs.Common;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Dummy;

internal sealed class DummyRxq(DummyNetdev netdev, int queueId) : INetdevRxq
{
    private readonly Queue<DpPacket> _queue = new(DummyNetdev.MaxQueueLength);
    private bool _closed;

    public INetdev Netdev => netdev;

    public int QueueId { get; } = queueId;

    public int QueuedCount
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    internal void Enqueue(ReadOnlySpan<byte> frame)
    {
        lock (_queue)
        {
            if (_closed || _queue.Count >= DummyNetdev.MaxQueueLength)
            {
                return;
            }

            var packet = new DpPacket(frame.Length);
            packet.TrySetFrame(frame);
            _queue.Enqueue(packet);
            Monitor.PulseAll(_queue);
        }
    }

    public int Receive(DpPacketBatch batch)
    {
        DpPacket? packet;
        lock (_queue)
        {
            _queue.TryDequeue(out packet);
        }

        if (packet is null)
        {
            return OvsErrno.EAGAIN;
        }

        netdev.CountReceived(QueueId, packet.Size);
        batch.Add(packet);
        return 0;
    }

    public void Wait(int timeoutMilliseconds)
    {
        lock (_queue)
        {
            if (_queue.Count == 0 && !_closed)
            {
                Monitor.Wait(_queue, timeoutMilliseconds);
            }
        }
    }

    public int Drain()
    {
        lock (_queue)
        {
            _queue.Clear();
        }

        return 0;
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            _queue.Clear();
            Monitor.PulseAll(_queue);
        }

        netdev.CloseRxq(this);
    }
}
