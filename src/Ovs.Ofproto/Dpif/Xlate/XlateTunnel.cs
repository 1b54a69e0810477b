// Upstream: the tunnel part of struct xport (is_tunnel, pt_mode) and the netdev_tunnel_config that
// tnl_port_send() reads in ofproto/tunnel.c (OVS 3.1)
//
// What translation needs of a tunnel port: its type (which decides the options a set(tunnel(...)) carries) and its
// configuration as of the translation.
using Ovs.Netdev.Tunnel;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>A tunnel port's type ("gre", "vxlan", ...) and configuration.</summary>
internal sealed record XlateTunnel(string Type, TunnelConfig Config);
