// Upstream: lib/ofp-print.c, ofp_print_flow_removed() and ofp_print_flow_stats_request(), with
// ofputil_flow_removed_format() (lib/ofp-monitor.c) and ofputil_flow_stats_request_format() (lib/ofp-flow.c),
// OVS 3.1.
// ofp-print for the messages that carry a match and no actions.
using System.Globalization;
using System.Text;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class MatchMessageFormatters
{
    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[OfpRaw.Ofpt10FlowRemoved, OfpRaw.Ofpt11FlowRemoved, OfpRaw.Ofpt15FlowRemoved, OfpRaw.NxtFlowRemoved])
        {
            table.Add(raw, (sb, context, message, body) => FlowRemovedText(raw, sb, context, body));
        }

        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[
            OfpRaw.Ofpst10FlowRequest, OfpRaw.Ofpst11FlowRequest, OfpRaw.NxstFlowRequest, OfpRaw.Ofpst10AggregateRequest,
            OfpRaw.Ofpst11AggregateRequest, OfpRaw.Ofpst15AggregateRequest, OfpRaw.NxstAggregateRequest])
        {
            table.Add(raw, (sb, context, message, body) => FlowStatsRequestText(raw, sb, context, body));
        }
    }

    private static OfpError FlowRemovedText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> body)
    {
        OfpError error = FlowRemoved.TryDecode(raw, body, context.Warn, out FlowRemoved fr);
        if (error != OfpError.None)
        {
            return error;
        }

        sb.Append(' ');
        MatchFormatter.Append(sb, in fr.Match, fr.Priority);
        sb.Append(" reason=").Append(FlowRemoved.ReasonName(fr.Reason));
        if (fr.TableId != 255)
        {
            sb.Append(" table_id=").Append(fr.TableId);
        }

        if (fr.Cookie != 0)
        {
            sb.Append(" cookie:0x").Append(fr.Cookie.ToString("x", CultureInfo.InvariantCulture));
        }

        sb.Append(" duration");
        StatsReplyFormatters.AppendDuration(sb, fr.DurationSec, fr.DurationNsec);
        sb.Append(" idle").Append(fr.IdleTimeout);
        if (fr.HardTimeout != 0)
        {
            sb.Append(" hard").Append(fr.HardTimeout);
        }

        sb.Append(" pkts").Append(fr.PacketCount).Append(" bytes").Append(fr.ByteCount).Append('\n');
        return OfpError.None;
    }

    private static OfpError FlowStatsRequestText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> body)
    {
        OfpError error = FlowStatsRequest.TryDecode(raw, body, context.Warn, out FlowStatsRequest fsr);
        if (error != OfpError.None)
        {
            return error;
        }

        if (fsr.TableId != 0xff)
        {
            sb.Append(" table=").Append(fsr.TableId);
        }

        if (fsr.OutPort != 0xffff)
        {
            sb.Append(" out_port=");
            PortFormatters.AppendPortNumber(sb, fsr.OutPort);
        }

        sb.Append(' ');
        MatchFormatter.Append(sb, in fsr.Match);
        return OfpError.None;
    }
}
