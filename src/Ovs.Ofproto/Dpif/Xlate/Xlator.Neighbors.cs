// Upstream: terminate_native_tunnel() (its neighbour snooping), check_neighbor_reply(),
// is_neighbor_reply_correct(), is_neighbor_reply_matched() and xport_has_ip() of ofproto/ofproto-dpif-xlate.c;
// tnl_neigh_snoop(), tnl_arp_snoop() and tnl_nd_snoop() of lib/tnl-neigh-cache.c; is_garp(), is_nd() and
// is_nd_dst_correct() of lib/packets.h and flow.h (OVS 3.1)
//
// With native tunnelling on, a packet output to a port that has an IP address may teach the tunnel neighbour
// cache: an ARP reply or a neighbour advertisement addressed to one of the bridge's (or its ports') addresses, or a
// gratuitous ARP, records the sender's Ethernet address under the bridge's name. What the decision looked at joins
// the megaflow. Only a packet with side effects changes the cache (a trace does not). Terminating tunnels on such
// a port (tnl_pop) is not done here.
using Ovs.Flow;
using Ovs.Flow.Packets;
using Ovs.Netdev.Routing;

namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    private const byte NdNeighborSolicit = 135, NdNeighborAdvert = 136;

    private void SnoopNeighbors(XlatePort port)
    {
        if (!_bridge.Support.TunnelPushPop || _bridge.Neighbors is not NeighborCache cache
            || _bridge.DeviceAddresses(port.Name).Count == 0)
        {
            return;
        }

        if (!IsNeighborReplyToUs() && !IsGarp())
        {
            return;
        }

        if (!SnoopArp(cache))
        {
            SnoopNd(cache);
        }
    }

    private bool IsArp => _flow.U16(FlowLayout.DlType) == EthType.Arp;

    /// <summary>is_garp(): an ARP whose sender and target addresses are the same (both examined).</summary>
    private bool IsGarp()
    {
        if (!IsArp)
        {
            return false;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.NwSrc, 4);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.NwDst, 4);
        return _flow.U32(FlowLayout.NwSrc) == _flow.U32(FlowLayout.NwDst);
    }

    /// <summary>is_nd(): an ICMPv6 neighbour solicitation or advertisement (code 0).</summary>
    private bool IsNd()
    {
        if (_flow.U16(FlowLayout.DlType) != EthType.Ipv6)
        {
            return false;
        }

        _wc.Masks.SetU8(FlowLayout.NwProto, 0xff);

        if (_flow.U8(FlowLayout.NwProto) != IpProto.Icmpv6)
        {
            return false;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.TpDst, 2);

        if (_flow.U16(FlowLayout.TpDst) != 0)
        {
            return false;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.TpSrc, 2);

        ushort type = _flow.U16(FlowLayout.TpSrc);
        return type is NdNeighborSolicit or NdNeighborAdvert;
    }

    /// <summary>check_neighbor_reply(): an ARP or ND packet addressed to the bridge or one of its ports.</summary>
    private bool IsNeighborReplyToUs()
    {
        if (!IsArp && _flow.U8(FlowLayout.NwProto) != IpProto.Icmpv6)
        {
            return false;
        }

        foreach (Ipv6Address address in _bridge.DeviceAddresses(_bridge.Name))
        {
            if (IsReplyTo(address))
            {
                return true;
            }
        }

        // A port's first address only, as upstream looks.
        foreach (XlatePort port in _bridge.Ports.FloodOrder)
        {
            IReadOnlyList<Ipv6Address> addresses = _bridge.DeviceAddresses(port.Name);
            if (addresses.Count > 0 && IsReplyTo(addresses[0]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>is_neighbor_reply_matched(): ARP to the IPv4 address, or ND to the IPv6 one or its solicited-node group.</summary>
    private bool IsReplyTo(Ipv6Address address)
    {
        if (RouteAddress.IsMapped(address))
        {
            return IsArp && _flow.U32(FlowLayout.NwDst) == (uint)address.Low;
        }

        if (_flow.U16(FlowLayout.DlType) != EthType.Ipv6)
        {
            return false;
        }

        Ipv6Address dst = Ipv6Address.Read(_flow.ReadOnlyBytes.Slice(FlowLayout.Ipv6Dst, 16));
        var solicitedNode = new Ipv6Address(0xff02_0000_0000_0000UL, 0x0000_0001_ff00_0000UL | (address.Low & 0xff_ffff));
        return dst == address || dst == solicitedNode;
    }

    /// <summary>tnl_arp_snoop(): false when the packet is not an ARP reply or gratuitous ARP with a sender address.</summary>
    private bool SnoopArp(NeighborCache cache)
    {
        if (!IsArp)
        {
            return false;
        }

        if (!IsGarp())
        {
            _wc.Masks.SetU8(FlowLayout.NwProto, 0xff);
            if (_flow.U8(FlowLayout.NwProto) != ArpOpReply)
            {
                return false;
            }
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.ArpSha, 6);
        EthAddr sha = EthAddr.Read(_flow.ReadOnlyBytes.Slice(FlowLayout.ArpSha, 6));
        if (sha.Equals(EthAddr.Zero))
        {
            return false;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.NwSrc, 4);
        if (_sideEffects)
        {
            cache.Set(_bridge.Name, RouteAddress.MapIpv4(_flow.U32(FlowLayout.NwSrc)), sha);
        }

        return true;
    }

    /// <summary>tnl_nd_snoop(): a neighbour advertisement with a target link-layer address.</summary>
    private void SnoopNd(NeighborCache cache)
    {
        if (!IsNd() || _flow.U16(FlowLayout.TpSrc) != NdNeighborAdvert)
        {
            return;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.ArpTha, 6);
        EthAddr tha = EthAddr.Read(_flow.ReadOnlyBytes.Slice(FlowLayout.ArpTha, 6));
        if (tha.Equals(EthAddr.Zero))
        {
            return;
        }

        FlowEdit.Unwildcard(ref _wc, FlowLayout.Ipv6Src, 16);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.Ipv6Dst, 16);
        FlowEdit.Unwildcard(ref _wc, FlowLayout.NdTarget, 16);
        if (_sideEffects)
        {
            cache.Set(_bridge.Name, Ipv6Address.Read(_flow.ReadOnlyBytes.Slice(FlowLayout.NdTarget, 16)), tha);
        }
    }
}
