// IP protocol numbers (IANA) that the flow vocabulary gives meaning to, and the ICMPv6 neighbour discovery types.
namespace Ovs.Flow.Packets;

internal static class IpProto
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Icmpv6 = 58;
    public const byte Sctp = 132;

    /// <summary>ICMPv6 type of a neighbour solicitation (RFC 4861).</summary>
    public const ushort NdNeighborSolicit = 135;

    /// <summary>ICMPv6 type of a neighbour advertisement (RFC 4861).</summary>
    public const ushort NdNeighborAdvert = 136;
}
