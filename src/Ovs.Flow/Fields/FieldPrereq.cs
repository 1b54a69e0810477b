// Upstream: enum mf_prereqs in include/openvswitch/meta-flow.h (OVS 3.1); ovs-fields(7) "Prerequisites".
// What a match must already pin down before a field may be matched (checked by Match.ArePrerequisitesMet).
namespace Ovs.Flow.Fields;

internal enum FieldPrereq : byte
{
    None,
    Ethernet,
    Arp,
    Ipv4,
    Ipv6,
    Ip,
    Mpls,
    Ct,
    Tcp,
    Udp,
    Sctp,
    Icmpv4,
    Icmpv6,
    Nd,
    NdSolicit,
    NdAdvert,
    VlanVid,
    Nsh,
}
