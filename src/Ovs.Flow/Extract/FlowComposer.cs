// Upstream: flow_compose() and its flow_compose_l4*() helpers in lib/flow.c (OVS 3.1).
// Builds a frame whose extraction gives back the flow's packet fields: Ethernet with the VLAN stack (headers whose
// TCI has the CFI bit, outermost first, CFI cleared on the wire; a TPID of 0 means 802.1Q), then IPv4, IPv6, ARP or
// an MPLS label stack, and for IP the transport header. Lengths and the IPv4, TCP, UDP, ICMP, IGMP and ICMPv6
// checksums are computed. As upstream, the SCTP checksum is left zero, IPv6 fragments get no fragment header, NSH
// is not composed, and the optional payload is added only where upstream adds it (UDP, TCP without SYN/FIN/RST,
// ICMP echo and ICMPv6 echo). A flow whose packet type is not Ethernet gives a frame that starts at the network
// header (upstream always writes an Ethernet header).
using System.Buffers.Binary;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Extract;

internal static class FlowComposer
{
    private const ushort VlanCfi = 0x1000;
    private const byte Igmp = 2;
    private const int HeadroomSize = 256;

    /// <summary>
    /// The frame for flow with l7Size payload bytes where a payload goes, the bytes counting 0, 1, 2, ... as
    /// upstream's netdev-dummy/receive makes them.
    /// </summary>
    public static byte[] Compose(in FlowData flow, int l7Size = 0)
    {
        byte[] l7 = new byte[l7Size];
        for (int i = 0; i < l7.Length; i++)
        {
            l7[i] = (byte)i;
        }

        return Compose(in flow, l7);
    }

    public static byte[] Compose(in FlowData flow, ReadOnlySpan<byte> l7)
    {
        byte[] buffer = new byte[HeadroomSize + l7.Length];
        int size = Compose(in flow, l7, buffer);
        return buffer.AsSpan(0, size).ToArray();
    }

    /// <summary>Writes the frame into destination (at least 256 bytes plus the payload) and returns its size.</summary>
    public static int Compose(in FlowData flow, ReadOnlySpan<byte> l7, Span<byte> destination)
    {
        ushort dlType = flow.U16(FlowLayout.DlType);
        int pos = 0;
        uint packetType = flow.U32(FlowLayout.PacketType);
        if (packetType == PacketMetadata.PacketTypeEthernet)
        {
            flow.ReadOnlyBytes.Slice(FlowLayout.DlDst, 6).CopyTo(destination);
            flow.ReadOnlyBytes.Slice(FlowLayout.DlSrc, 6).CopyTo(destination[6..]);
            pos = 12;
            if (dlType == EthType.None)
            {
                // Not an Ethernet II frame: the type field holds the frame's length instead.
                BinaryPrimitives.WriteUInt16BigEndian(destination[pos..], 14);
                return 14;
            }

            pos = PutVlan(in flow, FlowLayout.VlanTpid, FlowLayout.VlanTci, destination, pos);
            if ((flow.U16(FlowLayout.VlanTci) & VlanCfi) != 0)
            {
                pos = PutVlan(in flow, FlowLayout.Vlan1Tpid, FlowLayout.Vlan1Tci, destination, pos);
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[pos..], dlType);
            pos += 2;
        }
        else
        {
            dlType = (ushort)packetType;
        }

        if (EthType.IsMpls(dlType))
        {
            ReadOnlySpan<int> stack = [FlowLayout.MplsLse, FlowLayout.MplsLse1, FlowLayout.MplsLse2];
            foreach (int slot in stack)
            {
                flow.ReadOnlyBytes.Slice(slot, 4).CopyTo(destination[pos..]);
                pos += 4;
                if ((flow.U32(slot) & 0x100) != 0)
                {
                    break;
                }
            }

            return pos;
        }

        return dlType switch
        {
            EthType.Ip => PutIpv4(in flow, l7, destination, pos),
            EthType.Ipv6 => PutIpv6(in flow, l7, destination, pos),
            EthType.Arp or EthType.Rarp => PutArp(in flow, destination, pos),
            _ => pos,
        };
    }

