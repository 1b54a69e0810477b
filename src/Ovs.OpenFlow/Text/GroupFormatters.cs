// Upstream: lib/ofp-group.c, ofputil_group_mod_format(), ofputil_group_desc_format(), ofputil_group_stats_format(),
// ofp_print_group() and ofp_print_bucket_id(); lib/ofp-print.c ofp_print_requestforward() and lib/ofp-monitor.c
// ofputil_format_requestforward() (OVS 3.1).
//
// How ovs-ofctl prints groups: "group_id=N,type=T", the selection method, then each bucket as
// "bucket=bucket_id:I,weight:W,watch_port:P,watch_group:G,actions=..." where bucket ids appear only in OpenFlow 1.0
// and 1.5 and the other fields only when they differ from their defaults.
using System.Globalization;
using System.Text;
using Ovs.Flow.Fields;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class GroupFormatters
{
    private static readonly string[] s_typeNames = ["all", "select", "indirect", "ff", "unknown"];

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.NxtGroupMod, GroupModMessage);
        table.Add(OfpRaw.Ofpt11GroupMod, GroupModMessage);
        table.Add(OfpRaw.Ofpt15GroupMod, GroupModMessage);
        table.Add(OfpRaw.NxstGroupDescReply, GroupDescReply);
        table.Add(OfpRaw.Ofpst11GroupDescReply, GroupDescReply);
        table.Add(OfpRaw.NxstGroupReply, GroupStatsReply);
        table.Add(OfpRaw.Ofpst11GroupReply, GroupStatsReply);
        table.Add(OfpRaw.Ofpst13GroupReply, GroupStatsReply);
        table.Add(OfpRaw.NxstGroupFeaturesReply, GroupFeaturesReply);
        table.Add(OfpRaw.Ofpst12GroupFeaturesReply, GroupFeaturesReply);
        table.Add(OfpRaw.NxtRequestforward, RequestForward);
        table.Add(OfpRaw.Onft13Requestforward, RequestForward);
        table.Add(OfpRaw.Ofpt14Requestforward, RequestForward);
    }

    private static OfpError GroupModMessage(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = GroupCodec.TryDecodeGroupModBody(message[0], body, context.Warn, out GroupMod? gm);
        if (error == OfpError.None)
        {
            AppendGroupMod(sb, gm!, message[0]);
        }

        return error;
    }

    /// <summary>A group mod as its message body prints: a new line, the command, then the group.</summary>
    public static void AppendGroupMod(StringBuilder sb, GroupMod gm, byte version)
    {
        sb.Append("\n ");
        bool bucketCommand = false;
        switch (gm.Command)
        {
            case GroupCommand.Add:
                sb.Append("ADD");
                break;
            case GroupCommand.Modify:
                sb.Append("MOD");
                break;
            case GroupCommand.AddOrModify:
                sb.Append("ADD_OR_MOD");
                break;
            case GroupCommand.Delete:
                sb.Append("DEL");
                break;
            case GroupCommand.InsertBucket:
                sb.Append("INSERT_BUCKET");
                bucketCommand = true;
                break;
            case GroupCommand.RemoveBucket:
                sb.Append("REMOVE_BUCKET");
                bucketCommand = true;
                break;
            default:
                sb.Append("cmd:").Append((ushort)gm.Command);
                break;
        }

        sb.Append(' ');
        if (bucketCommand)
        {
            AppendBucketId(sb, "command_bucket_id:", gm.CommandBucketId, version);
        }

        AppendGroup(sb, gm.Group, version, suppressType: bucketCommand);
    }

    /// <summary>ofp_print_group(): the group's id, type, selection method and buckets.</summary>
    public static void AppendGroup(StringBuilder sb, Group group, byte version, bool suppressType = false, OfpActFormatOptions? options = null)
    {
        options ??= OfpActFormatOptions.Default;
        sb.Append("group_id=").Append(group.GroupId);
        if (!suppressType)
        {
            sb.Append(",type=").Append(s_typeNames[Math.Min((int)group.Type, 4)]);
        }

        if (group.Selection is { } selection)
        {
            AppendSelection(sb, selection);
        }

        sb.Append(',');
        byte defaultWeight = (byte)(group.Type == (byte)GroupType.Select ? 1 : 0);
        foreach (GroupBucket bucket in group.Buckets)
        {
            sb.Append("bucket=");
            AppendBucketId(sb, "bucket_id:", bucket.BucketId, version);
            if (bucket.Weight != defaultWeight)
            {
                sb.Append("weight:").Append(bucket.Weight).Append(',');
            }

            if (bucket.WatchPort != GroupIds.PortAny)
            {
                sb.Append("watch_port:");
                options.AppendPort(sb, bucket.WatchPort);
                sb.Append(',');
            }

            if (bucket.WatchGroup != GroupIds.Any)
            {
                sb.Append("watch_group:").Append(bucket.WatchGroup).Append(',');
            }

            sb.Append("actions=");
            OfpActions.Format(sb, bucket.Actions, options);
            sb.Append(',');
        }

        if (sb[^1] == ',')
        {
            sb.Length--;
        }
    }

    private static void AppendSelection(StringBuilder sb, GroupSelectionMethod selection)
    {
        sb.Append(",selection_method=").Append(selection.Method);
        if (selection.Param != 0)
        {
            sb.Append(",selection_method_param=").Append(selection.Param);
        }

        if (selection.Fields.Count == 0)
        {
            return;
        }

        sb.Append(selection.Fields.Count == 1 ? ",fields=" : ",fields(");
        for (int i = 0; i < selection.Fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            GroupHashField f = selection.Fields[i];
            FieldInfo field = FieldTable.Get(f.Field);
            sb.Append(field.Name);
            if (f.Mask.AsSpan().ContainsAnyExcept((byte)0xff))
            {
                sb.Append('=');
                FieldFormatter.Append(sb, field, f.Mask);
            }
        }

        if (selection.Fields.Count > 1)
        {
            sb.Append(')');
        }
    }

    // Bucket ids exist in OpenFlow 1.0 (the Nicira extension) and 1.5 only.
    private static void AppendBucketId(StringBuilder sb, string label, uint id, byte version)
    {
        if (version > OfpVersions.Min && version < (byte)OfpVersion.Of15)
        {
            return;
        }

        sb.Append(label);
        switch (id)
        {
            case GroupIds.BucketFirst:
                sb.Append("first");
                break;
            case GroupIds.BucketLast:
                sb.Append("last");
                break;
            case GroupIds.BucketAll:
                sb.Append("all");
                break;
            default:
                sb.Append(id);
                break;
        }

        sb.Append(',');
    }

    private static OfpError GroupDescReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        while (true)
        {
            OfpError error = GroupCodec.PullGroupDesc(ref body, message[0], context.Warn, out Group? group);
            if (error != OfpError.None || group is null)
            {
                return error;
            }

            sb.Append("\n ");
            AppendGroup(sb, group, message[0]);
        }
    }

    private static OfpError GroupStatsReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _);
        while (true)
        {
            OfpError error = GroupCodec.PullGroupStats(ref body, info!, context.Warn, out GroupStats? gs);
            if (error != OfpError.None)
            {
                sb.Append(" ***parse error***");
                return error;
            }

            if (gs is null)
            {
                return OfpError.None;
            }

            sb.Append("\n group_id=").Append(gs.GroupId).Append(',');
            if (gs.DurationSec != uint.MaxValue)
            {
                sb.Append("duration=");
                StatsReplyFormatters.AppendDuration(sb, gs.DurationSec, gs.DurationNsec);
                sb.Append(',');
            }

            sb.Append("ref_count=").Append(gs.RefCount).Append(",packet_count=").Append(gs.PacketCount)
                .Append(",byte_count=").Append(gs.ByteCount);
            for (int i = 0; i < gs.BucketCounters.Count; i++)
            {
                (ulong packets, ulong bytes) = gs.BucketCounters[i];
                if (packets != ulong.MaxValue)
                {
                    sb.Append(",bucket").Append(i).Append(":packet_count=").Append(packets).Append(",byte_count=").Append(bytes);
                }
            }
        }
    }

    private static OfpError GroupFeaturesReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        GroupFeatures features = GroupFeatures.Decode(body, message[0]);
        sb.Append("\n Group table:\n    Types:  0x").Append(features.Types.ToString("x", CultureInfo.InvariantCulture))
            .Append("\n    Capabilities:  0x").Append(features.Capabilities.ToString("x", CultureInfo.InvariantCulture)).Append('\n');
        string[] names = ["all", "select", "indirect", "fast failover"];
        for (int i = 0; i < 4; i++)
        {
            if ((features.Types & (1u << i)) == 0)
            {
                continue;
            }

            uint max = features.MaxGroups[i];
            sb.Append("    ").Append(names[i]).Append(" group:\n       max_groups=")
                .Append(max == 0 ? "0" : "0x" + max.ToString("x", CultureInfo.InvariantCulture))
                .Append("\n       actions: ");
            GroupFeatures.AppendActions(sb, features.Actions[i]);
            sb.Append('\n');
        }

        return OfpError.None;
    }

    // The forwarded request is decoded whole before anything is printed: a group mod prints through the group
    // printer, a meter mod through whatever formatter the printer has for OFPT_METER_MOD.
    private static OfpError RequestForward(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = RequestForwardCodec.TryDecodeInner(message, body, context.Warn, out ReadOnlySpan<byte> inner, out OfpRawInfo? info);
        if (error != OfpError.None)
        {
            return error;
        }

        var text = new StringBuilder();
        string reason;
        if (info!.Raw == OfpRaw.Ofpt13MeterMod)
        {
            reason = "meter_mod";
            error = OfpPrinter.FormatInnerBody(text, context, info, inner);
        }
        else
        {
            reason = "group_mod";
            error = GroupCodec.TryDecodeGroupModBody(inner[0], inner[info.HeaderSize(inner[0])..], context.Warn, out GroupMod? gm);
            if (error == OfpError.None)
            {
                AppendGroupMod(text, gm!, message[0]);
            }
        }

        if (error == OfpError.None)
        {
            sb.Append(" reason=").Append(reason).Append(text);
        }

        return error;
    }
}
