// Upstream: struct dp_packet and struct pkt_metadata in lib/dp-packet.h and lib/packets.h (OVS 3.1)
//
// A packet buffer for the userspace datapath. The frame lives in one pinned byte array with headroom in front, so
// pushing a VLAN, MPLS or tunnel header moves the start of the frame backwards instead of copying it, and the
// array can be handed to system calls by address without a fixed statement. Beside the frame the packet carries
// the metadata the datapath keys on (in_port, recirc_id, dp_hash, skb_priority, pkt_mark), offload state and the
// layer offsets that flow extraction records.
//
// Invariants: 0 <= DataOffset, DataOffset + Size <= Capacity. Layer offsets are relative to the start of the frame
// and equal NoOffset when the layer is absent; Push and Pull shift them so they keep pointing at the same bytes.
// Metadata field names map one to one onto Ovs.Flow's packet metadata (in_port is an ODP port number). PacketType is
// upstream's packet_type in host order: 0 (PT_ETH) for a frame that starts with an Ethernet header, else namespace 1
// in the upper 16 bits and the Ethernet type of the network header the data starts with in the lower 16.
//
// Thread-safety: a packet has one owner at a time. A pool hands it out, the owner fills and passes it on (batches
// move ownership, they never share it), and whoever holds it last calls Release.
using System.Runtime.CompilerServices;

namespace Ovs.Netdev.Packets;

internal sealed class DpPacket
{
    /// <summary>Room kept in front of a received frame, enough for an outer Ethernet+IPv6+UDP+Geneve header.</summary>
    public const int DefaultHeadroom = 128;

    /// <summary>Layer offset value meaning "this layer was not found".</summary>
    public const ushort NoOffset = ushort.MaxValue;

    private readonly byte[] _buffer;
    private int _dataOffset;
    private int _size;
    private DpPacketTunnel _tunnel;

    public DpPacket(int dataRoom, int headroom = DefaultHeadroom)
        : this(dataRoom, headroom, null)
    {
    }

