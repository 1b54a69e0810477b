// Upstream: none. What Linux's GRO does for TCP (receive-side coalescing), done where the userspace datapath hands
// frames to a kernel device that accepts segmentation offload (a PACKET_VNET_HDR socket).
//
// Consecutive frames of one TCP stream that leave through the same port are sent as one super-frame with a GSO
// request (segment size = the first frame's payload), so the kernel handles one buffer instead of many: a device
// with TSO cuts it on the wire, a veth peer takes it whole as a GRO'd packet, anything else segments it in software.
// The segments that come out are the frames that went in, byte for byte (the kernel's TCP segmentation rewrites the
// IPv4 total length, identification (+1 per segment), checksums, sequence numbers and the PSH flag, and keeps every
// other header byte), so a run is only formed when the frames differ in those fields alone, exactly as segmentation
// would make them:
// - the same L2 header (addresses, VLAN tags), an IPv4 header without options and not fragmented, or an IPv6 header
//   with TCP as its next header; IPv4 identifications counting up by one;
// - the same TCP header (ports, acknowledgement, window, options) apart from the sequence number, which continues
//   where the previous frame's payload ended, and the flags, which are ACK, with PSH allowed on the last frame only;
// - every payload the size of the first, except the last, which may be shorter; no Ethernet padding;
// - frames that arrived intact: a TCP checksum the receiving device verified (RxL4ChecksumGood) or that holds when
//   checked here, or a frame made on this host whose checksum is only unfinished (L4ChecksumPartial); an IPv4
//   header checksum that holds; no other offload request.
// The first frame's headers become the super-frame's: total length, header checksum, PSH and a TCP checksum field
// holding the pseudo-header sum that the device finishes (VIRTIO_NET_HDR_F_NEEDS_CSUM).
//
// Thread-safety: a value type owned by the sending thread.
using System.Buffers.Binary;
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Packets;

internal struct TcpCoalescer
{
    /// <summary>
    /// Largest super-frame, L2 header included: within the IPv4 total length's range, and no larger than a GSO frame
    /// the kernel hands out (so a datapath receiving it again, e.g. across a veth pair, has room for it).
    /// </summary>
    public const int MaxFrameLength = 65535;

    private const byte TcpFlagPsh = 0x08;
    private const byte TcpFlagAck = 0x10;

    private int _l3Offset;
    private int _l4Offset;
    private int _headerLength;
    private int _mss;
    private bool _ipv6;
    private bool _closed;
    private bool _push;
    private bool _firstVouched;
    private uint _nextSequence;
    private ushort _nextIpId;
    private int _l3Length;

    /// <summary>Frames in the current run, the first included.</summary>
    public int Segments { get; private set; }

    /// <summary>Offset of the TCP header in the first frame.</summary>
    public readonly int L4Offset => _l4Offset;

    /// <summary>Bytes of headers (L2 to the end of the TCP header), the same in every frame of the run.</summary>
    public readonly int HeaderLength => _headerLength;

    /// <summary>Payload bytes per segment: the first frame's payload.</summary>
    public readonly int SegmentSize => _mss;

    public readonly bool IsIpv6 => _ipv6;

