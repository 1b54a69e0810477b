// Upstream: none as such (DPDK mempools and dp_packet_new() play this role in OVS 3.1)
//
// A fixed set of packets allocated once, so the datapath allocates nothing per packet. Rent hands out a reset
// packet or null when the pool is exhausted (the receive path then stops filling its batch and counts nothing as
// lost: the packets stay in the kernel or ring until the next call). Release on a packet returns it here.
//
// Thread-safety: Rent and Return may be called from any thread; a short lock over an array stack keeps both
// allocation-free (packets cross threads when a patch port or a queue hands them to another datapath thread).
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
