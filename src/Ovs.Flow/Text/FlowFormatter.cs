// Upstream: flow_format() in lib/flow.c and ofp_packet_to_string() in lib/ofp-print.c (OVS 3.1).
// The text of an extracted flow, as ovs-ofctl prints the packet of a packet-in: the flow as a match with the
// packet's wildcards, leaving out context fields that are zero (in_port, marks, conntrack, registers, metadata),
// so an absent field reads as zero. FormatPacket adds the transport checksum the way ofp-print shows it.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Extract;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Text;

internal static class FlowFormatter
{
    private const byte CtNew = 0x01, CtEstablished = 0x02, CtRelated = 0x04, CtReplyDir = 0x08, CtInvalid = 0x10,
        CtTracked = 0x20, CtSrcNat = 0x40, CtDstNat = 0x80;

    public static string Format(in FlowData flow)
    {
        var sb = new StringBuilder();
        Append(sb, in flow);
        return sb.ToString();
    }

    public static void Append(StringBuilder s, in FlowData flow)
    {
        Match match = default;
        match.Flow = flow;
        match.Wildcards = PacketWildcards.For(in flow);
        Span<byte> m = match.Wildcards.Masks.Bytes;

        // Registers and metadata are part of a packet's match, printed only when not zero.
        m.Slice(FlowLayout.Metadata, 8 + (16 * 4)).Fill(0xff);
        UnmaskIfZero(in flow, m, FlowLayout.Metadata, 8);
        for (int i = 0; i < 16; i++)
        {
            UnmaskIfZero(in flow, m, FlowLayout.Regs + (4 * i), 4);
        }

        UnmaskIfZero(in flow, m, FlowLayout.InPort, 2);
        UnmaskIfZero(in flow, m, FlowLayout.SkbPriority, 4);
        UnmaskIfZero(in flow, m, FlowLayout.PktMark, 4);
        UnmaskIfZero(in flow, m, FlowLayout.RecircId, 4);
        UnmaskIfZero(in flow, m, FlowLayout.DpHash, 4);
        UnmaskIfZero(in flow, m, FlowLayout.CtState, 1);
        UnmaskIfZero(in flow, m, FlowLayout.CtZone, 2);
        UnmaskIfZero(in flow, m, FlowLayout.CtMark, 4);
        UnmaskIfZero(in flow, m, FlowLayout.CtLabel, 16);

        // The original-direction tuple only means something for a valid conntrack entry that recorded a protocol.
        byte state = flow.U8(FlowLayout.CtState);
        bool ctValid = (state & (CtNew | CtEstablished | CtRelated | CtReplyDir | CtSrcNat | CtDstNat)) != 0
            || ((state & CtTracked) != 0 && (m[FlowLayout.CtState] & CtInvalid) != 0 && (state & CtInvalid) == 0);
        if (!ctValid || flow.U8(FlowLayout.CtNwProto) == 0)
        {
            m.Slice(FlowLayout.CtNwProto, 1).Clear();
            m.Slice(FlowLayout.CtTpSrc, 4).Clear();
            ushort dlType = flow.U16(FlowLayout.DlType);
            if (dlType == EthType.Ip)
            {
                m.Slice(FlowLayout.CtNwSrc, 8).Clear();
            }
            else if (dlType == EthType.Ipv6)
            {
                m.Slice(FlowLayout.CtIpv6Src, 32).Clear();
            }
        }

        // Zero the flow wherever the mask is zero, the invariant Match keeps.
        Span<ulong> fw = match.Flow.WordSpan;
        ReadOnlySpan<ulong> mw = match.Wildcards.Masks.ReadOnlyWords;
        for (int i = 0; i < fw.Length; i++)
        {
            fw[i] &= mw[i];
        }

        MatchFormatter.Append(s, in match);
    }

    /// <summary>
    /// ofp_packet_to_string() without its final newline: the flow extracted from data (of the given packet type)
    /// and the checksum of its transport header when the header is all there.
    /// </summary>
    public static string FormatPacket(ReadOnlySpan<byte> data, uint packetType = PacketMetadata.PacketTypeEthernet)
    {
        PacketMetadata md = default;
        md.PacketType = packetType;
        FlowData flow = default;
        LayerOffsets offsets = default;
        FlowExtractor.Extract(data, in md, ref flow, ref offsets);

        var sb = new StringBuilder();
        Append(sb, in flow);
        int l4Size = offsets.HasL4 ? data.Length - offsets.L4 - offsets.L2PadSize : 0;
        ReadOnlySpan<byte> l4 = offsets.HasL4 ? data[offsets.L4..] : default;
        switch (flow.U8(FlowLayout.NwProto))
        {
            case IpProto.Tcp when l4Size >= 20:
                sb.Append(CultureInfo.InvariantCulture, $" tcp_csum:{BinaryPrimitives.ReadUInt16BigEndian(l4[16..]):x}");
                break;
            case IpProto.Udp when l4Size >= 8:
                sb.Append(CultureInfo.InvariantCulture, $" udp_csum:{BinaryPrimitives.ReadUInt16BigEndian(l4[6..]):x}");
                break;
            case IpProto.Sctp when l4Size >= 12:
                sb.Append(CultureInfo.InvariantCulture, $" sctp_csum:{BinaryPrimitives.ReadUInt32BigEndian(l4[8..]):x}");
                break;
            case IpProto.Icmp when l4Size >= 8:
                sb.Append(CultureInfo.InvariantCulture, $" icmp_csum:{BinaryPrimitives.ReadUInt16BigEndian(l4[2..]):x}");
                break;
            case IpProto.Icmpv6 when l4Size >= 4:
                sb.Append(CultureInfo.InvariantCulture, $" icmp6_csum:{BinaryPrimitives.ReadUInt16BigEndian(l4[2..]):x}");
                break;
        }

        return sb.ToString();
    }

    private static void UnmaskIfZero(in FlowData flow, Span<byte> m, int offset, int size)
    {
        if (flow.IsZero(offset, size))
        {
            m.Slice(offset, size).Clear();
        }
    }
}