    /// <summary>
    /// Starts a run with <paramref name="frame"/>; false if the frame can't head one (not a plain TCP data segment
    /// with ACK only, a known-bad checksum, other offload requests). Its TCP checksum is checked only when a second
    /// frame joins. On false the coalescer holds no run.
    /// </summary>
    public bool TryStart(ReadOnlySpan<byte> frame, DpPacketOffloads offloads)
    {
        Segments = 0;
        if (Refused(offloads) || !Parse(frame, out int l3, out int l4, out int headerLength, out bool ipv6))
        {
            return false;
        }

        int payload = frame.Length - headerLength;
        byte flags = frame[l4 + 13];
        if (payload <= 0 || flags != TcpFlagAck)
        {
            return false;
        }

        _l3Offset = l3;
        _l4Offset = l4;
        _headerLength = headerLength;
        _ipv6 = ipv6;
        _mss = payload;
        _closed = false;
        _push = false;
        _firstVouched = Vouched(offloads);
        _nextSequence = BinaryPrimitives.ReadUInt32BigEndian(frame[(l4 + 4)..]) + (uint)payload;
        _nextIpId = ipv6 ? (ushort)0 : (ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 4)..]) + 1);
        _l3Length = frame.Length - l3;
        Segments = 1;
        return true;
    }

    /// <summary>
    /// Adds <paramref name="frame"/> to the run headed by <paramref name="first"/> if segmentation of the longer
    /// run would give it back unchanged; false (and the run unchanged) otherwise.
    /// </summary>
    public bool TryAppend(ReadOnlySpan<byte> first, ReadOnlySpan<byte> frame, DpPacketOffloads offloads)
    {
        if (Segments == 0 || _closed || Refused(offloads) || frame.Length <= _headerLength)
        {
            return false;
        }

        int payload = frame.Length - _headerLength;
        if (payload > _mss || _l3Offset + _l3Length + payload > MaxFrameLength)
        {
            return false;
        }

        // Everything before the IPv4 total length (L2 header, version, TOS), or before the IPv6 payload length
        // (L2 header, version, class, flow label).
        int l3 = _l3Offset;
        int fixedPrefix = l3 + (_ipv6 ? 4 : 2);
        if (!first[..fixedPrefix].SequenceEqual(frame[..fixedPrefix]))
        {
            return false;
        }

        if (_ipv6)
        {
            // Next header, hop limit and both addresses; then the claimed payload length must be the frame's.
            if (!first.Slice(l3 + 6, 34).SequenceEqual(frame.Slice(l3 + 6, 34))
                || BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 4)..]) != frame.Length - l3 - 40)
            {
                return false;
            }
        }
        else
        {
            // Fragment field, TTL, protocol (not the checksum), addresses; the identification counts up.
            if (!first.Slice(l3 + 6, 4).SequenceEqual(frame.Slice(l3 + 6, 4))
                || !first.Slice(l3 + 12, 8).SequenceEqual(frame.Slice(l3 + 12, 8))
                || BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 2)..]) != frame.Length - l3
                || BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 4)..]) != _nextIpId
                || Fold(SumWords(frame.Slice(l3, 20))) != 0xffff)
            {
                return false;
            }
        }

        // TCP: ports; acknowledgement, data offset; window, urgent pointer and options; the sequence continues.
        int l4 = _l4Offset;
        byte flags = frame[l4 + 13];
        if (!first.Slice(l4, 4).SequenceEqual(frame.Slice(l4, 4))
            || !first.Slice(l4 + 8, 5).SequenceEqual(frame.Slice(l4 + 8, 5))
            || !first.Slice(l4 + 14, 2).SequenceEqual(frame.Slice(l4 + 14, 2))
            || !first[(l4 + 18).._headerLength].SequenceEqual(frame[(l4 + 18).._headerLength])
            || (flags & ~TcpFlagPsh) != TcpFlagAck
            || BinaryPrimitives.ReadUInt32BigEndian(frame[(l4 + 4)..]) != _nextSequence)
        {
            return false;
        }

        // Checksums last, as they cost most: the run's frames must have arrived intact, because the super-frame's
        // TCP checksum is made afresh. The first frame's is checked when a second one joins.
        if ((!Vouched(offloads) && !TcpChecksumHolds(frame, l3, l4, _ipv6))
            || (Segments == 1 && !_firstVouched && !TcpChecksumHolds(first, l3, l4, _ipv6)))
        {
            return false;
        }

        _firstVouched = true;
        _nextSequence += (uint)payload;
        _nextIpId++;
        _l3Length += payload;
        _push = (flags & TcpFlagPsh) != 0;
        _closed = _push || payload < _mss;
        Segments++;
        return true;
    }

    /// <summary>True while frames may still join the run.</summary>
    public readonly bool IsOpen => Segments > 0 && !_closed;

    /// <summary>Ends the run: no more frames join it.</summary>
    public void Close() => _closed = true;

    /// <summary>
    /// True if <paramref name="frame"/> looks like the run's TCP stream (same addresses and ports at the run's
    /// offsets). A frame of the stream that cannot join must end the run, or a later frame that can would overtake it.
    /// </summary>
    public readonly bool SameStream(ReadOnlySpan<byte> first, ReadOnlySpan<byte> frame)
    {
        int l3 = _l3Offset;
        int l4 = _l4Offset;
        if (frame.Length < l4 + 4 || !first.Slice(l3 - 2, 2).SequenceEqual(frame.Slice(l3 - 2, 2)))
        {
            return false;
        }

        return _ipv6
            ? frame[l3 + 6] == 6 && first.Slice(l3 + 8, 32).SequenceEqual(frame.Slice(l3 + 8, 32)) && first.Slice(l4, 4).SequenceEqual(frame.Slice(l4, 4))
            : frame[l3 + 9] == 6 && first.Slice(l3 + 12, 8).SequenceEqual(frame.Slice(l3 + 12, 8)) && first.Slice(l4, 4).SequenceEqual(frame.Slice(l4, 4));
    }

    /// <summary>
    /// Rewrites the first frame's headers for the whole run (the caller sends its headers and payload followed by
    /// the other frames' payloads): L3 length, IPv4 header checksum, PSH if the last frame had it, and the TCP
    /// checksum field as the pseudo-header sum over the run's TCP length, for the device to finish.
    /// </summary>
    public readonly void Finish(Span<byte> first)
    {
        int l3 = _l3Offset;
        int l4 = _l4Offset;
        int tcpLength = _l3Length - (l4 - l3);
        uint sum;
        if (_ipv6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(first[(l3 + 4)..], (ushort)(_l3Length - 40));
            sum = SumWords(first.Slice(l3 + 8, 32));
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(first[(l3 + 2)..], (ushort)_l3Length);
            first[l3 + 10] = 0;
            first[l3 + 11] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(first[(l3 + 10)..], (ushort)~Fold(SumWords(first.Slice(l3, 20))));
            sum = SumWords(first.Slice(l3 + 12, 8));
        }

        if (_push)
        {
            first[l4 + 13] |= TcpFlagPsh;
        }

        sum += 6u + (uint)tcpLength;
        BinaryPrimitives.WriteUInt16BigEndian(first[(l4 + 16)..], Fold(sum));
    }

    // The receiving device verified the TCP checksum, or the frame was made on this host (its payload never crossed
    // a wire; only the checksum is unfinished).
    private static bool Vouched(DpPacketOffloads offloads) =>
        (offloads & (DpPacketOffloads.RxL4ChecksumGood | DpPacketOffloads.L4ChecksumPartial)) != 0;

    // A known-bad checksum, or an offload request a super-frame could not carry on.
    private static bool Refused(DpPacketOffloads offloads) =>
        (offloads & (DpPacketOffloads.RxL4ChecksumBad | DpPacketOffloads.RxIpChecksumBad | DpPacketOffloads.TxTcpSegmentation
            | DpPacketOffloads.TxUdpChecksum | DpPacketOffloads.TxSctpChecksum)) != 0;

    private static bool TcpChecksumHolds(ReadOnlySpan<byte> frame, int l3, int l4, bool ipv6)
    {
        int tcpLength = frame.Length - l4;
        uint sum = ipv6
            ? Checksums.Ipv6PseudoHeader(frame.Slice(l3 + 8, 16), frame.Slice(l3 + 24, 16), 6, tcpLength)
            : Checksums.Ipv4PseudoHeader(frame.Slice(l3 + 12, 4), frame.Slice(l3 + 16, 4), 6, tcpLength);
        return Checksums.Finish(Checksums.Add(sum, frame[l4..])) == 0;
    }

    // Ethernet with up to two VLAN tags, then IPv4 (no options, not a fragment) or IPv6 (TCP next), then TCP.
    private static bool Parse(ReadOnlySpan<byte> frame, out int l3, out int l4, out int headerLength, out bool ipv6)
    {
        l3 = l4 = headerLength = 0;
        ipv6 = false;
        int offset = 12;
        if (frame.Length < 14)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        for (int tags = 0; tags < 2 && type is 0x8100 or 0x88a8; tags++)
        {
            offset += 4;
            if (frame.Length < offset + 2)
            {
                return false;
            }

            type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
        }

        l3 = offset + 2;
        if (type == 0x0800)
        {
            if (frame.Length < l3 + 20 || frame[l3] != 0x45 || frame[l3 + 9] != 6
                || (BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 6)..]) & 0xbfff) != 0
                || BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 2)..]) != frame.Length - l3
                || Fold(SumWords(frame.Slice(l3, 20))) != 0xffff)
            {
                return false;
            }

            l4 = l3 + 20;
        }
        else if (type == 0x86dd)
        {
            if (frame.Length < l3 + 40 || (frame[l3] >> 4) != 6 || frame[l3 + 6] != 6
                || BinaryPrimitives.ReadUInt16BigEndian(frame[(l3 + 4)..]) != frame.Length - l3 - 40)
            {
                return false;
            }

            l4 = l3 + 40;
            ipv6 = true;
        }
        else
        {
            return false;
        }

        if (frame.Length < l4 + 20)
        {
            return false;
        }

        int tcpHeader = (frame[l4 + 12] >> 4) * 4;
        headerLength = l4 + tcpHeader;
        return tcpHeader >= 20 && frame.Length >= headerLength;
    }

    private static uint SumWords(ReadOnlySpan<byte> bytes)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < bytes.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(bytes[i..]);
        }

        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
