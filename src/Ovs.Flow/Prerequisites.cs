// Upstream: mf_are_match_prereqs_ok() in lib/meta-flow.c and the is_*() helpers of lib/flow.h (OVS 3.1).
// Whether a match already pins down what a field needs: for example tcp_src needs an IP Ethernet type and
// protocol 6, and nd_sll an ICMPv6 neighbour solicitation.
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;

namespace Ovs.Flow;

internal static class Prerequisites
{
    private const byte CsNew = 0x01, CsEstablished = 0x02, CsRelated = 0x04, CsReplyDir = 0x08, CsInvalid = 0x10,
        CsTracked = 0x20, CsSrcNat = 0x40, CsDstNat = 0x80;

    public static bool AreMet(in Match match, FieldInfo field) => AreMet(in match, field.Prereq);

    public static bool AreMet(in Match match, FieldPrereq prereq)
    {
        ushort dlType = match.DlType;
        ref readonly FlowData flow = ref match.Flow;
        return prereq switch
        {
            FieldPrereq.None => true,
            FieldPrereq.Ethernet => IsEthernet(in match),
            FieldPrereq.Arp => EthType.IsArp(dlType),
            FieldPrereq.Ipv4 => dlType == EthType.Ip,
            FieldPrereq.Ipv6 => dlType == EthType.Ipv6,
            FieldPrereq.VlanVid => IsEthernet(in match) && (flow.U16(FlowLayout.VlanTci) & 0x1000) != 0,
            FieldPrereq.Mpls => EthType.IsMpls(dlType),
            FieldPrereq.Ip => IsIpAny(dlType),
            FieldPrereq.Nsh => dlType == EthType.Nsh,
            FieldPrereq.Ct => IsCtValid(in match),
            FieldPrereq.Tcp => IsIpProto(in match, IpProto.Tcp) && (flow.U8(FlowLayout.NwFrag) & 2) == 0,
            FieldPrereq.Udp => IsIpProto(in match, IpProto.Udp) && (flow.U8(FlowLayout.NwFrag) & 2) == 0,
            FieldPrereq.Sctp => IsIpProto(in match, IpProto.Sctp) && (flow.U8(FlowLayout.NwFrag) & 2) == 0,
            FieldPrereq.Icmpv4 => dlType == EthType.Ip && flow.U8(FlowLayout.NwProto) == IpProto.Icmp,
            FieldPrereq.Icmpv6 => IsIcmpv6(in match),
            FieldPrereq.Nd => IsNd(in match),
            FieldPrereq.NdSolicit => IsNd(in match) && flow.U16(FlowLayout.TpSrc) == IpProto.NdNeighborSolicit,
            FieldPrereq.NdAdvert => IsNd(in match) && flow.U16(FlowLayout.TpSrc) == IpProto.NdNeighborAdvert,
            _ => false,
        };
    }

    public static bool IsIpAny(ushort dlType) => EthType.IsIp(dlType);

    private static bool IsEthernet(in Match match) => match.Flow.U32(FlowLayout.PacketType) == 0;

    private static bool IsIpProto(in Match match, byte proto) => IsIpAny(match.DlType) && match.Flow.U8(FlowLayout.NwProto) == proto;

    private static bool IsIcmpv6(in Match match) => match.DlType == EthType.Ipv6 && match.Flow.U8(FlowLayout.NwProto) == IpProto.Icmpv6;

    private static bool IsNd(in Match match) =>
        IsIcmpv6(in match) && match.Flow.U16(FlowLayout.TpDst) == 0 && match.Flow.U16(FlowLayout.TpSrc) is IpProto.NdNeighborSolicit or IpProto.NdNeighborAdvert;

    // A match is conntrack-valid if it requires one of the states only a valid entry has, or requires tracked and
    // explicitly not invalid.
    private static bool IsCtValid(in Match match)
    {
        byte state = match.Flow.U8(FlowLayout.CtState);
        byte mask = match.Wildcards.Masks.U8(FlowLayout.CtState);
        return (state & (CsNew | CsEstablished | CsRelated | CsReplyDir | CsSrcNat | CsDstNat)) != 0
            || ((state & CsTracked) != 0 && (mask & CsInvalid) != 0 && (state & CsInvalid) == 0);
    }
}
