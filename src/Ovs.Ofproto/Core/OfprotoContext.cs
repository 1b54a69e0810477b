// Upstream: the process-wide state ofproto-dpif keeps in static variables: all_dpif_backers, and the datapath and
// netdev classes registered at start-up (ofproto/ofproto-dpif.c, lib/dpif.c, lib/netdev.c) (OVS 3.1)
//
// What every switch of a daemon shares: the datapath and device registries, the backers (one datapath per type),
// and the clock. Upstream keeps these in globals; here the daemon makes one context and tests make their own.
// Threading: main loop only, like the switches.
using Ovs.Dpif;
using Ovs.Netdev;
using Ovs.Netdev.Routing;

namespace Ovs.Ofproto.Core;

internal sealed class OfprotoContext(DpifRegistry datapaths, NetdevRegistry netdevs, TimeProvider time)
{
    public DpifRegistry Datapaths { get; } = datapaths;

    public NetdevRegistry Netdevs { get; } = netdevs;

    public TimeProvider Time { get; } = time;

    /// <summary>
    /// Runs an action on the daemon's main loop; the switches' OpenFlow connections hand their messages over through
    /// it. Null (unit tests of the tables and ports) means no connections.
    /// </summary>
    public Action<Action>? Post { get; init; }

    /// <summary>The flow limit and max-idle every datapath's upcall handling and revalidation follow.</summary>
    public Dpif.Upcall.UpcallSettings UpcallSettings { get; } = new();

    /// <summary>The userspace routing table (ovs/route/*), whose routes' devices are the registry's.</summary>
    public OvsRouter Router { get; } = new(netdevs.Find);

    /// <summary>The tunnel neighbour cache (tnl/neigh/*), aging by the daemon's clock.</summary>
    public NeighborCache Neighbors { get; } = new(() => time.GetTimestamp() * 1000 / time.TimestampFrequency);

    /// <summary>The open backers by datapath type.</summary>
    public Dictionary<string, DpifBacker> Backers { get; } = new(StringComparer.Ordinal);

    /// <summary>Every switch by name (upstream's all_ofproto_dpifs_by_name), for ofproto/trace and dpif/show.</summary>
    public Dictionary<string, Ofproto> Switches { get; } = new(StringComparer.Ordinal);

    /// <summary>The datapath types bridges can use (ofproto_enumerate_types), sorted.</summary>
    public IReadOnlyList<string> DatapathTypes => Datapaths.Types;

    /// <summary>The device types interfaces can have (netdev_enumerate_types), sorted.</summary>
    public IReadOnlyList<string> InterfaceTypes => Netdevs.Types;
}
