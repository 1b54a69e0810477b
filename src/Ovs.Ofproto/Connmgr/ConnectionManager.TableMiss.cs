// Upstream: update_want_packet_in_on_miss() and connmgr_wants_packet_in_on_miss() of ofproto/connmgr.c (OVS 3.1)
//
// A table without a miss configuration of its own sends a missed packet to the controller only while some connection
// wants that: one with controller id 0 that speaks OpenFlow 1.0, 1.1 or 1.2 (whose default is to send misses; from
// OpenFlow 1.3 on a miss drops unless a table-miss flow says otherwise). A connection counts once its version is
// negotiated. The answer is recomputed after every connection event and handed to PacketInOnMissChanged when it
// changes, so that translation (on datapath threads) reads a plain flag; as upstream, flows already in the datapath
// follow at their next revalidation.
// Threading: main loop only.
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager
{
    private bool _wantsPacketInOnMiss;

    /// <summary>Told the new answer whenever whether some connection wants packet-ins on a table miss changes.</summary>
    public Action<bool>? PacketInOnMissChanged { get; set; }

    /// <summary>Whether a connection with controller id 0 and a negotiated version before OpenFlow 1.3 exists.</summary>
    public static bool WantsPacketInOnMiss(IEnumerable<OfConnection> connections) =>
        connections.Any(c => c.ControllerId == 0 && c.Version is >= (byte)OfpVersion.Of10 and < (byte)OfpVersion.Of13);

    private void UpdateWantsPacketInOnMiss()
    {
        bool wants = WantsPacketInOnMiss(_connections.Values);
        if (wants != _wantsPacketInOnMiss)
        {
            _wantsPacketInOnMiss = wants;
            PacketInOnMissChanged?.Invoke(wants);
        }
    }
}