    private static int PutVlan(in FlowData flow, int tpidOffset, int tciOffset, Span<byte> d, int pos)
    {
        ushort tci = flow.U16(tciOffset);
        if ((tci & VlanCfi) == 0)
        {
            return pos;
        }

        ushort tpid = flow.U16(tpidOffset);
        BinaryPrimitives.WriteUInt16BigEndian(d[pos..], tpid == 0 ? EthType.Vlan8021Q : tpid);
        BinaryPrimitives.WriteUInt16BigEndian(d[(pos + 2)..], (ushort)(tci & ~VlanCfi));
        return pos + 4;
    }

    private static int PutIpv4(in FlowData flow, ReadOnlySpan<byte> l7, Span<byte> d, int pos)
    {
        Span<byte> ip = d[pos..];
        ip[..20].Clear();
        ip[0] = 0x45;
        ip[1] = flow.U8(FlowLayout.NwTos);
        byte frag = flow.U8(FlowLayout.NwFrag);
        if ((frag & FlowExtractor.FragAny) != 0)
        {
            // More-fragments, and for a later fragment an arbitrary non-zero offset, as upstream.
            BinaryPrimitives.WriteUInt16BigEndian(ip[6..], (ushort)(0x2000 | ((frag & FlowExtractor.FragLater) != 0 ? 100 : 0)));
        }

        ip[8] = flow.U8(FlowLayout.NwTtl);
        ip[9] = flow.U8(FlowLayout.NwProto);
        flow.ReadOnlyBytes.Slice(FlowLayout.NwSrc, 8).CopyTo(ip[12..]);
        int l4Size = PutL4(in flow, l7, ip[20..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + l4Size));
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksums.Compute(ip[..20]));
        uint pseudo = Checksums.Ipv4PseudoHeader(ip[12..], ip[16..], ip[9], l4Size);
        FinishL4(in flow, ip.Slice(20, l4Size), pseudo);
        return pos + 20 + l4Size;
    }

    private static int PutIpv6(in FlowData flow, ReadOnlySpan<byte> l7, Span<byte> d, int pos)
    {
        Span<byte> ip = d[pos..];
        uint word = (6u << 28) | ((uint)flow.U8(FlowLayout.NwTos) << 20) | flow.U32(FlowLayout.Ipv6Label);
        BinaryPrimitives.WriteUInt32BigEndian(ip, word);
        ip[6] = flow.U8(FlowLayout.NwProto);
        ip[7] = flow.U8(FlowLayout.NwTtl);
        flow.ReadOnlyBytes.Slice(FlowLayout.Ipv6Src, 32).CopyTo(ip[8..]);
        int l4Size = PutL4(in flow, l7, ip[40..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], (ushort)l4Size);
        uint pseudo = Checksums.Ipv6PseudoHeader(ip[8..], ip[24..], ip[6], l4Size);
        FinishL4(in flow, ip.Slice(40, l4Size), pseudo);
        return pos + 40 + l4Size;
    }

    // Only requests and replies carry addresses; other opcodes get an all-zero body, as upstream.
    private static int PutArp(in FlowData flow, Span<byte> d, int pos)
    {
        Span<byte> arp = d.Slice(pos, 28);
        arp.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EthType.Ip);
        arp[4] = 6;
        arp[5] = 4;
        byte op = flow.U8(FlowLayout.NwProto);
        arp[7] = op;
        if (op is 1 or 2)
        {
            flow.ReadOnlyBytes.Slice(FlowLayout.ArpSha, 6).CopyTo(arp[8..]);
            flow.ReadOnlyBytes.Slice(FlowLayout.NwSrc, 4).CopyTo(arp[14..]);
            flow.ReadOnlyBytes.Slice(FlowLayout.ArpTha, 6).CopyTo(arp[18..]);
            flow.ReadOnlyBytes.Slice(FlowLayout.NwDst, 4).CopyTo(arp[24..]);
        }

        return pos + 28;
    }

    private static bool HasTransportHeader(in FlowData flow) =>
        (flow.U8(FlowLayout.NwFrag) & (FlowExtractor.FragAny | FlowExtractor.FragLater)) != (FlowExtractor.FragAny | FlowExtractor.FragLater);

    private static int PutL4(in FlowData flow, ReadOnlySpan<byte> l7, Span<byte> l4)
    {
        if (!HasTransportHeader(in flow))
        {
            return 0;
        }

        byte type = (byte)flow.U16(FlowLayout.TpSrc), code = (byte)flow.U16(FlowLayout.TpDst);
        switch (flow.U8(FlowLayout.NwProto))
        {
            case IpProto.Tcp:
                {
                    l4[..20].Clear();
                    flow.ReadOnlyBytes.Slice(FlowLayout.TpSrc, 4).CopyTo(l4);
                    ushort flags = (ushort)(flow.U16(FlowLayout.TcpFlags) & 0x0fff);
                    BinaryPrimitives.WriteUInt16BigEndian(l4[12..], (ushort)((5 << 12) | flags));
                    return (flags & 0x7) == 0 ? 20 + Put(l7, l4[20..]) : 20;
                }

            case IpProto.Udp:
                l4[..8].Clear();
                flow.ReadOnlyBytes.Slice(FlowLayout.TpSrc, 4).CopyTo(l4);
                BinaryPrimitives.WriteUInt16BigEndian(l4[4..], (ushort)(8 + l7.Length));
                return 8 + Put(l7, l4[8..]);

            case IpProto.Sctp:
                l4[..12].Clear();
                flow.ReadOnlyBytes.Slice(FlowLayout.TpSrc, 4).CopyTo(l4);
                return 12;

            case IpProto.Icmp:
                l4[..8].Clear();
                l4[0] = type;
                l4[1] = code;
                return (type is 0 or 8) && code == 0 ? 8 + Put(l7, l4[8..]) : 8;

            case Igmp:
                l4[..8].Clear();
                l4[0] = type;
                l4[1] = code;
                flow.ReadOnlyBytes.Slice(FlowLayout.IgmpGroupIp4, 4).CopyTo(l4[4..]);
                return 8;

            case IpProto.Icmpv6:
                return PutIcmpv6(in flow, l7, l4, type, code);

            default:
                return 0;
        }
    }

    private static int PutIcmpv6(in FlowData flow, ReadOnlySpan<byte> l7, Span<byte> l4, byte type, byte code)
    {
        l4[..8].Clear();
        l4[0] = type;
        l4[1] = code;
        flow.ReadOnlyBytes.Slice(FlowLayout.IgmpGroupIp4, 4).CopyTo(l4[4..]);
        if (code != 0)
        {
            return 8;
        }

        if (type is (byte)IpProto.NdNeighborSolicit or (byte)IpProto.NdNeighborAdvert)
        {
            int size = 8;
            flow.ReadOnlyBytes.Slice(FlowLayout.NdTarget, 16).CopyTo(l4[size..]);
            size += 16;
            size = PutLinkAddressOption(in flow, FlowLayout.ArpSha, 1, l4, size);
            return PutLinkAddressOption(in flow, FlowLayout.ArpTha, 2, l4, size);
        }

        return type is 128 or 129 ? 8 + Put(l7, l4[8..]) : 8;
    }

    private static int PutLinkAddressOption(in FlowData flow, int offset, byte kind, Span<byte> l4, int size)
    {
        if (flow.IsZero(offset, 6))
        {
            return size;
        }

        l4[size] = kind;
        l4[size + 1] = 1;
        flow.ReadOnlyBytes.Slice(offset, 6).CopyTo(l4[(size + 2)..]);
        return size + 8;
    }

    private static int Put(ReadOnlySpan<byte> l7, Span<byte> destination)
    {
        l7.CopyTo(destination);
        return l7.Length;
    }

    // TCP, UDP and ICMPv6 checksums cover the pseudo-header; ICMP and IGMP only their own bytes; a computed UDP
    // checksum of 0 is sent as 0xffff (0 means "no checksum", RFC 768).
    private static void FinishL4(in FlowData flow, Span<byte> l4, uint pseudo)
    {
        if (l4.IsEmpty)
        {
            return;
        }

        switch (flow.U8(FlowLayout.NwProto))
        {
            case IpProto.Tcp:
                BinaryPrimitives.WriteUInt16BigEndian(l4[16..], Checksums.Finish(Checksums.Add(pseudo, l4)));
                break;
            case IpProto.Udp:
                ushort udp = Checksums.Finish(Checksums.Add(pseudo, l4));
                BinaryPrimitives.WriteUInt16BigEndian(l4[6..], udp == 0 ? (ushort)0xffff : udp);
                break;
            case IpProto.Icmp or Igmp:
                BinaryPrimitives.WriteUInt16BigEndian(l4[2..], Checksums.Compute(l4));
                break;
            case IpProto.Icmpv6:
                BinaryPrimitives.WriteUInt16BigEndian(l4[2..], Checksums.Finish(Checksums.Add(pseudo, l4)));
                break;
        }
    }
}
