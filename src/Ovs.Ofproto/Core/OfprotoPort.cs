// Upstream: struct ofport and struct ofproto_port of ofproto/ofproto-provider.h (OVS 3.1)
using Ovs.Netdev;

namespace Ovs.Ofproto.Core;

/// <summary>
/// A port of a bridge: its OpenFlow number, its device, and its datapath port number (null for a port that lives
/// only in ofproto, as patch ports do: upstream's "ghost" ports, which translation handles without the datapath).
/// </summary>
internal sealed record OfprotoPort(string Name, string Type, ushort OfpPort, uint? OdpPort, INetdev Netdev);
