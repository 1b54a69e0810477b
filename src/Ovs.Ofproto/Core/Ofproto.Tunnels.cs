// Upstream: the tunnel parts of port_add(), port_del() and type_run() in ofproto/ofproto-dpif.c (OVS 3.1)
//
// A tunnel port's datapath port is the shared one of its type and destination port (DpifBacker.Tunnels.cs), so
// adding and removing a tunnel takes and drops a reference on it instead of adding and deleting a port. When a
// tunnel's options move it to another destination port, it moves to that port's datapath port.
// Threading: main loop only.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Flow.Packets;
using Ovs.Netdev;
using Ovs.Netdev.Routing;
using Ovs.Netdev.Tunnel;

namespace Ovs.Ofproto.Core;

internal sealed partial class Ofproto
{
    private static readonly VlogModule s_log = VlogModule.Get("ofproto");

    /// <summary>The tunnel neighbour cache the daemon's bridges share (ARP and ND snooping fill it).</summary>
    public NeighborCache Neighbors { get; }

    /// <summary>The IP addresses of the device <paramref name="name"/> (netdev_get_addr_list), IPv4 mapped.</summary>
    public IReadOnlyList<Ipv6Address> DeviceAddresses(string name) =>
        _netdevs.Find(name) is INetdevAddresses device ? [.. device.GetAddresses().Select(static a => a.Address)] : [];

    /// <summary>The datapath port name each tunnel port uses, by OpenFlow port number.</summary>
    private readonly Dictionary<ushort, string> _tunnelDatapathPorts = [];

    /// <summary>
    /// Puts <paramref name="netdev"/> into the datapath: patch ports stay out (null), tunnels share their type's port,
    /// others get their own. Returns 0 or the datapath's errno.
    /// </summary>
    private int AddDatapathPort(INetdev netdev, out uint? odpPort)
    {
        odpPort = null;
        if (netdev is ITunnelNetdev tunnel)
        {
            int error = _backer.AcquireTunnelPort(tunnel.DatapathPortName, tunnel.Type, out uint shared);
            if (error != 0)
            {
                return error;
            }

            odpPort = shared;
            return 0;
        }

        return netdev.Type == "patch" ? 0 : _backer.Dpif.PortAdd(netdev.Name, netdev.Type, ref odpPort);
    }

    /// <summary>Takes back what AddDatapathPort did; <paramref name="delete"/> false leaves the datapath untouched.</summary>
    private int RemoveDatapathPort(INetdev netdev, uint? odpPort, string? tunnelPort, bool delete)
    {
        if (netdev is ITunnelNetdev tunnel)
        {
            _backer.TunnelPorts.Remove(tunnel);
            _backer.ReleaseTunnelPort(tunnelPort ?? tunnel.DatapathPortName, keepInDatapath: !delete);
            return 0;
        }

        return delete && odpPort is uint odp ? _backer.Dpif.PortDel(odp) : 0;
    }

    /// <summary>
    /// port_construct()'s tnl_port_add(): false (after upstream's two warnings) when another tunnel port has the
    /// same match; the caller then takes the port back. Other devices always succeed.
    /// </summary>
    private bool RegisterTunnel(INetdev netdev, uint? odpPort)
    {
        if (netdev is not ITunnelNetdev tunnel || _backer.TunnelPorts.Add(tunnel, odpPort ?? 0))
        {
            return true;
        }

        s_log.Warn($"{Name}: could not add port {netdev.Name} ({OvsErrno.StrError(OvsErrno.EEXIST)})");
        return false;
    }

    private void RememberTunnel(INetdev netdev, ushort ofpPort)
    {
        if (netdev is ITunnelNetdev tunnel)
        {
            _tunnelDatapathPorts[ofpPort] = tunnel.DatapathPortName;
        }
    }

    private string? ForgetTunnel(ushort ofpPort) =>
        _tunnelDatapathPorts.Remove(ofpPort, out string? name) ? name : null;

    /// <summary>
    /// After a tunnel's options changed: moves it to the datapath port its configuration now names, when that is not
    /// the one it has. Returns 0 or the datapath's errno (the port then keeps the old one).
    /// </summary>
    public int ReconfigureTunnel(ushort ofpPort)
    {
        if (FindPort(ofpPort) is not { Netdev: ITunnelNetdev tunnel } port
            || !_tunnelDatapathPorts.TryGetValue(ofpPort, out string? current))
        {
            return 0;
        }

        uint odpPort = port.OdpPort ?? 0;
        if (current != tunnel.DatapathPortName)
        {
            int error = _backer.AcquireTunnelPort(tunnel.DatapathPortName, tunnel.Type, out odpPort);
            if (error != 0)
            {
                return error;
            }

            _backer.ReleaseTunnelPort(current);
            _tunnelDatapathPorts[ofpPort] = tunnel.DatapathPortName;
            _byName[port.Name] = port with { OdpPort = odpPort };
            Publish();
        }

        // tnl_port_reconfigure(): the port's match follows its configuration; a clash is warned about and the port
        // then matches no packets.
        if (!_backer.TunnelPorts.IsCurrent(tunnel, odpPort))
        {
            _backer.TunnelPorts.Remove(tunnel);
            _backer.TunnelPorts.Add(tunnel, odpPort);
        }

        return 0;
    }
}
