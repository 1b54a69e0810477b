// Upstream: miniflow_extract() in lib/flow.c (OVS 3.1), which parses a packet straight into its miniflow.
//
// The fast path's parser for the common packet: an untagged Ethernet frame carrying IPv4 (options allowed, fragments
// too) with TCP, UDP, SCTP, ICMP or another protocol that has no transport fields, received with no tunnel, no
// conntrack state and packet type Ethernet. It builds the packet's NetdevFlowKey directly, word by word in FlowLayout
// order, without filling (and first zeroing) a 648-byte FlowData and scanning it back.
//
// Contract: when TryExtract returns true, the key, offsets and TCP flags are exactly what FlowExtractor.Extract
// followed by NetdevFlowKey.Init give for the same frame and metadata (MiniflowExtractorTests checks this on
// generated packets). Whatever it does not handle (VLAN, MPLS, IPv6, ARP, IGMP, a header that fails a sanity check,
// a truncated frame, tunnel or conntrack metadata) makes it return false without side effects the caller relies on;
// the caller then runs the full extractor.
//
// The words it produces, as the little-endian loads of FlowData's network-order bytes (see FlowLayout):
//   17 skb_priority, pkt_mark    18 dp_hash, recirc_id    19 in_port
//   24 dl_dst, dl_src[0..2)      25 dl_src[2..6), dl_type  26 nw_src, nw_dst
//   39 nw_frag, nw_tos, nw_ttl, nw_proto, tcp_flags, tp_src   40 tp_dst
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Flow.Packets;

namespace Ovs.Dpif.Netdev.Caches;

internal static class MiniflowExtractor
{
    private const int EthHeaderSize = 14;
    private const int Ipv4HeaderSize = 20;
    private const ushort EthTypeIpv4 = 0x0800;
    private const byte FragAny = 1;
    private const byte FragLater = 2;
    private const byte Igmp = 2;

    /// <summary>
    /// Builds the key of a common packet (see above) into <paramref name="key"/>, its layer offsets and its TCP flags
    /// (host order, 12 bits; 0 for non-TCP). False when the packet or metadata is outside the fast subset.
    /// </summary>
    public static bool TryExtract(
        ReadOnlySpan<byte> frame, in PacketMetadata md, ref NetdevFlowKey key, ref LayerOffsets offsets, out ushort tcpFlags)
    {
        tcpFlags = 0;
        if (md.PacketType != PacketMetadata.PacketTypeEthernet || md.CtState != 0 || md.HasTunnel
            || frame.Length < EthHeaderSize + Ipv4HeaderSize
            || BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) != EthTypeIpv4)
        {
            return false;
        }

        ReadOnlySpan<byte> ip = frame[EthHeaderSize..];
        int headerSize = (ip[0] & 0x0f) * 4;
        int totalSize = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (headerSize < Ipv4HeaderSize || ip.Length < headerSize || totalSize > ip.Length || headerSize > totalSize
            || ip.Length - totalSize > ushort.MaxValue)
        {
            return false;
        }

        byte proto = ip[9];
        if (proto is Igmp or IpProto.Icmpv6)
        {
            return false;
        }

        int fragOff = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        byte frag = (fragOff & 0x3fff) == 0 ? (byte)0 : (fragOff & 0x1fff) != 0 ? (byte)(FragAny | FragLater) : FragAny;

        // Transport: tp_src and tp_dst as the key holds them (the u16 at their place), and the TCP flags.
        ulong tpSrc = 0;
        ulong tpDst = 0;
        ushort flags = 0;
        ReadOnlySpan<byte> l4 = ip[headerSize..totalSize];
        if ((frag & FragLater) == 0)
        {
            switch (proto)
            {
                case IpProto.Tcp:
                    if (l4.Length >= 20)
                    {
                        int ctl = BinaryPrimitives.ReadUInt16BigEndian(l4[12..]);
                        int tcpHeaderSize = (ctl >> 12) * 4;
                        if (tcpHeaderSize >= 20 && l4.Length >= tcpHeaderSize)
                        {
                            flags = (ushort)(ctl & 0x0fff);
                            tpSrc = MemoryMarshal.Read<ushort>(l4);
                            tpDst = MemoryMarshal.Read<ushort>(l4[2..]);
                        }
                    }

                    break;
                case IpProto.Udp:
                case IpProto.Sctp:
                    if (l4.Length >= (proto == IpProto.Udp ? 8 : 12))
                    {
                        tpSrc = MemoryMarshal.Read<ushort>(l4);
                        tpDst = MemoryMarshal.Read<ushort>(l4[2..]);
                    }

                    break;
                case IpProto.Icmp:
                    if (l4.Length >= 8)
                    {
                        // The 8-bit type and code sit in the low-order (second) byte of tp_src and tp_dst.
                        tpSrc = (ulong)l4[0] << 8;
                        tpDst = (ulong)l4[1] << 8;
                    }

                    break;
            }
        }

        key.Clear();
        key.Push(17, Pair(md.SkbPriority, md.PktMark));
        key.Push(18, Pair(md.DpHash, md.RecircId));
        key.Push(19, BinaryPrimitives.ReverseEndianness(md.InPort));
        key.Push(24, MemoryMarshal.Read<ulong>(frame));
        key.Push(25, MemoryMarshal.Read<uint>(frame[8..]) | ((ulong)MemoryMarshal.Read<ushort>(frame[12..]) << 32));
        key.Push(26, MemoryMarshal.Read<ulong>(ip[12..]));
        key.Push(39, frag | ((ulong)ip[1] << 8) | ((ulong)ip[8] << 16) | ((ulong)proto << 24)
            | ((ulong)BinaryPrimitives.ReverseEndianness(flags) << 32) | (tpSrc << 48));
        key.Push(40, tpDst);
        key.Seal();

        offsets.L2 = 0;
        offsets.L2_5 = LayerOffsets.Absent;
        offsets.L3 = EthHeaderSize;
        offsets.L4 = (ushort)(EthHeaderSize + headerSize);
        offsets.L2PadSize = (ushort)(ip.Length - totalSize);
        tcpFlags = flags;
        return true;
    }

    // Two 32-bit fields stored in network order one after the other, as one little-endian word.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pair(uint first, uint second) =>
        BinaryPrimitives.ReverseEndianness(first) | ((ulong)BinaryPrimitives.ReverseEndianness(second) << 32);
}
