// Upstream: flow_wildcards_init_for_packet() in lib/flow.c (OVS 3.1).
// The wildcards that make a match out of an extracted flow: every field the packet's headers give meaning to is
// exact, everything else (OpenFlow-only metadata, registers, fields of absent layers) is wildcarded. Which fields
// count follows the packet: the VLAN stack down to the first absent header, the MPLS stack down to its
// bottom-of-stack entry, ND addresses only for neighbour discovery, transport ports only for first fragments.
using Ovs.Flow.Packets;

namespace Ovs.Flow.Extract;

internal static class PacketWildcards
{
    private const byte Igmp = 2;

    public static FlowWildcards For(in FlowData flow)
    {
        FlowWildcards wc = default;
        Span<byte> m = wc.Masks.Bytes;

        if (flow.U32(FlowLayout.TunDst) != 0 || !flow.IsZero(FlowLayout.TunIpv6Dst, 16))
        {
            // Upstream masks tun_id only when the tunnel carried a key; a flow keeps no "key present" flag, so a
            // non-zero tun_id stands for it.
            Exact(m, FlowLayout.TunId, flow.U64(FlowLayout.TunId) != 0 ? 8 : 0);
            Exact(m, FlowLayout.TunIpv6Src, FlowLayout.Metadata - FlowLayout.TunIpv6Src);
            if (flow.U64(FlowLayout.TunMetadataPresent) != 0)
            {
                Exact(m, FlowLayout.TunMetadataPresent, 8 + FlowLayout.TunMetadataOptsSize);
            }
        }
        else if (flow.U64(FlowLayout.TunId) != 0)
        {
            Exact(m, FlowLayout.TunId, 8);
        }

        Exact(m, FlowLayout.SkbPriority, 4);
        Exact(m, FlowLayout.PktMark, 4);
        Exact(m, FlowLayout.CtState, 1);
        Exact(m, FlowLayout.CtZone, 2);
        Exact(m, FlowLayout.CtMark, 4);
        Exact(m, FlowLayout.CtLabel, 16);
        Exact(m, FlowLayout.RecircId, 4);
        Exact(m, FlowLayout.DpHash, 4);
        Exact(m, FlowLayout.InPort, 2);
        Exact(m, FlowLayout.PacketType, 4);

        ushort dlType;
        uint packetType = flow.U32(FlowLayout.PacketType);
        if (packetType == 0)
        {
            Exact(m, FlowLayout.DlDst, 6);
            Exact(m, FlowLayout.DlSrc, 6);
            Exact(m, FlowLayout.DlType, 2);
            Exact(m, FlowLayout.VlanTpid, 2);
            Exact(m, FlowLayout.VlanTci, 2);
            if (flow.U16(FlowLayout.VlanTci) != 0)
            {
                Exact(m, FlowLayout.Vlan1Tpid, 2);
                Exact(m, FlowLayout.Vlan1Tci, 2);
            }

            dlType = flow.U16(FlowLayout.DlType);
        }
        else
        {
            dlType = (ushort)packetType;
        }

        byte nwProto = flow.U8(FlowLayout.NwProto);
        if (dlType == EthType.Ip)
        {
            Exact(m, FlowLayout.NwSrc, 8);
            Exact(m, FlowLayout.CtNwSrc, 8);
        }
        else if (dlType == EthType.Ipv6)
        {
            Exact(m, FlowLayout.Ipv6Src, 32);
            Exact(m, FlowLayout.Ipv6Label, 4);
            if (IsNd(in flow))
            {
                Exact(m, FlowLayout.ArpSha, 12);
                Exact(m, FlowLayout.NdTarget, 16);
            }
            else
            {
                Exact(m, FlowLayout.CtIpv6Src, 32);
            }
        }
        else if (EthType.IsArp(dlType))
        {
            Exact(m, FlowLayout.NwSrc, 8);
            Exact(m, FlowLayout.NwProto, 1);
            Exact(m, FlowLayout.ArpSha, 12);
            return wc;
        }
        else if (EthType.IsMpls(dlType))
        {
            ReadOnlySpan<int> stack = [FlowLayout.MplsLse, FlowLayout.MplsLse1, FlowLayout.MplsLse2];
            foreach (int slot in stack)
            {
                Exact(m, slot, 4);
                if ((flow.U32(slot) & 0x100) != 0)
                {
                    break;
                }
            }

            return wc;
        }
        else if (flow.U16(FlowLayout.DlType) == EthType.Nsh)
        {
            Exact(m, FlowLayout.NshFlags, 4);
            Exact(m, FlowLayout.NshPathHdr, 4 + 16);
        }
        else
        {
            return wc;
        }

        m[FlowLayout.NwFrag] = FlowExtractor.FragAny | FlowExtractor.FragLater;
        Exact(m, FlowLayout.NwTos, 3);
        Exact(m, FlowLayout.CtNwProto, 1);
        Exact(m, FlowLayout.CtTpSrc, 4);
        if ((flow.U8(FlowLayout.NwFrag) & FlowExtractor.FragLater) == 0
            && nwProto is IpProto.Icmp or IpProto.Icmpv6 or IpProto.Tcp or IpProto.Udp or IpProto.Sctp or Igmp)
        {
            Exact(m, FlowLayout.TpSrc, 4);
            if (nwProto == IpProto.Tcp)
            {
                Exact(m, FlowLayout.TcpFlags, 2);
            }
            else if (nwProto == Igmp)
            {
                Exact(m, FlowLayout.IgmpGroupIp4, 4);
            }
        }

        return wc;
    }

    /// <summary>Upstream is_nd(): an ICMPv6 neighbour solicitation or advertisement with code 0.</summary>
    public static bool IsNd(in FlowData flow) =>
        flow.U16(FlowLayout.DlType) == EthType.Ipv6 && flow.U8(FlowLayout.NwProto) == IpProto.Icmpv6
        && flow.U16(FlowLayout.TpDst) == 0
        && flow.U16(FlowLayout.TpSrc) is IpProto.NdNeighborSolicit or IpProto.NdNeighborAdvert;

    private static void Exact(Span<byte> m, int offset, int size) => m.Slice(offset, size).Fill(0xff);
}
