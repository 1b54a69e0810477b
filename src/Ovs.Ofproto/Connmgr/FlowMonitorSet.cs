// Upstream: struct ofmonitor and the per-connection monitor state of struct ofconn (monitors, updates,
// sent_abbrev_update) in ofproto/connmgr.c; ofmonitor_create(), ofmonitor_lookup() and the matching part of
// ofmonitor_report() (OVS 3.1)
//
// The flow monitors one connection set up, by id, and the updates collected for it during the current change of the
// flow tables. A monitor sees a rule when it asks for the kind of change (add, delete, modify), watches the rule's
// table (or all), the rule outputs to its out_port (or did, before a modify changed its actions) and to its
// out_group, and the rule's match is at least as specific as the monitor's. A change the connection made itself is
// sent in full only when one of the monitors that saw it asked for "own" changes; otherwise it is abbreviated to the
// xid of the request, once per change.
// Threading: main loop only.
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal sealed class FlowMonitorSet
{
    private readonly Dictionary<uint, FlowMonitorRequest> _monitors = [];
    private readonly List<FlowUpdate> _pending = [];
    private bool _sentAbbrev;

    public int Count => _monitors.Count;

    public bool TryGet(uint id, out FlowMonitorRequest? monitor) => _monitors.TryGetValue(id, out monitor);

    /// <summary>ofmonitor_create(): false (OFPMOFC_MONITOR_EXISTS) when the id is taken.</summary>
    public bool TryAdd(FlowMonitorRequest monitor) => _monitors.TryAdd(monitor.Id, monitor);

    public bool Remove(uint id) => _monitors.Remove(id);

    /// <summary>
    /// The flags of every monitor that sees this change of <paramref name="rule"/> (0 when none does);
    /// <paramref name="update"/> is the FlowMonitorRequest flag of the change's kind.
    /// </summary>
    public ushort Watching(OfRule rule, ushort update, IReadOnlyList<OfpAct>? oldActions)
    {
        ushort flags = 0;
        foreach (FlowMonitorRequest m in _monitors.Values)
        {
            if ((m.Flags & update) != 0
                && (m.TableId == FlowMod.TableAll || m.TableId == rule.TableId)
                && (rule.OutputsTo(m.OutPort) || (oldActions is not null && OfRule.ActionsOutputTo(oldActions, m.OutPort)))
                && rule.OutputsToGroup(m.OutGroup)
                && Classifier.Classifier.IsLooseMatch(rule.Match, m.Match))
            {
                flags |= m.Flags;
            }
        }

        return flags;
    }

    /// <summary>The rules monitors asking for the initial flows see now, each once, with the flags that apply to it.</summary>
    public static void CollectInitial(FlowTables tables, FlowMonitorRequest m, Dictionary<OfRule, ushort> found, List<OfRule> order)
    {
        if ((m.Flags & FlowMonitorRequest.Initial) == 0)
        {
            return;
        }

        foreach (OfRule rule in tables.Collect(m.TableId, m.Match, null, 0, 0, m.OutPort, m.OutGroup))
        {
            if (rule.Priority > ushort.MaxValue)
            {
                continue;
            }

            if (!found.TryGetValue(rule, out ushort flags))
            {
                order.Add(rule);
            }

            found[rule] = (ushort)(flags | FlowMonitorRequest.Initial | (m.Flags & FlowMonitorRequest.Instructions));
        }
    }

    /// <summary>Adds one change for this connection: in full, or abbreviated when it is the connection's own.</summary>
    public void Add(OfRule rule, FlowUpdateEvent ev, RuleRemovedReason reason, ushort flags, bool own, uint xid)
    {
        if (_pending.Count == 0)
        {
            _sentAbbrev = false;
        }

        if ((flags & FlowMonitorRequest.OnlyOwn) != 0 || !own)
        {
            _pending.Add(Describe(rule, ev, ev == FlowUpdateEvent.Removed ? (ushort)reason : (ushort)0, (flags & FlowMonitorRequest.Instructions) != 0));
        }
        else if (!_sentAbbrev)
        {
            _pending.Add(new FlowUpdate { Event = FlowUpdateEvent.Abbrev, Xid = xid });
            _sentAbbrev = true;
        }
    }

    /// <summary>Sends the collected updates as flow monitor replies with xid 0, in the connection's form.</summary>
    public void Flush(OfConnection connection)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        OfpRaw raw = ReplyFor(connection.Version);
        FlowTableHandlers.SendEntries(connection, raw, connection.Version, 0, _pending);
        _pending.Clear();
    }

    /// <summary>ofputil_start_flow_update(): Nicira's form up to OpenFlow 1.2, ONF's in 1.3, the standard one after.</summary>
    public static OfpRaw ReplyFor(byte version) => version switch
    {
        <= (byte)OfpVersion.Of12 => OfpRaw.NxstFlowMonitorReply,
        (byte)OfpVersion.Of13 => OfpRaw.Onfst13FlowMonitorReply,
        _ => OfpRaw.Ofpst14FlowMonitorReply,
    };

    /// <summary>A full update for <paramref name="rule"/>, with its actions when asked for.</summary>
    public static FlowUpdate Describe(OfRule rule, FlowUpdateEvent ev, ushort reason, bool actions) => new()
    {
        Event = ev,
        Reason = reason,
        TableId = rule.TableId,
        Cookie = rule.Cookie,
        Match = rule.Match,
        Priority = (ushort)rule.Priority,
        IdleTimeout = rule.IdleTimeout,
        HardTimeout = rule.HardTimeout,
        Actions = actions ? [.. rule.Actions] : [],
    };
}
