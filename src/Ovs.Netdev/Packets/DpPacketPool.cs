// Upstream: none as such (DPDK mempools and dp_packet_new() play this role in OVS 3.1)
//
// A fixed set of packets allocated once, so the datapath allocates nothing per packet. Rent hands out a reset
// packet or null when the pool is exhausted (the receive path then stops filling its batch and counts nothing as
// lost: the packets stay in the kernel or ring until the next call). Release on a packet returns it here.
//
// Thread-safety: Rent and Return may be called from any thread; a short lock over an array stack keeps both
// allocation-free (packets cross threads when a patch port or a queue hands them to another datapath thread).
// The batch forms (RentInto, ReturnRange; DpPacketBatch.ReleaseAll uses the latter) take the lock once per batch
// rather than once per packet, which is most of the pool's cost on the fast path.
namespace Ovs.Netdev.Packets;

internal sealed class DpPacketPool
{
    private readonly Lock _lock = new();
    private readonly DpPacket[] _free;
    private int _freeCount;

    public DpPacketPool(int count, int dataRoom, int headroom = DpPacket.DefaultHeadroom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        DataRoom = dataRoom;
        Headroom = headroom;
        _free = new DpPacket[count];
        for (int i = 0; i < count; i++)
        {
            _free[i] = new DpPacket(dataRoom, headroom, this);
        }

        _freeCount = count;
    }

    /// <summary>Frame bytes each packet can hold beyond its headroom.</summary>
    public int DataRoom { get; }

    public int Headroom { get; }

    public int Count => _free.Length;

    public int FreeCount
    {
        get
        {
            lock (_lock)
            {
                return _freeCount;
            }
        }
    }

    public DpPacket? Rent()
    {
        DpPacket packet;
        lock (_lock)
        {
            if (_freeCount == 0)
            {
                return null;
            }

            packet = _free[--_freeCount];
            _free[_freeCount] = null!;
        }

        packet.Reset();
        return packet;
    }

    /// <summary>
    /// Rents up to <paramref name="count"/> packets into <paramref name="batch"/> (no more than it has room for) under
    /// one lock; returns how many were added, fewer when the pool runs out.
    /// </summary>
    public int RentInto(DpPacketBatch batch, int count)
    {
        int first = batch.Count;
        count = Math.Min(count, DpPacketBatch.MaxBurst - first);
        int rented = 0;
        lock (_lock)
        {
            for (; rented < count && _freeCount > 0; rented++)
            {
                DpPacket packet = _free[--_freeCount];
                _free[_freeCount] = null!;
                batch.Add(packet);
            }
        }

        for (int i = first; i < first + rented; i++)
        {
            batch[i].Reset();
        }

        return rented;
    }

    /// <summary>Returns packets that all belong to this pool, under one lock.</summary>
    internal void ReturnRange(ReadOnlySpan<DpPacket?> packets)
    {
        lock (_lock)
        {
            if (packets.Length > _free.Length - _freeCount)
            {
                throw new InvalidOperationException("dp_packet released twice to its pool");
            }

            foreach (DpPacket? packet in packets)
            {
                _free[_freeCount++] = packet!;
            }
        }
    }

    internal void Return(DpPacket packet)
    {
        lock (_lock)
        {
            if (_freeCount == _free.Length)
            {
                throw new InvalidOperationException("dp_packet released twice to its pool");
            }

            _free[_freeCount++] = packet;
        }
    }
}
