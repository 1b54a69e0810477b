// Upstream: the ofmonitor_report() calls of add_flow_finish(), replace_rule_finish() and delete_flows_finish__() in
// ofproto/ofproto.c, and the ofmonitor_flush() after each change (OVS 3.1)
//
// What flow monitors hear about a finished change of the tables. A new rule is "added"; a rule replaced by an add
// is "added" again, by a modify "modified" (only when its actions or cookie changed, and with the old actions so
// that a monitor on an output port the rule no longer uses still hears of it); a rule deleted, expired or removed
// with its group is "removed" with that reason; a rule an add evicted is "removed" with the eviction reason (and,
// as upstream, the rule that took its place is not reported). Rules of a priority above 65535 are hidden and never
// reported. Each change names the connection and xid of the request that made it, if any, so that a connection's
// own changes can be abbreviated. After every change the sink flushes what it collected.
// Threading: main loop only.
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

/// <summary>The connection and xid of the request behind a flow table change (upstream's openflow_mod_requester).</summary>
internal sealed record FlowModRequester(OfConnection Connection, uint Xid);

/// <summary>Where the flow tables report changes for flow monitors (the connection manager).</summary>
internal interface IFlowMonitorSink
{
    /// <summary>
    /// One change: <paramref name="ev"/> is Added, Removed or Modified; <paramref name="oldActions"/> are the actions
    /// a modified rule had, when they changed.
    /// </summary>
    void Report(OfRule rule, FlowUpdateEvent ev, RuleRemovedReason reason, FlowModRequester? requester, IReadOnlyList<OfpAct>? oldActions);

    /// <summary>Sends what the reports of one change collected.</summary>
    void Flush();
}

internal sealed partial class FlowTables
{
    /// <summary>The OpenFlow wire version whose instructions can hold every action, to compare action lists.</summary>
    private const byte ComparisonVersion = 6;

    /// <summary>Who hears about changes for flow monitors, or null.</summary>
    public IFlowMonitorSink? Monitor { get; set; }

    private void ReportToMonitors(OfRule rule, FlowUpdateEvent ev, RuleRemovedReason reason, FlowModRequester? requester, IReadOnlyList<OfpAct>? oldActions = null)
    {
        // rule_is_hidden(): priorities above 65535 belong to the switch itself (in-band, fail-open).
        if (Monitor is not null && rule.Priority <= ushort.MaxValue)
        {
            Monitor.Report(rule, ev, reason, requester, oldActions);
        }
    }

    /// <summary>Reports one rule of a finished transaction: new, replacing another, or taking an evicted one's place.</summary>
    private void ReportReplaced(Transaction txn, OfRule? old, OfRule rule)
    {
        txn.Origins.TryGetValue(rule, out Transaction.Origin origin);
        if (old is null)
        {
            ReportToMonitors(rule, FlowUpdateEvent.Added, RuleRemovedReason.None, origin.Requester);
        }
        else if (old.RemovedReason == RuleRemovedReason.Eviction)
        {
            ReportToMonitors(old, FlowUpdateEvent.Removed, RuleRemovedReason.Eviction, origin.Requester);
        }
        else
        {
            bool changedActions = !SameActions(old.Actions, rule.Actions);
            if (origin.Command == FlowModCommand.Add || changedActions || old.Cookie != rule.Cookie)
            {
                FlowUpdateEvent ev = origin.Command == FlowModCommand.Add ? FlowUpdateEvent.Added : FlowUpdateEvent.Modified;
                ReportToMonitors(rule, ev, RuleRemovedReason.None, origin.Requester, changedActions ? old.Actions : null);
            }
        }
    }

    private static bool SameActions(IReadOnlyList<OfpAct> a, IReadOnlyList<OfpAct> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        var x = new System.Buffers.ArrayBufferWriter<byte>();
        var y = new System.Buffers.ArrayBufferWriter<byte>();
        OfpActions.EncodeInstructions(a, ComparisonVersion, x);
        OfpActions.EncodeInstructions(b, ComparisonVersion, y);
        return x.WrittenSpan.SequenceEqual(y.WrittenSpan);
    }
}
