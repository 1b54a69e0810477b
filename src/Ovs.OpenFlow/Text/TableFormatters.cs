// Upstream: lib/ofp-print.c (ofp_print_table_stats_reply, ofp_print_table_features_reply, ofp_print_table_desc_reply,
// ofp_print_table_mod, ofp_print_table_status_message) and lib/ofp-table.c (ofputil_table_mod_format,
// ofputil_table_desc_format, ofputil_format_table_status) (OVS 3.1)
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class TableFormatters
{
    private static readonly string?[] s_evictionFlagNames = ["OTHER", "IMPORTANCE", "LIFETIME"];

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpst10TableReply, StatsReply);
        table.Add(OfpRaw.Ofpst11TableReply, StatsReply);
        table.Add(OfpRaw.Ofpst12TableReply, StatsReply);
        table.Add(OfpRaw.Ofpst13TableReply, StatsReply);
        table.Add(OfpRaw.Ofpst13TableFeaturesRequest, Features);
        table.Add(OfpRaw.Ofpst13TableFeaturesReply, Features);
        table.Add(OfpRaw.Ofpst14TableDescRequest, DescReply);
        table.Add(OfpRaw.Ofpst14TableDescReply, DescReply);
        table.Add(OfpRaw.Ofpt11TableMod, TableMod);
        table.Add(OfpRaw.Ofpt14TableMod, TableMod);
        table.Add(OfpRaw.Ofpt14TableStatus, Status);
    }

    private static OfpError StatsReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        var formatter = new TableFeaturesFormatter(sb);
        OfpError error = OfpError.None;
        while (!body.IsEmpty && error == OfpError.None)
        {
            error = TableStats.TryPull(ref body, message[0], context.Warn, out TableStats stats, out TableFeatures features);
            if (error == OfpError.None)
            {
                formatter.Add(features, stats);
            }
        }

        formatter.Finish();
        return error;
    }

    private static OfpError Features(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        var formatter = new TableFeaturesFormatter(sb);
        OfpError error = OfpError.None;
        while (!body.IsEmpty && error == OfpError.None)
        {
            error = TableFeatures.TryPull(ref body, message[0], context.Warn, out TableFeatures features);
            if (error == OfpError.None)
            {
                formatter.Add(features, null);
            }
        }

        formatter.Finish();
        return error;
    }

    private static OfpError DescReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            OfpError error = TableDesc.TryPull(ref body, message[0], context.Warn, out TableDesc? desc);
            if (error != OfpError.None)
            {
                return error;
            }

            AppendDesc(sb, desc!);
        }

        return OfpError.None;
    }

    private static OfpError Status(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = TableDesc.TryDecodeStatus(body, message[0], context.Warn, out byte reason, out TableDesc? desc);
        if (error != OfpError.None)
        {
            return error;
        }

        sb.Append(reason == TableDesc.ReasonVacancyDown ? " reason=VACANCY_DOWN" : " reason=VACANCY_UP");
        sb.Append("\ntable_desc:-");
        AppendDesc(sb, desc!);
        return OfpError.None;
    }

    private static OfpError TableMod(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _);
        OfpError error = Messages.TableMod.TryDecode(info!.Raw, message[0], body, context.Warn, out TableMod? tm);
        if (error != OfpError.None)
        {
            return error;
        }

        if (tm!.TableId == 0xff)
        {
            sb.Append(" table_id: ALL_TABLES");
        }
        else
        {
            sb.Append(" table_id=").Append(tm.TableId);
        }

        if (tm.Miss != TableMissConfig.Default)
        {
            sb.Append(", flow_miss_config=").Append(tm.Miss switch
            {
                TableMissConfig.Controller => "controller",
                TableMissConfig.Continue => "continue",
                _ => "drop",
            });
        }

        if (tm.Eviction != TableSetting.Default)
        {
            sb.Append(", eviction=").Append(SettingName(tm.Eviction));
        }

        if (tm.EvictionFlags != uint.MaxValue)
        {
            sb.Append("eviction_flags=");
            AppendEvictionFlags(sb, tm.EvictionFlags);
        }

        if (tm.Vacancy != TableSetting.Default)
        {
            sb.Append(", vacancy=").Append(SettingName(tm.Vacancy));
            if (tm.Vacancy == TableSetting.On)
            {
                sb.Append(" vacancy:").Append(tm.VacancyDown).Append(',').Append(tm.VacancyUp);
            }
        }

        return OfpError.None;
    }

    private static void AppendDesc(StringBuilder sb, TableDesc desc)
    {
        sb.Append("\n  table ").Append(desc.TableId).Append(":\n");
        sb.Append("   eviction=").Append(SettingName(desc.Eviction)).Append(" eviction_flags=");
        AppendEvictionFlags(sb, desc.EvictionFlags);
        sb.Append("\n   vacancy=").Append(SettingName(desc.Vacancy));
        if (desc.Vacancy == TableSetting.On)
        {
            sb.Append(" vacancy_down=").Append(desc.VacancyDown).Append('%')
                .Append(" vacancy_up=").Append(desc.VacancyUp).Append('%')
                .Append(" vacancy=").Append(desc.CurrentVacancy).Append('%');
        }

        sb.Append('\n');
    }

    private static void AppendEvictionFlags(StringBuilder sb, uint flags)
    {
        if (flags == uint.MaxValue)
        {
            sb.Append("(default)");
        }
        else
        {
            PortFormatters.AppendBitNames(sb, flags, s_evictionFlagNames, '|');
        }
    }

    private static string SettingName(TableSetting setting) => setting switch
    {
        TableSetting.Default => "default",
        TableSetting.On => "on",
        TableSetting.Off => "off",
        _ => "***error***",
    };
}
