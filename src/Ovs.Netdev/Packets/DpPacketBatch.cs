// Upstream: struct dp_packet_batch in lib/dp-packet.h (OVS 3.1)
//
// Up to 32 packets that travel through the datapath together: one receive call fills a batch, and each stage
// (classification, actions, send) works on the whole batch. A batch owns the packets it holds; Send consumes them
// and leaves the batch empty. The batch itself is reusable: a datapath thread keeps one per queue and Clears it.
// Not thread-safe; a batch belongs to one thread at a time.
using System.Runtime.CompilerServices;

namespace Ovs.Netdev.Packets;

internal sealed class DpPacketBatch
{
    /// <summary>NETDEV_MAX_BURST: the most packets one batch holds.</summary>
    public const int MaxBurst = 32;

    private readonly DpPacket?[] _packets = new DpPacket?[MaxBurst];

    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    public bool IsFull => Count == MaxBurst;

    /// <summary>Set when some packet of the batch was truncated by an action (upstream's trunc flag).</summary>
    public bool Truncated { get; set; }

    public DpPacket this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                ThrowIndex();
            }

            return _packets[index]!;
        }
    }

    /// <summary>Adds a packet; when the batch is full the packet is released instead and false is returned.</summary>
    public bool Add(DpPacket packet)
    {
        if (Count == MaxBurst)
        {
            packet.Release();
            return false;
        }

        _packets[Count++] = packet;
        return true;
    }

    /// <summary>Forgets the packets without releasing them (their ownership moved elsewhere).</summary>
    public void Clear()
    {
        Array.Clear(_packets, 0, Count);
        Count = 0;
        Truncated = false;
    }

    /// <summary>Releases every packet to its pool and empties the batch; each run of packets of one pool goes back to
    /// it in one call.</summary>
    public void ReleaseAll()
    {
        int i = 0;
        while (i < Count)
        {
            DpPacketPool? pool = _packets[i]!.Pool;
            int end = i + 1;
            while (end < Count && ReferenceEquals(_packets[end]!.Pool, pool))
            {
                end++;
            }

            pool?.ReturnRange(_packets.AsSpan(i, end - i));
            i = end;
        }

        Clear();
    }

    /// <summary>Keeps only the first <paramref name="count"/> packets, releasing the rest.</summary>
    public void Shrink(int count)
    {
        for (int i = count; i < Count; i++)
        {
            _packets[i]!.Release();
            _packets[i] = null;
        }

        Count = Math.Min(Count, count);
    }

    /// <summary>Releases the packets whose flag in <paramref name="drop"/> is set; the others close up in order.</summary>
    public void ReleaseWhere(ReadOnlySpan<bool> drop)
    {
        int kept = 0;
        for (int i = 0; i < Count; i++)
        {
            DpPacket packet = _packets[i]!;
            if (i < drop.Length && drop[i])
            {
                packet.Release();
            }
            else
            {
                _packets[kept++] = packet;
            }
        }

        Array.Clear(_packets, kept, Count - kept);
        Count = kept;
    }

    /// <summary>Total frame bytes in the batch.</summary>
    public long TotalSize
    {
        get
        {
            long total = 0;
            for (int i = 0; i < Count; i++)
            {
                total += _packets[i]!.Size;
            }

            return total;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");
}
