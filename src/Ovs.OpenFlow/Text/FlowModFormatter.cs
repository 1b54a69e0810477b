// Upstream: ofputil_flow_mod_format() and ofp_print_flow_flags() in lib/ofp-flow.c (OVS 3.1).
//
// ofp-print's text for OFPT_FLOW_MOD and NXT_FLOW_MOD: " CMD [table:N] MATCH [cookie...] [idle:N] [hard:N]
// [importance:N] [pri:N] [buf:0x..] [out_port:P] FLAGS actions=...". The message is decoded as a switch with the
// flow_mod_table_id extension would. Below verbosity 3 the match is printed from the decoded flow with its priority;
// from verbosity 3 an OpenFlow 1.0 match is printed field by field from the wire and an NXM match as raw NXM, and the
// priority then follows as "pri:N" when it is not the default.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Nxm;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class FlowModFormatter
{
    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        foreach (OfpRaw raw in (ReadOnlySpan<OfpRaw>)[OfpRaw.Ofpt10FlowMod, OfpRaw.Ofpt11FlowMod, OfpRaw.NxtFlowMod])
        {
            table.Add(raw, (sb, context, message, body) => Format(raw, sb, context, message, body));
        }
    }

    public static string CommandName(FlowModCommand command) => command switch
    {
        FlowModCommand.Add => "ADD",
        FlowModCommand.Modify => "MOD",
        FlowModCommand.ModifyStrict => "MOD_STRICT",
        FlowModCommand.Delete => "DEL",
        FlowModCommand.DeleteStrict => "DEL_STRICT",
        _ => "cmd:" + ((int)command).ToString(CultureInfo.InvariantCulture),
    };

    private static OfpError Format(OfpRaw raw, StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = FlowMod.TryDecode(message, tableIdExtension: true, context.Warn, out FlowMod fm);
        if (error != OfpError.None)
        {
            return error;
        }

        sb.Append(' ').Append(CommandName(fm.Command));
        if (fm.TableId != 0)
        {
            sb.Append(" table:").Append(fm.TableId);
        }

        sb.Append(' ');
        bool needPriority;
        if (context.Verbosity >= 3 && raw == OfpRaw.Ofpt10FlowMod)
        {
            Ofp10MatchText.Append(sb, body, context.Verbosity);
            needPriority = BinaryPrimitives.ReadUInt16BigEndian(body[54..]) != FlowMod.DefaultPriority;
        }
        else if (context.Verbosity >= 3 && raw == OfpRaw.NxtFlowMod)
        {
            int matchLength = BinaryPrimitives.ReadUInt16BigEndian(body[24..]);
            sb.Append(NxmText.Format(body.Slice(32, matchLength)));
            needPriority = true;
        }
        else
        {
            MatchFormatter.Append(sb, in fm.Match, fm.Priority);
            needPriority = false;
        }

        if (sb[^1] != ' ')
        {
            sb.Append(' ');
        }

        AppendFields(sb, fm, needPriority);

        // OpenFlow 1.0 and 1.1 have no reset_counts flag (an add always resets), so showing one would mislead.
        OfpFlowModFlags flags = fm.Flags;
        if (message[0] <= 2)
        {
            flags &= ~OfpFlowModFlags.ResetCounts;
        }

        OfpFlowModFlagCodec.Format(sb, flags);
        sb.Append("actions=");
        OfpActions.Format(sb, fm.Actions);
        return OfpError.None;
    }

    private static void AppendFields(StringBuilder sb, FlowMod fm, bool needPriority)
    {
        if (fm.NewCookie is not 0 and not ulong.MaxValue)
        {
            sb.Append("cookie:0x").Append(fm.NewCookie.ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        }

        if (fm.CookieMask != 0)
        {
            sb.Append("cookie:0x").Append(fm.Cookie.ToString("x", CultureInfo.InvariantCulture))
                .Append("/0x").Append(fm.CookieMask.ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        }

        if (fm.IdleTimeout != 0)
        {
            sb.Append("idle:").Append(fm.IdleTimeout).Append(' ');
        }

        if (fm.HardTimeout != 0)
        {
            sb.Append("hard:").Append(fm.HardTimeout).Append(' ');
        }

        if (fm.Importance != 0)
        {
            sb.Append("importance:").Append(fm.Importance).Append(' ');
        }

        if (needPriority && fm.Priority != FlowMod.DefaultPriority)
        {
            sb.Append("pri:").Append(fm.Priority).Append(' ');
        }

        if (fm.BufferId != FlowMod.NoBuffer)
        {
            sb.Append("buf:0x").Append(fm.BufferId.ToString("x", CultureInfo.InvariantCulture)).Append(' ');
        }

        if (fm.OutPort != FlowMod.PortAny)
        {
            sb.Append("out_port:").Append(OfpPortText.Format(fm.OutPort)).Append(' ');
        }
    }
}
