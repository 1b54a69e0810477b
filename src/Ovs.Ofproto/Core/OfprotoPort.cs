// Upstream: struct ofport and struct ofproto_port of ofproto/ofproto-provider.h (OVS 3.1)
using Ovs.Netdev;

namespace Ovs.Ofproto.Core;

/// <summary>
/// A port of a bridge: its OpenFlow number, its device, and its datapath port number (null for a port that lives
/// only in ofproto, as patch ports do: upstream's "ghost" ports, which translation handles without the datapath).
/// </summary>
internal sealed record OfprotoPort(string Name, string Type, ushort OfpPort, uint? OdpPort, INetdev Netdev)
{
    /// <summary>When the port was added, in milliseconds of the switch's clock (port statistics' duration).</summary>
    public long CreatedMs { get; init; }

    /// <summary>OpenFlow config bits set with port-mod other than PORT_DOWN, which is the device's own state.</summary>
    public uint Config { get; set; }

    /// <summary>The description last announced to controllers in a port status (null before the first).</summary>
    public Ovs.OpenFlow.Messages.PhyPort? Announced { get; set; }
}
