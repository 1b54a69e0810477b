// Upstream: netdev_get_addr_list() of lib/netdev.c (OVS 3.1)
using Ovs.Flow.Packets;

namespace Ovs.Netdev.Routing;

/// <summary>A device that has IP addresses: each with its mask, IPv4 ones mapped to IPv6.</summary>
internal interface INetdevAddresses
{
    IReadOnlyList<(Ipv6Address Address, Ipv6Address Mask)> GetAddresses();
}
