// Upstream: lib/ofp-print.c, ofp_print_flow_removed() and ofp_print_flow_stats_request(), with
// ofputil_flow_removed_format() (lib/ofp-monitor.c) and ofputil_flow_stats_request_format() (lib/ofp-flow.c),
// OVS 3.1.
// ofp-print for the messages that carry a match and no actions.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
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

        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[
            OfpRaw.Ofpt10PacketIn, OfpRaw.Ofpt11PacketIn, OfpRaw.Ofpt12PacketIn, OfpRaw.Ofpt13PacketIn, OfpRaw.NxtPacketIn,
            OfpRaw.NxtPacketIn2, OfpRaw.NxtResume])
        {
            table.Add(raw, (sb, context, message, body) => PacketInText(raw, sb, context, message[0], body));
        }

        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[
            OfpRaw.Ofpt13SetAsync, OfpRaw.NxtSetAsyncConfig, OfpRaw.Ofpt13GetAsyncReply, OfpRaw.Ofpt14SetAsync,
            OfpRaw.Ofpt14GetAsyncReply, OfpRaw.NxtSetAsyncConfig2])
        {
            // A reply describes the switch's settings, so it is read loosely; a request is read as a switch would.
            bool loose = raw is OfpRaw.Ofpt13GetAsyncReply or OfpRaw.Ofpt14GetAsyncReply;
            table.Add(raw, (sb, context, message, body) =>
            {
                OfpError error = AsyncConfig.TryDecode(raw, message[0], body, loose, context.Warn, out AsyncConfig config);
                if (error == OfpError.None)
                {
                    config.Format(sb);
                }

                return error;
            });
        }
    }

    private static OfpError PacketInText(OfpRaw raw, StringBuilder sb, OfpPrintContext context, byte version, ReadOnlySpan<byte> body)
    {
        OfpError error = PacketInView.TryDecode(raw, version, body, context.Warn, out PacketInView pin, out Match metadata);
        if (error != OfpError.None)
        {
            return error;
        }

        // The continuation's actions are part of decoding: a bad one fails the message before anything is printed.
        List<OfpAct>? actions = null;
        List<OfpAct>? actionSet = null;
        if (pin.HasActions && (error = ContinuationActions.Read(pin.Continuation, version, context.Warn, out actions)) != OfpError.None)
        {
            return error;
        }

        if (pin.HasActionSet && (error = OfpActions.DecodeActions(pin.ActionSet, version, out actionSet, context.Warn)) != OfpError.None)
        {
            return error;
        }

        if (pin.TableId != 0)
        {
            sb.Append(" table_id=").Append(pin.TableId);
        }

        if (pin.Cookie != ulong.MaxValue)
        {
            sb.Append(" cookie=0x").Append(pin.Cookie.ToString("x", CultureInfo.InvariantCulture));
        }

        sb.Append(" total_len=").Append(pin.TotalLength).Append(' ');
        MatchFormatter.Append(sb, in metadata);
        sb.Append(" (via ").Append(PacketIn.ReasonName(pin.Reason)).Append(')');
        sb.Append(" data_len=").Append(pin.Packet.Length);
        if (pin.BufferId == uint.MaxValue)
        {
            sb.Append(" (unbuffered)");
            if (pin.TotalLength != pin.Packet.Length)
            {
                sb.Append(" (***total_len != data_len***)");
            }
        }
        else
        {
            sb.Append(" buffer=0x").Append(pin.BufferId.ToString("x8", CultureInfo.InvariantCulture));
            if (pin.TotalLength < pin.Packet.Length)
            {
                sb.Append(" (***total_len < data_len***)");
            }
        }

        sb.Append('\n');
        if (pin.Userdata.Length > 0)
        {
            sb.Append(" userdata=");
            AppendDotted(sb, pin.Userdata);
            sb.Append('\n');
        }

        if (pin.HasBridge && pin.Bridge.ContainsAnyExcept((byte)0))
        {
            ReadOnlySpan<byte> b = pin.Bridge;
            uint p0 = BinaryPrimitives.ReadUInt32LittleEndian(b);
            uint p1 = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
            uint p2 = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
            uint p3 = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]);
            sb.Append(CultureInfo.InvariantCulture, $" continuation.bridge={p0:x8}-{p1 >> 16:x4}-{p1 & 0xffff:x4}-{p2 >> 16:x4}-{p2 & 0xffff:x4}{p3:x8}\n");
        }

        if (pin.StackCount > 0)
        {
            sb.Append(" continuation.stack=(top)");
            foreach (ReadOnlySpan<byte> entry in pin.GetStackEnumerator())
            {
                sb.Append(' ');
                AppendSubvalue(sb, entry);
            }

            sb.Append(" (bottom)\n");
        }

        if (pin.Mirrors != 0)
        {
            sb.Append(" continuation.mirrors=0x").Append(pin.Mirrors.ToString("x", CultureInfo.InvariantCulture)).Append('\n');
        }

        if (pin.Conntracked)
        {
            sb.Append(" continuation.conntracked=true\n");
        }

        if (actions is not null)
        {
            // Each group of actions starts with the unroll_xlate that restores its table and cookie.
            sb.Append(" continuation.actions=");
            OfpActText.AppendList(sb, actions, OfpActFormatOptions.Default);
            sb.Append('\n');
        }

        if (actionSet is not null)
        {
            if (actionSet.Count > 0)
            {
                sb.Append(" continuation.action_set=");
                OfpActText.AppendList(sb, actionSet, OfpActFormatOptions.Default);
                sb.Append('\n');
            }
        }

        if (pin.OdpPort != 0)
        {
            sb.Append(" continuation.odp_port=").Append(pin.OdpPort).Append('\n');
        }

        if (context.Verbosity > 0)
        {
            sb.Append(FlowFormatter.FormatPacket(pin.Packet, metadata.Flow.U32(Ovs.Flow.FlowLayout.PacketType))).Append('\n');
        }

        if (context.Verbosity > 2)
        {
            HexDump.Append(sb, pin.Packet, 0, false);
        }

        return OfpError.None;
    }

    private static void AppendDotted(StringBuilder sb, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            sb.Append(data[i].ToString("x2", CultureInfo.InvariantCulture));
        }
    }

    // mf_subvalue_format: the value as hex without leading zero bytes ("0" when zero).
    private static void AppendSubvalue(StringBuilder sb, ReadOnlySpan<byte> value)
    {
        int first = value.IndexOfAnyExcept((byte)0);
        if (first < 0)
        {
            sb.Append('0');
            return;
        }

        sb.Append("0x").Append(value[first].ToString("x", CultureInfo.InvariantCulture));
        for (int i = first + 1; i < value.Length; i++)
        {
            sb.Append(value[i].ToString("x2", CultureInfo.InvariantCulture));
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
