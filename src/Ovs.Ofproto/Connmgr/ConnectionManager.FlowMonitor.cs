// Upstream: ofmonitor_report() and ofmonitor_flush() of ofproto/connmgr.c (OVS 3.1)
//
// The connection manager as the flow tables' monitor sink: each change goes to every connection with a monitor that
// sees it (FlowMonitorSet), and after the change each connection gets what was collected for it. Pausing a
// connection whose updates back up (upstream's 128 kB limit, NXT_FLOW_MONITOR_PAUSED/RESUMED) is not done: updates
// queue like any other message.
// Threading: main loop only.
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager : IFlowMonitorSink
{
    public void Report(OfRule rule, FlowUpdateEvent ev, RuleRemovedReason reason, FlowModRequester? requester, IReadOnlyList<OfpAct>? oldActions)
    {
        ushort update = ev switch
        {
            FlowUpdateEvent.Added => FlowMonitorRequest.Add,
            FlowUpdateEvent.Removed => FlowMonitorRequest.Removed,
            _ => FlowMonitorRequest.Modify,
        };
        foreach (OfConnection connection in Connections)
        {
            FlowMonitorSet monitors = connection.FlowMonitors;
            if (monitors.Count == 0)
            {
                continue;
            }

            ushort flags = monitors.Watching(rule, update, oldActions);
            if (flags != 0)
            {
                bool own = requester is not null && ReferenceEquals(requester.Connection, connection);
                monitors.Add(rule, ev, reason, flags, own, requester?.Xid ?? 0);
            }
        }
    }

    public void Flush()
    {
        foreach (OfConnection connection in Connections)
        {
            connection.FlowMonitors.Flush(connection);
        }
    }
}
