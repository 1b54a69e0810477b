// Upstream: lib/ofp-meter.c, ofputil_format_meter_mod(), ofputil_format_meter_config(), ofputil_format_meter_stats()
// and ofputil_format_meter_features(); lib/ofp-print.c, the meter reply loops (OVS 3.1)
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class MeterFormatters
{
    private static readonly string?[] s_bandTypeNames = [null, "drop", "dscp_remark"];

    private static readonly string?[] s_capabilityNames = ["kbps", "pktps", "burst", "stats"];

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpt13MeterMod, MeterMod);
        table.Add(OfpRaw.Ofpst13MeterConfigReply, ConfigReply);
        table.Add(OfpRaw.Ofpst13MeterReply, StatsReply);
        table.Add(OfpRaw.Ofpst13MeterFeaturesReply, FeaturesReply);
    }

    private static OfpError MeterMod(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpError error = Messages.MeterMod.TryDecode(body, out MeterMod? mod);
        if (error != OfpError.None)
        {
            return error;
        }

        sb.Append(mod!.Command switch
        {
            MeterModCommand.Add => " ADD ",
            MeterModCommand.Modify => " MOD ",
            _ => " DEL ",
        });
        AppendConfig(sb, mod.Meter);
        return OfpError.None;
    }

    private static OfpError ConfigReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            OfpError error = MeterConfig.TryPullEntry(ref body, context.Warn, out MeterConfig? config);
            if (error != OfpError.None)
            {
                return error;
            }

            sb.Append('\n');
            AppendConfig(sb, config!);
        }

        return OfpError.None;
    }

    private static OfpError StatsReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        while (!body.IsEmpty)
        {
            OfpError error = MeterStats.TryPullEntry(ref body, context.Warn, out MeterStats? stats);
            if (error != OfpError.None)
            {
                return error;
            }

            sb.Append('\n');
            StatsFormatters.AppendMeter(sb, stats!.MeterId, ':');
            sb.Append(" flow_count:").Append(stats.FlowCount)
                .Append(" packet_in_count:").Append(stats.PacketInCount)
                .Append(" byte_in_count:").Append(stats.ByteInCount)
                .Append(" duration:");
            StatsReplyFormatters.AppendDuration(sb, stats.DurationSec, stats.DurationNsec);
            sb.Append(" bands:\n");
            for (int i = 0; i < stats.Bands.Length; i++)
            {
                sb.Append(i).Append(": packet_count:").Append(stats.Bands[i].PacketCount)
                    .Append(" byte_count:").Append(stats.Bands[i].ByteCount).Append('\n');
            }
        }

        return OfpError.None;
    }

    private static OfpError FeaturesReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        MeterFeatures f = MeterFeatures.Decode(body);
        sb.Append("\nmax_meter:").Append(f.MaxMeters)
            .Append(" max_bands:").Append(f.MaxBands)
            .Append(" max_color:").Append(f.MaxColor)
            .Append("\nband_types: ");
        PortFormatters.AppendBitNames(sb, f.BandTypes, s_bandTypeNames);
        sb.Append("\ncapabilities: ");
        PortFormatters.AppendBitNames(sb, f.Capabilities, s_capabilityNames);
        sb.Append('\n');
        return OfpError.None;
    }

    /// <summary>"meter=N flags... bands=" and one line per band, as a meter mod and a config reply print them.</summary>
    public static void AppendConfig(StringBuilder sb, MeterConfig config)
    {
        StatsFormatters.AppendMeter(sb, config.MeterId, '=');
        sb.Append(' ');
        MeterFlags flags = config.Flags;
        if ((flags & MeterFlags.Kbps) != 0)
        {
            sb.Append("kbps ");
        }

        if ((flags & MeterFlags.Pktps) != 0)
        {
            sb.Append("pktps ");
        }

        if ((flags & MeterFlags.Burst) != 0)
        {
            sb.Append("burst ");
        }

        if ((flags & MeterFlags.Stats) != 0)
        {
            sb.Append("stats ");
        }

        var unknown = (ushort)(flags & ~(MeterFlags.Kbps | MeterFlags.Pktps | MeterFlags.Burst | MeterFlags.Stats));
        if (unknown != 0)
        {
            sb.Append("flags:0x").Append(unknown.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        sb.Append("bands=");
        foreach (MeterBand band in config.Bands)
        {
            sb.Append("\ntype=");
            switch (band.Type)
            {
                case MeterBandType.Drop:
                    sb.Append("drop");
                    break;
                case MeterBandType.DscpRemark:
                    sb.Append("dscp_remark");
                    break;
                default:
                    sb.Append((ushort)band.Type);
                    break;
            }

            sb.Append(" rate=").Append(band.Rate);
            if ((flags & MeterFlags.Burst) != 0)
            {
                sb.Append(" burst_size=").Append(band.BurstSize);
            }

            if (band.Type == MeterBandType.DscpRemark)
            {
                sb.Append(" prec_level=").Append(band.PrecLevel);
            }
        }

        sb.Append('\n');
    }
}
