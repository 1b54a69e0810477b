// Upstream: struct oftable and the ofproto's array of tables (ofproto/ofproto-provider.h, ofproto.c) (OVS 3.1)
//
// The OpenFlow tables of one switch, as the rest of the switch layer reads them. Translation (upcalls,
// ofproto/trace, packet-out) looks rules up through IXlateTables; the OpenFlow message handler changes them.
// A new switch has 255 empty tables whose miss behaviour is the default (drop, or packet-in for OpenFlow 1.0-1.2
// controllers).
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed class FlowTables : IXlateTables
{
    /// <summary>ofproto-dpif's table count.</summary>
    public const int Count = 255;

    public int TableCount => Count;

    public bool WantsPacketInOnMiss => false;

    public XlateRule? Lookup(byte table, in FlowData flow, ref FlowWildcards wildcards) => null;

    public TableMissConfig MissConfig(byte table) => TableMissConfig.Default;
}
