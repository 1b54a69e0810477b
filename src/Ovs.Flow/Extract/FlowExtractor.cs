// Upstream: flow_extract() and miniflow_extract() in lib/flow.c (OVS 3.1).
// Parses a frame into the flow key: packet metadata first, then Ethernet, the VLAN stack (up to two 802.1Q/802.1ad
// headers), LLC/SNAP, the MPLS label stack (up to three entries kept), and then IPv4, IPv6 (with its extension
// headers and fragments), ARP/RARP or NSH, and for IP the transport header (TCP, UDP, SCTP, ICMP, IGMP, ICMPv6 with
// neighbour discovery). Packets whose packet type is not Ethernet start at the network header, whose Ethernet
// type is the lower half of the packet type.
//
// Contract: a truncated or malformed packet is not an error. Parsing stops at the first header that is too short
// or fails upstream's sanity checks, the key keeps what was seen up to there (everything else zero) and the layers
// not reached keep LayerOffsets.Absent. Padding after an IP datagram's stated length is never parsed. The result
// equals upstream's struct flow for the same bytes and metadata, field for field, including its quirks (for
// example ARP opcodes above 255 leave arp_op zero, and ND options that repeat an address clear nd_target).
//
// Performance: no allocation, no exception, no virtual call. Multi-byte packet fields are copied into the key as
// raw bytes (the key holds network order, like the packet), so the common Ethernet/IPv4/TCP path does no byte
// swapping except for the few values it must test. Rare protocols are in FlowExtractor.Rare.cs behind NoInlining
// so that the hot path stays small. Thread-safety: stateless; any thread may call it with its own key.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Extract;

internal static partial class FlowExtractor
{
    private const int EthHeaderSize = 14;
    private const int Ipv4HeaderSize = 20;
    private const int Ipv6HeaderSize = 40;
    private const int TcpHeaderSize = 20;
    private const int UdpHeaderSize = 8;
    private const int SctpHeaderSize = 12;
    private const int IcmpHeaderSize = 8;
    private const int IgmpHeaderSize = 8;
    private const int Icmpv6DataHeaderSize = 8;
    private const ushort EthTypeMin = 0x0600;
    private const ushort VlanCfi = 0x1000;
    private const byte Igmp = 2;

    /// <summary>upstream FLOW_NW_FRAG_ANY and FLOW_NW_FRAG_LATER.</summary>
    public const byte FragAny = 1;
    public const byte FragLater = 2;

