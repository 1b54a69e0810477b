// Upstream: none (patch ports carry no packets in upstream's netdev layer; see PatchNetdev)
//
// The receive side of a patch device: packets the peer sent, in order, up to PatchNetdev.MaxQueueLength. The queue
// storage is allocated once, so moving packets through it allocates nothing. Enqueue may run on any thread;
// Receive and Wait on the polling thread.
using Ovs.Common;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Patch;

internal sealed class PatchRxq(PatchNetdev netdev) : INetdevRxq
{
    private readonly Queue<DpPacket> _queue = new(PatchNetdev.MaxQueueLength);
    private bool _closed;

    public INetdev Netdev => netdev;

    public int QueueId => 0;

    internal bool TryEnqueue(DpPacket packet)
    {
        lock (_queue)
        {
            if (_closed || _queue.Count >= PatchNetdev.MaxQueueLength)
            {
                return false;
            }

            packet.InPort = 0;
            _queue.Enqueue(packet);
            Monitor.Pulse(_queue);
            return true;
        }
    }

    public int Receive(DpPacketBatch batch)
    {
        lock (_queue)
        {
            while (!batch.IsFull && _queue.TryDequeue(out DpPacket? packet))
            {
                netdev.CountReceived(packet.Size);
                batch.Add(packet);
            }
        }

        return batch.IsEmpty ? OvsErrno.EAGAIN : 0;
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
            while (_queue.TryDequeue(out DpPacket? packet))
            {
                packet.Release();
            }
        }

        return 0;
    }

    public void Dispose()
    {
        lock (_queue)
        {
            _closed = true;
            while (_queue.TryDequeue(out DpPacket? packet))
            {
                packet.Release();
            }

            Monitor.PulseAll(_queue);
        }

        netdev.CloseRxq(this);
    }
}
