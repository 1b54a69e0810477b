// Upstream: handle_flow_monitor_request(), handle_flow_monitor_cancel(), flow_monitor_delete(),
// ofproto_collect_ofmonitor_refresh_rules() and ofproto_compose_flow_refresh_update() of ofproto/ofproto.c (OVS 3.1)
//
// NXST_FLOW_MONITOR, ONFST_FLOW_MONITOR and OFPST_FLOW_MONITOR requests set up flow monitors on the connection (an
// OpenFlow 1.4 request may also modify or delete one by id), then the reply, in the request's form and with its
// xid, lists the flows that monitors asking for the initial flows see now (event "initial", shown as "added" in the
// Nicira and ONF forms). A bad table, a taken id or an unknown id fails the request, and the monitors it created
// are dropped again. NXT_FLOW_MONITOR_CANCEL and ONFT_FLOW_MONITOR_CANCEL drop one monitor.
// Threading: main loop only.
using System.Buffers.Binary;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class FlowMonitorHandlers
{
    public static OfpError Request(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        FlowMonitorSet monitors = connection.FlowMonitors;
        var created = new List<FlowMonitorRequest>();
        ReadOnlySpan<byte> rest = request.Body;
        while (true)
        {
            OfpError error = FlowMonitorRequest.TryDecodeNext(request.Info.Raw, ref rest, null, out FlowMonitorRequest? m);
            if (error == OfpError.None && m is null)
            {
                break;
            }

            error = error != OfpError.None ? error : Apply(monitors, m!, created);
            if (error != OfpError.None)
            {
                foreach (FlowMonitorRequest c in created)
                {
                    monitors.Remove(c.Id);
                }

                return error;
            }
        }

        var flagsByRule = new Dictionary<OfRule, ushort>();
        var rules = new List<OfRule>();
        foreach (FlowMonitorRequest m in created)
        {
            FlowMonitorSet.CollectInitial(ofproto.Tables, m, flagsByRule, rules);
        }

        var updates = new List<FlowUpdate>(rules.Count);
        foreach (OfRule rule in rules)
        {
            ushort flags = flagsByRule[rule];
            FlowUpdateEvent ev = (flags & FlowMonitorRequest.Initial) != 0 ? FlowUpdateEvent.Initial : FlowUpdateEvent.Added;
            updates.Add(FlowMonitorSet.Describe(rule, ev, 0, (flags & FlowMonitorRequest.Instructions) != 0));
        }

        OfpRaw reply = request.Info.Raw switch
        {
            OfpRaw.NxstFlowMonitorRequest => OfpRaw.NxstFlowMonitorReply,
            OfpRaw.Onfst13FlowMonitorRequest => OfpRaw.Onfst13FlowMonitorReply,
            _ => OfpRaw.Ofpst14FlowMonitorReply,
        };
        FlowTableHandlers.SendEntries(connection, reply, request.Version, request.Xid, updates);
        return OfpError.None;
    }

    private static OfpError Apply(FlowMonitorSet monitors, FlowMonitorRequest m, List<FlowMonitorRequest> created)
    {
        if (m.TableId != FlowMod.TableAll && m.TableId >= FlowTables.Count)
        {
            return OfpError.OfpbrcBadTableId;
        }

        if (m.Command != FlowMonitorRequest.CommandAdd && !monitors.Remove(m.Id))
        {
            return OfpError.OfpmofcUnknownMonitor;
        }

        if (m.Command == FlowMonitorRequest.CommandDelete)
        {
            return OfpError.None;
        }

        if (!monitors.TryAdd(m))
        {
            return OfpError.OfpmofcMonitorExists;
        }

        created.Add(m);
        return OfpError.None;
    }

    public static OfpError Cancel(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request) =>
        connection.FlowMonitors.Remove(BinaryPrimitives.ReadUInt32BigEndian(request.Body)) ? OfpError.None : OfpError.OfpmofcUnknownMonitor;
}
