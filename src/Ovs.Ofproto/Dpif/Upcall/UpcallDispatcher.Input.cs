// Upstream: xlate_lookup_ofproto_() in ofproto/ofproto-dpif-xlate.c with tnl_port_should_receive() and
// tnl_port_receive() of ofproto/tunnel.c (OVS 3.1)
//
// The OpenFlow port a datapath flow came in on. A packet that came out of a tunnel (its flow has an outer
// destination address) belongs to the tunnel port its metadata matches, whatever bridge that port is on; any
// other packet to the port with its datapath number. Tunnel ports share their datapath port and are never looked
// up by its number.
// Threading: datapath threads and the main loop.
using System.Globalization;
using Ovs.Common.Logging;
using Ovs.Flow;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Upcall;

/// <summary>The tunnel port a decapsulated packet belongs to (upstream tnl_port_receive()).</summary>
internal interface ITunnelReceiver
{
    /// <summary>The name of the tunnel port <paramref name="flow"/> (a datapath flow) was received on, or null.</summary>
    string? Receive(in FlowData flow);
}

internal sealed partial class UpcallDispatcher
{
    private static readonly VlogModule s_tunnelLog = VlogModule.Get("tunnel");
    private static readonly VlogRateLimit s_tunnelRateLimit = new(1, 5);

    /// <summary>The datapath's tunnel ports (null: none can be received on).</summary>
    public ITunnelReceiver? Tunnels { get; set; }

    /// <summary>
    /// The bridge and port that datapath flow <paramref name="dpFlow"/> was received on, or null with upstream's
    /// message in <paramref name="error"/>.
    /// </summary>
    public IXlateBridge? FindInput(in FlowData dpFlow, out XlatePort? port, out string? error)
    {
        error = null;
        if (dpFlow.U32(FlowLayout.TunDst) == 0 && dpFlow.IsZero(FlowLayout.TunIpv6Dst, 16))
        {
            uint dpPort = dpFlow.U16(FlowLayout.InPort);
            IXlateBridge? bridge = FindByDpPort(dpPort, out port);
            if (bridge is null)
            {
                error = "no OpenFlow port for datapath port " + dpPort.ToString(CultureInfo.InvariantCulture);
            }

            return bridge;
        }

        if (Tunnels?.Receive(in dpFlow) is string name)
        {
            foreach (IXlateBridge bridge in Bridges)
            {
                port = bridge.Ports.ByName(name);
                if (port is not null)
                {
                    return bridge;
                }
            }
        }

        s_tunnelLog.Log(VlogLevel.Warn, s_tunnelRateLimit, $"receive tunnel port not found ({FlowFormatter.Format(in dpFlow)})");
        port = null;
        error = "no OpenFlow tunnel port for this packet";
        return null;
    }
}
