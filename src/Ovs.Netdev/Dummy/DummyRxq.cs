// Upstream: struct netdev_rxq_dummy and netdev_dummy_rxq_recv()/rxq_wait() in lib/netdev-dummy.c (OVS 3.1)
//
// A bounded in-memory queue of injected frames. Frames are copied into packets when injected (the control path),
// and handed out one per Receive call, which is how upstream's dummy queue behaves and what the datapath's
// per-batch statistics in tests expect. Thread-safety: Enqueue runs under the device's lock on any thread;
// Receive, Wait and Drain run on the polling thread; the queue's own monitor joins them.
//
// Processing is tracked by sequence numbers so netdev-dummy/receive can return only once its packets went through
// the datapath (upstream handles dummy queues on its main loop, so the next command sees the result; ours are polled
// by a datapath thread). A poller comes back to a queue only after it has processed what the queue last handed it,
// so every Receive or Wait call marks all earlier packets done.
using Ovs.Common;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Dummy;

internal sealed class DummyRxq(DummyNetdev netdev, int queueId) : INetdevRxq
{
    private const long PollerGoneMs = 1000;

    private readonly Queue<DpPacket> _queue = new(DummyNetdev.MaxQueueLength);
    private bool _closed;
    private long _accepted;
    private long _handedOut;
    private long _done;
    private long _threadPolledAtMs; // 0: never polled by a datapath thread

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

    /// <summary>Queues a copy of <paramref name="frame"/>; returns its sequence number, or 0 when dropped.</summary>
    internal long Enqueue(ReadOnlySpan<byte> frame)
    {
        lock (_queue)
        {
            if (_closed || _queue.Count >= DummyNetdev.MaxQueueLength)
            {
                return 0;
            }

            var packet = new DpPacket(frame.Length);
            packet.TrySetFrame(frame);
            _queue.Enqueue(packet);
            Monitor.PulseAll(_queue);
            return ++_accepted;
        }
    }

    /// <summary>
    /// Waits (at most <paramref name="timeoutMilliseconds"/>) until the packet numbered <paramref name="sequence"/>
    /// has been processed by the datapath thread polling this queue. Returns at once when no such thread has polled
    /// the queue lately (the queue is not in a running datapath, or its owner polls it by hand).
    /// </summary>
    internal void WaitProcessed(long sequence, int timeoutMilliseconds)
    {
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        lock (_queue)
        {
            while (_done < sequence && !_closed)
            {
                long now = Environment.TickCount64;
                if (now >= deadline || _threadPolledAtMs == 0 || now - _threadPolledAtMs > PollerGoneMs)
                {
                    return;
                }

                Monitor.Wait(_queue, (int)Math.Min(deadline - now, PollerGoneMs));
            }
        }
    }

    // Called under the lock at every visit of the poller: what it took before has been processed.
    private void MarkVisit()
    {
        if (RxqPollingThread.IsCurrent)
        {
            _threadPolledAtMs = Environment.TickCount64;
        }

        if (_done != _handedOut)
        {
            _done = _handedOut;
            Monitor.PulseAll(_queue);
        }
    }

    public int Receive(DpPacketBatch batch)
    {
        DpPacket? packet;
        lock (_queue)
        {
            MarkVisit();
            if (_queue.TryDequeue(out packet))
            {
                _handedOut++;
            }
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
            MarkVisit();
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
            // Drained packets will never be processed: nobody should wait for them.
            _handedOut += _queue.Count;
            _done = _handedOut;
            _queue.Clear();
            Monitor.PulseAll(_queue);
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
