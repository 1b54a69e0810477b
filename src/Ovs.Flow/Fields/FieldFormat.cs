// Upstream: enum mf_string in include/openvswitch/meta-flow.h (OVS 3.1).
// How a field's value (and mask) is written as text by ovs-ofctl and accepted back.
namespace Ovs.Flow.Fields;

internal enum FieldFormat : byte
{
    Decimal,
    Hexadecimal,
    Ethernet,
    Ipv4,
    Ipv6,
    OfpPort,
    Ofp11Port,
    TunnelFlags,
    PacketType,
    Frag,
    CtState,
    TcpFlags,
}