    /// <summary>
    /// Extracts frame into flow (which is overwritten entirely) and reports where each layer starts. Frames longer
    /// than 65,534 bytes are parsed, but their offsets are only meaningful below that size, as upstream's.
    /// </summary>
    public static void Extract(ReadOnlySpan<byte> frame, in PacketMetadata md, ref FlowData flow, ref LayerOffsets offsets)
    {
        flow = default;
        offsets = LayerOffsets.None;
        Span<byte> f = flow.Bytes;
        StoreMetadata(f, in md);

        int pos;
        ushort dlType;
        if (md.PacketType == PacketMetadata.PacketTypeEthernet)
        {
            offsets.L2 = 0;
            if (frame.Length < EthHeaderSize)
            {
                return;
            }

            Copy48(frame, 0, f, FlowLayout.DlDst);
            Copy48(frame, 6, f, FlowLayout.DlSrc);
            pos = 12;
            dlType = BinaryPrimitives.ReadUInt16BigEndian(frame[pos..]);
            if (IsVlan(dlType) && frame.Length - pos >= 6)
            {
                dlType = ParseVlans(frame, ref pos, f, dlType);
            }

            pos += 2;
            if (dlType < EthTypeMin)
            {
                dlType = ParseLlcSnap(frame, ref pos);
            }
        }
        else
        {
            pos = 0;
            dlType = (ushort)md.PacketType;
        }

        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.DlType..], dlType);
        if (EthType.IsMpls(dlType))
        {
            offsets.L2_5 = (ushort)pos;
            ParseMpls(frame, ref pos, f);
        }

        offsets.L3 = (ushort)pos;
        byte nwProto, nwTos, nwTtl, nwFrag = 0;
        int end;
        ushort ctTpSrc = 0, ctTpDst = 0;
        if (dlType == EthType.Ip)
        {
            ReadOnlySpan<byte> ip = frame[pos..];
            if (ip.Length < Ipv4HeaderSize)
            {
                return;
            }

            int headerSize = (ip[0] & 0x0f) * 4;
            int totalSize = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
            if (headerSize < Ipv4HeaderSize || ip.Length < headerSize || totalSize > ip.Length || headerSize > totalSize
                || ip.Length - totalSize > ushort.MaxValue)
            {
                return;
            }

            offsets.L2PadSize = (ushort)(ip.Length - totalSize);
            end = pos + totalSize;
            Copy64(ip, 12, f, FlowLayout.NwSrc);
            if (md.CtState != 0 && !md.CtOrigTupleIpv6)
            {
                StoreCtOrigIpv4(f, in md, ref ctTpSrc, ref ctTpDst);
            }

            nwTos = ip[1];
            nwTtl = ip[8];
            nwProto = ip[9];
            int fragOff = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
            if ((fragOff & 0x3fff) != 0)
            {
                nwFrag = (fragOff & 0x1fff) != 0 ? (byte)(FragAny | FragLater) : FragAny;
            }

            pos += headerSize;
        }
        else if (dlType == EthType.Ipv6)
        {
            if (!ParseIpv6(frame, ref pos, out end, f, in md, ref offsets, out nwProto, out nwTos, out nwTtl, out nwFrag, ref ctTpSrc, ref ctTpDst))
            {
                return;
            }
        }
        else
        {
            if (EthType.IsArp(dlType))
            {
                ParseArp(frame[pos..], f);
            }
            else if (dlType == EthType.Nsh)
            {
                ParseNsh(frame[pos..], f);
            }

            return;
        }

        offsets.L4 = (ushort)pos;
        f[FlowLayout.NwFrag] = nwFrag;
        f[FlowLayout.NwTos] = nwTos;
        f[FlowLayout.NwTtl] = nwTtl;
        f[FlowLayout.NwProto] = nwProto;
        if ((nwFrag & FragLater) != 0)
        {
            return;
        }

        ReadOnlySpan<byte> l4 = frame[pos..end];
        switch (nwProto)
        {
            case IpProto.Tcp:
                if (l4.Length >= TcpHeaderSize)
                {
                    int ctl = BinaryPrimitives.ReadUInt16BigEndian(l4[12..]);
                    int headerSize = (ctl >> 12) * 4;
                    if (headerSize >= TcpHeaderSize && l4.Length >= headerSize)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.TcpFlags..], (ushort)(ctl & 0x0fff));
                        StorePorts(l4, f, ctTpSrc, ctTpDst);
                    }
                }

                break;

            case IpProto.Udp:
                if (l4.Length >= UdpHeaderSize)
                {
                    StorePorts(l4, f, ctTpSrc, ctTpDst);
                }

                break;

            case IpProto.Sctp:
                if (l4.Length >= SctpHeaderSize)
                {
                    StorePorts(l4, f, ctTpSrc, ctTpDst);
                }

                break;

            case IpProto.Icmp:
                if (l4.Length >= IcmpHeaderSize)
                {
                    StoreTypeCode(l4, f, ctTpSrc, ctTpDst);
                }

                break;

            case Igmp:
                if (l4.Length >= IgmpHeaderSize)
                {
                    StoreTypeCode(l4, f, ctTpSrc, ctTpDst);
                    Copy32(l4, 4, f, FlowLayout.IgmpGroupIp4);
                }

                break;

            case IpProto.Icmpv6:
                if (l4.Length >= Icmpv6DataHeaderSize)
                {
                    ParseIcmpv6(l4, f, ctTpSrc, ctTpDst);
                }

                break;
        }
    }

    /// <summary>Extract for a packet that only has an input port, the common case of tests and packet-ins.</summary>
    public static void Extract(ReadOnlySpan<byte> frame, ref FlowData flow, ushort inPort = 0, uint packetType = PacketMetadata.PacketTypeEthernet)
    {
        PacketMetadata md = PacketMetadata.ForPort(inPort);
        md.PacketType = packetType;
        LayerOffsets offsets = default;
        Extract(frame, in md, ref flow, ref offsets);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsVlan(ushort type) => type is EthType.Vlan8021Q or EthType.Vlan8021AD;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePorts(ReadOnlySpan<byte> l4, Span<byte> f, ushort ctTpSrc, ushort ctTpDst)
    {
        Copy32(l4, 0, f, FlowLayout.TpSrc);
        if ((ctTpSrc | ctTpDst) != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.CtTpSrc..], ctTpSrc);
            BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.CtTpDst..], ctTpDst);
        }
    }

    // ICMP and IGMP put their 8-bit type and code in tp_src and tp_dst as 16-bit values.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTypeCode(ReadOnlySpan<byte> l4, Span<byte> f, ushort ctTpSrc, ushort ctTpDst)
    {
        f[FlowLayout.TpSrc + 1] = l4[0];
        f[FlowLayout.TpDst + 1] = l4[1];
        if ((ctTpSrc | ctTpDst) != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.CtTpSrc..], ctTpSrc);
            BinaryPrimitives.WriteUInt16BigEndian(f[FlowLayout.CtTpDst..], ctTpDst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy32(ReadOnlySpan<byte> source, int from, Span<byte> f, int to) =>
        MemoryMarshal.Write(f[to..], MemoryMarshal.Read<uint>(source[from..]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy64(ReadOnlySpan<byte> source, int from, Span<byte> f, int to) =>
        MemoryMarshal.Write(f[to..], MemoryMarshal.Read<ulong>(source[from..]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy48(ReadOnlySpan<byte> source, int from, Span<byte> f, int to)
    {
        MemoryMarshal.Write(f[to..], MemoryMarshal.Read<uint>(source[from..]));
        MemoryMarshal.Write(f[(to + 4)..], MemoryMarshal.Read<ushort>(source[(from + 4)..]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy128(ReadOnlySpan<byte> source, int from, Span<byte> f, int to)
    {
        Copy64(source, from, f, to);
        Copy64(source, from + 8, f, to + 8);
    }
}
