// Upstream: the dp_execute_cb callback that lib/odp-execute.c hands the actions it cannot run alone to
// (lib/dpif-netdev.c, OVS 3.1).
// OdpExecutor runs datapath (ODP) actions on a batch of packets by itself where an action only changes the
// packets (set, push/pop headers, truncate, hash...). The actions that need the datapath (sending to a port,
// recirculating, sending to userspace, tunnel push/pop, conntrack, meters) it hands to the host, which is the
// datapath thread that is running the batch.
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal interface IOdpExecuteHost
{
    /// <summary>
    /// Runs one action that needs the datapath on every packet of the batch. The action is the whole netlink
    /// attribute (header included). The host owns the packets from here: it sends, queues or releases them, and
    /// leaves the batch empty. When the executor still needs the packets after this action, it passes a copy.
    /// The exception is meter, which works in place: the host releases the packets the meter drops and leaves the
    /// others in the batch, where the following actions find them.
    /// </summary>
    void Execute(DpPacketBatch batch, ReadOnlySpan<byte> action);
}
