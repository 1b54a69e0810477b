// Upstream: tnl_find(), tnl_find_exact() and tnl_port_receive() in ofproto/tunnel.c (OVS 3.1)
//
// Which tunnel port a packet received on a tunnel's datapath port belongs to. The tunnel metadata the datapath
// decapsulated (outer addresses, key, packet type) is looked up in the tunnel ports' matches, most specific first:
// a configured key before key=flow, a configured remote_ip before remote_ip=flow, and a configured local_ip before
// none before local_ip=flow; at each step a legacy port (L3 for a packet that has no Ethernet header, else L2)
// before a packet-type-aware one. A match describes packets being sent, so the packet's source address is
// looked up as the port's remote_ip and its destination as the local_ip.
// Threading: Receive runs on datapath threads and reads an immutable snapshot that the main loop replaces on
// every change.
using System.Net;
using Ovs.Flow;
using Ovs.Netdev.Tunnel;
using Ovs.Ofproto.Dpif.Upcall;

namespace Ovs.Ofproto.Core;

internal sealed partial class TunnelPorts : ITunnelReceiver
{
    private Dictionary<TunnelMatch, string> _receive = [];

    /// <summary>tnl_port_should_receive(): the packet came out of a tunnel (it has an outer destination).</summary>
    public static bool ShouldReceive(in FlowData flow) =>
        flow.U32(FlowLayout.TunDst) != 0 || !flow.IsZero(FlowLayout.TunIpv6Dst, 16);

    /// <summary>The name of the tunnel port that <paramref name="flow"/> (a datapath flow) was received on, or null.</summary>
    public string? Receive(in FlowData flow)
    {
        Dictionary<TunnelMatch, string> ports = Volatile.Read(ref _receive);
        if (ports.Count == 0)
        {
            return null;
        }

        IPAddress source = Address(in flow, FlowLayout.TunSrc, FlowLayout.TunIpv6Src);
        IPAddress destination = Address(in flow, FlowLayout.TunDst, FlowLayout.TunIpv6Dst);
        ulong key = flow.U64(FlowLayout.TunId);
        uint odpPort = flow.U16(FlowLayout.InPort);
        TunnelPacketType legacy = (flow.U32(FlowLayout.PacketType) >> 16) == 1 ? TunnelPacketType.LegacyL3 : TunnelPacketType.LegacyL2;
        foreach (bool keyFlow in s_bools)
        {
            foreach (bool remoteFlow in s_bools)
            {
                foreach (LocalIp local in s_locals)
                {
                    var match = new TunnelMatch(
                        keyFlow ? 0 : key,
                        local == LocalIp.Configured ? destination : TunnelConfig.Unset,
                        remoteFlow ? TunnelConfig.Unset : source,
                        local == LocalIp.Flow,
                        remoteFlow,
                        keyFlow,
                        odpPort,
                        legacy);
                    if (ports.TryGetValue(match, out string? name)
                        || ports.TryGetValue(match with { PacketType = TunnelPacketType.Aware }, out name))
                    {
                        return name;
                    }
                }
            }
        }

        return null;
    }

    private static readonly bool[] s_bools = [false, true];
    private static readonly LocalIp[] s_locals = [LocalIp.Configured, LocalIp.Any, LocalIp.Flow];

    private enum LocalIp
    {
        Configured,
        Any,
        Flow,
    }

    /// <summary>flow_tnl_src()/flow_tnl_dst(): the IPv4 address mapped to IPv6 when set, else the IPv6 one.</summary>
    private static IPAddress Address(in FlowData flow, int ipv4, int ipv6) =>
        flow.U32(ipv4) != 0
            ? new IPAddress(flow.ReadOnlyBytes.Slice(ipv4, 4)).MapToIPv6()
            : new IPAddress(flow.ReadOnlyBytes.Slice(ipv6, 16));

    private void PublishReceive()
    {
        var snapshot = new Dictionary<TunnelMatch, string>(_byMatch.Count);
        foreach ((TunnelMatch match, TunnelEntry entry) in _byMatch)
        {
            snapshot[match] = entry.Netdev.Name;
        }

        Volatile.Write(ref _receive, snapshot);
    }
}
