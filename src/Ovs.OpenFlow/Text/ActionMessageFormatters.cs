// Upstream: lib/ofp-print.c, ofp_print_packet_out(), ofp_print_flow_stats_reply(), ofp_print_flow_monitor_request()
// and ofp_print_flow_monitor_reply(), with ofputil_packet_out_format() (lib/ofp-packet.c),
// ofputil_flow_stats_format() and ofputil_aggregate_stats_format() (lib/ofp-flow.c),
// ofputil_flow_monitor_request_format() and ofputil_flow_update_format() (lib/ofp-monitor.c), OVS 3.1.
// ofp-print for the messages other than flow_mod and group messages that carry actions: packet-out, flow statistics
// replies and flow monitor updates; also flow monitor requests and the OpenFlow 1.5 aggregate reply. A multipart
// message prints its entries one per line until the first that fails to decode; that failure is the message's error.
using System.Globalization;
using System.Text;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class ActionMessageFormatters
{
    private const ushort DefaultPriority = 0x8000;

    private static readonly string?[] s_monitorFlagNames = ["initial", "add", "delete", "modify", "actions", "no-abbrev", "own"];

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[OfpRaw.Ofpt10PacketOut, OfpRaw.Ofpt11PacketOut, OfpRaw.Ofpt15PacketOut])
        {
            table.Add(raw, (sb, context, message, body) => PacketOutText(raw, sb, context, message[0], body));
        }

        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[
            OfpRaw.Ofpst10FlowReply, OfpRaw.Ofpst11FlowReply, OfpRaw.Ofpst13FlowReply, OfpRaw.Ofpst15FlowReply, OfpRaw.NxstFlowReply])
        {
            table.Add(raw, (sb, context, message, body) => FlowStatsReplyText(raw, sb, context, message[0], body));
        }

        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[
            OfpRaw.NxstFlowMonitorRequest, OfpRaw.Onfst13FlowMonitorRequest, OfpRaw.Ofpst14FlowMonitorRequest])
        {
            table.Add(raw, (sb, context, message, body) => FlowMonitorRequestText(raw, sb, context, body));
        }

        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[
            OfpRaw.NxstFlowMonitorReply, OfpRaw.Onfst13FlowMonitorReply, OfpRaw.Ofpst14FlowMonitorReply])
        {
            table.Add(raw, (sb, context, message, body) => FlowMonitorReplyText(raw, sb, context, message[0], body));
        }

        table.Add(OfpRaw.Ofpst15AggregateReply, Aggregate15Text);
    }

    private static OfpError PacketOutText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, byte version, ReadOnlySpan<byte> body)
    {
        OfpError error = PacketOut.TryDecode(raw, version, body, context.Warn, out PacketOut po);
        if (error != OfpError.None)
        {
            return error;
        }

        sb.Append(' ');
        MatchFormatter.Append(sb, in po.FlowMetadata);
        sb.Append(" actions=");
        OfpActions.Format(sb, po.Actions);
        if (po.BufferId != PacketOut.NoBuffer)
        {
            sb.Append(" buffer=0x").Append(po.BufferId.ToString("x8", CultureInfo.InvariantCulture));
            return OfpError.None;
        }

        sb.Append(" data_len=").Append(po.Packet.Length);
        if (context.Verbosity > 0 && po.Packet.Length > 0)
        {
            sb.Append('\n').Append(FlowFormatter.FormatPacket(po.Packet, po.FlowMetadata.Flow.U32(Ovs.Flow.FlowLayout.PacketType))).Append('\n');
        }

        if (context.Verbosity > 2)
        {
            HexDump.Append(sb, po.Packet, 0, false);
        }

        return OfpError.None;
    }

    private static OfpError FlowStatsReplyText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, byte version, ReadOnlySpan<byte> body)
    {
        while (true)
        {
            OfpError error = FlowStats.TryDecodeNext(raw, version, ref body, context.Warn, out FlowStats? fs);
            if (error != OfpError.None || fs is null)
            {
                return error;
            }

            sb.Append("\n ");
            AppendFlowStats(sb, fs, showStats: true);
        }
    }

    /// <summary>One flow as dump-flows shows it (with statistics when <paramref name="showStats"/>).</summary>
    public static void AppendFlowStats(StringBuilder sb, FlowStats fs, bool showStats)
    {
        if (showStats || fs.Cookie != 0)
        {
            sb.Append("cookie=0x").Append(fs.Cookie.ToString("x", CultureInfo.InvariantCulture)).Append(", ");
        }

        if (showStats)
        {
            sb.Append("duration=");
            StatsReplyFormatters.AppendDuration(sb, fs.DurationSec, fs.DurationNsec);
            sb.Append(", ");
        }

        if (showStats || fs.TableId != 0)
        {
            sb.Append("table=").Append(fs.TableId).Append(", ");
        }

        if (showStats)
        {
            AppendCount(sb, "n_packets=", fs.PacketCount);
            AppendCount(sb, "n_bytes=", fs.ByteCount);
        }

        if (fs.IdleTimeout != 0)
        {
            sb.Append("idle_timeout=").Append(fs.IdleTimeout).Append(", ");
        }

        if (fs.HardTimeout != 0)
        {
            sb.Append("hard_timeout=").Append(fs.HardTimeout).Append(", ");
        }

        OfpFlowModFlagCodec.Format(sb, fs.Flags);
        if (fs.Importance != 0)
        {
            sb.Append("importance=").Append(fs.Importance).Append(", ");
        }

        if (showStats && fs.IdleAge >= 0)
        {
            sb.Append("idle_age=").Append(fs.IdleAge).Append(", ");
        }

        if (showStats && fs.HardAge >= 0 && (uint)fs.HardAge != fs.DurationSec)
        {
            sb.Append("hard_age=").Append(fs.HardAge).Append(", ");
        }

        int length = sb.Length;
        MatchFormatter.Append(sb, in fs.Match, fs.Priority);
        if (sb.Length != length)
        {
            sb.Append(' ');
        }

        sb.Append("actions=");
        OfpActions.Format(sb, fs.Actions);
    }

    private static void AppendCount(StringBuilder sb, string label, ulong count)
    {
        sb.Append(label);
        if (count == ulong.MaxValue)
        {
            sb.Append('?');
        }
        else
        {
            sb.Append(count);
        }

        sb.Append(", ");
    }

    private static OfpError Aggregate15Text(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = OxsStats.TryDecode(body, out OxsStats stats, out _);
        if (error == OfpError.None)
        {
            sb.Append(" packet_count=").Append(stats.Packets).Append(" byte_count=").Append(stats.Bytes).Append(" flow_count=").Append(stats.Flows);
        }

        return error;
    }

    private static OfpError FlowMonitorRequestText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> body)
    {
        while (true)
        {
            OfpError error = FlowMonitorRequest.TryDecodeNext(raw, ref body, context.Warn, out FlowMonitorRequest? rq);
            if (error != OfpError.None || rq is null)
            {
                return error;
            }

            sb.Append("\n id=").Append(rq.Id);
            if (rq.Command == FlowMonitorRequest.CommandDelete)
            {
                sb.Append(" command=delete");
                continue;
            }

            sb.Append(" flags=");
            AppendNames(sb, rq.Flags, s_monitorFlagNames);
            if (rq.OutPort != OfpPorts.None)
            {
                sb.Append(" out_port=");
                PortFormatters.AppendPortNumber(sb, rq.OutPort);
            }

            if (rq.OutGroup != 0 && rq.OutGroup != FlowMonitorRequest.GroupAny)
            {
                sb.Append(" out_group=").Append(unchecked((int)rq.OutGroup));
            }

            if (rq.TableId != 0xff)
            {
                sb.Append(" table=").Append(rq.TableId);
            }

            sb.Append(' ');
            MatchFormatter.Append(sb, in rq.Match);
            if (sb[^1] == ' ')
            {
                sb.Length--;
            }
        }
    }

    // ofp_print_bit_names() with a comma: the names of the set bits, unnamed ones as hex, "0" for none.
    private static void AppendNames(StringBuilder sb, uint bits, string?[] names)
    {
        if (bits == 0)
        {
            sb.Append('0');
            return;
        }

        bool first = true;
        for (int i = 0; i < 32; i++)
        {
            uint bit = 1u << i;
            if ((bits & bit) == 0)
            {
                continue;
            }

            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            if (i < names.Length && names[i] is { } name)
            {
                sb.Append(name);
            }
            else
            {
                sb.Append("0x").Append(bit.ToString("x", CultureInfo.InvariantCulture));
            }
        }
    }

    private static OfpError FlowMonitorReplyText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, byte version, ReadOnlySpan<byte> body)
    {
        while (true)
        {
            OfpError error = FlowUpdate.TryDecodeNext(raw, version, ref body, context.Warn, out FlowUpdate? update);
            if (error != OfpError.None || update is null)
            {
                return error;
            }

            AppendFlowUpdate(sb, update);
        }
    }

    private static void AppendFlowUpdate(StringBuilder sb, FlowUpdate update)
    {
        sb.Append("\n event=");
        switch (update.Event)
        {
            case FlowUpdateEvent.Initial:
                sb.Append("INITIAL");
                break;
            case FlowUpdateEvent.Added:
                sb.Append("ADDED");
                break;
            case FlowUpdateEvent.Removed:
                sb.Append("DELETED reason=").Append(update.Reason <= byte.MaxValue
                    ? FlowRemoved.ReasonName((byte)update.Reason)
                    : update.Reason.ToString(CultureInfo.InvariantCulture));
                break;
            case FlowUpdateEvent.Modified:
                sb.Append("MODIFIED");
                break;
            case FlowUpdateEvent.Abbrev:
                sb.Append("ABBREV xid=0x").Append(update.Xid.ToString("x", CultureInfo.InvariantCulture));
                return;
            case FlowUpdateEvent.Paused:
                sb.Append("PAUSED");
                return;
            default:
                sb.Append("RESUMED");
                return;
        }

        sb.Append(" table=").Append(update.TableId);
        if (update.IdleTimeout != 0)
        {
            sb.Append(" idle_timeout=").Append(update.IdleTimeout);
        }

        if (update.HardTimeout != 0)
        {
            sb.Append(" hard_timeout=").Append(update.HardTimeout);
        }

        sb.Append(" cookie=").Append(update.Cookie == 0 ? "0" : "0x" + update.Cookie.ToString("x", CultureInfo.InvariantCulture));
        sb.Append(' ');
        MatchFormatter.Append(sb, in update.Match, DefaultPriority);
        if (update.Actions.Count > 0)
        {
            if (sb[^1] != ' ')
            {
                sb.Append(' ');
            }

            sb.Append("actions=");
            OfpActions.Format(sb, update.Actions);
        }
    }
}