    internal DpPacket(int dataRoom, int headroom, DpPacketPool? pool)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataRoom);
        ArgumentOutOfRangeException.ThrowIfNegative(headroom);
        _buffer = GC.AllocateUninitializedArray<byte>(dataRoom + headroom, pinned: true);
        Headroom0 = headroom;
        Pool = pool;
        Reset();
    }

    /// <summary>The pool this packet returns to on <see cref="Release"/>, or null for a free-standing packet.</summary>
    public DpPacketPool? Pool { get; }

    /// <summary>Headroom a fresh packet starts with.</summary>
    public int Headroom0 { get; }

    public int Capacity => _buffer.Length;

    public int DataOffset => _dataOffset;

    public int Size => _size;

    public int Headroom => _dataOffset;

    public int Tailroom => _buffer.Length - _dataOffset - _size;

    /// <summary>The frame, starting at its Ethernet header.</summary>
    public Span<byte> Data => _buffer.AsSpan(_dataOffset, _size);

    /// <summary>The whole backing array; it is pinned, so its address is stable for system calls.</summary>
    internal byte[] Buffer => _buffer;

    public uint InPort { get; set; }

    public uint RecircId { get; set; }

    public uint DpHash { get; set; }

    public uint SkbPriority { get; set; }

    public uint PktMark { get; set; }

    public uint RssHash { get; set; }

    /// <summary>Upstream's packet_type (host order): 0 for Ethernet, (1 &lt;&lt; 16) | ethertype for an L3 packet.</summary>
    public uint PacketType { get; set; }

    /// <summary>Bytes a trunc action asked to cut from the end when the packet is sent (upstream cutlen; 0: none).</summary>
    public uint CutLen { get; set; }

    /// <summary>The packet's tunnel metadata (upstream md.tunnel), changed in place by set(tunnel(...)).</summary>
    public ref DpPacketTunnel Tunnel => ref _tunnel;

    public uint FlowMark { get; set; }

    public DpPacketOffloads Offloads { get; set; }

    /// <summary>Payload bytes per segment when <see cref="DpPacketOffloads.TxTcpSegmentation"/> is set.</summary>
    public ushort TsoSegmentSize { get; set; }

    /// <summary>Bytes of Ethernet padding at the end of the frame (a runt padded to 60 bytes), not part of L3.</summary>
    public ushort L2PadSize { get; set; }

    public ushort L2Offset { get; set; }

    public ushort L2_5Offset { get; set; }

    public ushort L3Offset { get; set; }

    public ushort L4Offset { get; set; }

    /// <summary>Empties the frame and clears all metadata, keeping the original headroom.</summary>
    public void Reset()
    {
        _dataOffset = Math.Min(Headroom0, _buffer.Length);
        _size = 0;
        ResetMetadata();
    }

    public void ResetMetadata()
    {
        InPort = 0;
        RecircId = 0;
        DpHash = 0;
        SkbPriority = 0;
        PktMark = 0;
        RssHash = 0;
        PacketType = 0;
        CutLen = 0;
        _tunnel = default;
        FlowMark = 0;
        Offloads = DpPacketOffloads.None;
        TsoSegmentSize = 0;
        L2PadSize = 0;
        L2Offset = NoOffset;
        L2_5Offset = NoOffset;
        L3Offset = NoOffset;
        L4Offset = NoOffset;
    }

    /// <summary>Replaces the frame with a copy of <paramref name="frame"/>; false if it does not fit.</summary>
    public bool TrySetFrame(ReadOnlySpan<byte> frame)
    {
        int start = Math.Min(Headroom0, _buffer.Length);
        if (frame.Length > _buffer.Length - start)
        {
            return false;
        }

        _dataOffset = start;
        _size = frame.Length;
        frame.CopyTo(_buffer.AsSpan(start));
        return true;
    }

    /// <summary>
    /// Sets the frame to <paramref name="size"/> bytes starting at <paramref name="dataOffset"/> of the backing array,
    /// after a receive call wrote them there.
    /// </summary>
    internal void SetFrame(int dataOffset, int size)
    {
        if ((uint)dataOffset > (uint)_buffer.Length || (uint)size > (uint)(_buffer.Length - dataOffset))
        {
            ThrowFrameOutOfRange();
        }

        _dataOffset = dataOffset;
        _size = size;
    }

    /// <summary>Grows the frame at its front by <paramref name="count"/> bytes and returns them (a header push).</summary>
    public Span<byte> Push(int count)
    {
        if ((uint)count > (uint)_dataOffset)
        {
            ThrowNoRoom();
        }

        _dataOffset -= count;
        _size += count;
        ShiftOffsets(count);
        return _buffer.AsSpan(_dataOffset, count);
    }

    /// <summary>Removes <paramref name="count"/> bytes from the front of the frame (a header pop).</summary>
    public void Pull(int count)
    {
        if ((uint)count > (uint)_size)
        {
            ThrowNoRoom();
        }

        _dataOffset += count;
        _size -= count;
        ShiftOffsets(-count);
    }

    /// <summary>Grows the frame at its end by <paramref name="count"/> bytes and returns them.</summary>
    public Span<byte> Put(int count)
    {
        if ((uint)count > (uint)Tailroom)
        {
            ThrowNoRoom();
        }

        Span<byte> tail = _buffer.AsSpan(_dataOffset + _size, count);
        _size += count;
        return tail;
    }

    /// <summary>Shortens the frame to <paramref name="size"/> bytes.</summary>
    public void Truncate(int size)
    {
        if ((uint)size > (uint)_size)
        {
            ThrowNoRoom();
        }

        _size = size;
    }

    /// <summary>Copies frame and metadata into <paramref name="destination"/>; false if the frame does not fit.</summary>
    public bool TryCopyTo(DpPacket destination)
    {
        if (!destination.TrySetFrame(Data))
        {
            return false;
        }

        destination.InPort = InPort;
        destination.RecircId = RecircId;
        destination.DpHash = DpHash;
        destination.SkbPriority = SkbPriority;
        destination.PktMark = PktMark;
        destination.RssHash = RssHash;
        destination.PacketType = PacketType;
        destination.CutLen = CutLen;
        destination._tunnel = _tunnel;
        destination.FlowMark = FlowMark;
        destination.Offloads = Offloads;
        destination.TsoSegmentSize = TsoSegmentSize;
        destination.L2PadSize = L2PadSize;
        destination.L2Offset = L2Offset;
        destination.L2_5Offset = L2_5Offset;
        destination.L3Offset = L3Offset;
        destination.L4Offset = L4Offset;
        return true;
    }

    /// <summary>Returns the packet to its pool (no-op for a free-standing packet). The caller must not touch it after.</summary>
    public void Release() => Pool?.Return(this);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ShiftOffsets(int delta)
    {
        L2Offset = Shift(L2Offset, delta);
        L2_5Offset = Shift(L2_5Offset, delta);
        L3Offset = Shift(L3Offset, delta);
        L4Offset = Shift(L4Offset, delta);
    }

    private static ushort Shift(ushort offset, int delta)
    {
        if (offset == NoOffset)
        {
            return NoOffset;
        }

        int shifted = offset + delta;
        return shifted < 0 || shifted >= NoOffset ? NoOffset : (ushort)shifted;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoRoom() => throw new InvalidOperationException("dp_packet has no room for this operation");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFrameOutOfRange() => throw new ArgumentOutOfRangeException("dataOffset", "frame lies outside the packet buffer");
}
