// Upstream: format_dpif_flow() in lib/dpctl.c, dpif_flow_stats_format() in lib/dpif.c and
// packet_format_tcp_flags() in lib/packets.c (OVS 3.1).
// One line of "dpctl/dump-flows": [ufid, ]key, statistics, [offload and datapath layer, ]actions[, extra info].
// The verbose items (ufid, dp, dp-extra-info, offloaded) appear only with -m. "used" is how long ago the flow was
// last used, in seconds with three decimals, on the caller's clock (the datapath's milliseconds).
using System.Globalization;
using System.Text;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif;

/// <summary>What a datapath says about where a flow lives (struct dpif_flow_attrs).</summary>
internal readonly record struct DpifFlowAttrs(bool Offloaded, string? DpLayer, string? ExtraInfo);

internal static class DpifFlowFormatter
{
    /// <summary>With portNames (dpctl's --names), in_port and output actions show port names.</summary>
    public static void Format(StringBuilder sb, DpifFlow flow, DpifFlowAttrs attrs, bool verbose, long nowMs, IReadOnlyDictionary<uint, string>? portNames = null)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(flow);
        if (verbose && flow.Ufid is Ufid ufid)
        {
            ufid.AppendTo(sb);
            sb.Append(", ");
        }

        OdpKeyFormatter.Format(sb, flow.Key.Span, flow.Mask.Span, verbose, portNames);
        sb.Append(", ");
        FormatStats(sb, flow.Stats, nowMs);
        if (verbose && attrs.Offloaded)
        {
            sb.Append(attrs.DpLayer == "ovs" ? ", offloaded:partial" : ", offloaded:yes");
        }

        if (verbose && attrs.DpLayer is not null)
        {
            sb.Append(", dp:").Append(attrs.DpLayer);
        }

        sb.Append(", actions:");
        OdpActionFormatter.Format(sb, flow.Actions.Span, portNames);
        if (verbose && attrs.ExtraInfo is not null)
        {
            sb.Append(", dp-extra-info:").Append(attrs.ExtraInfo);
        }
    }

    public static void FormatStats(StringBuilder sb, DpifFlowStats stats, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(CultureInfo.InvariantCulture, $"packets:{stats.PacketCount}, bytes:{stats.ByteCount}, used:");
        if (stats.Used != 0)
        {
            sb.Append(((nowMs - stats.Used) / 1000.0).ToString("F3", CultureInfo.InvariantCulture)).Append('s');
        }
        else
        {
            sb.Append("never");
        }

        if (stats.TcpFlags != 0)
        {
            sb.Append(", flags:");
            FormatTcpFlags(sb, stats.TcpFlags);
        }
    }

    /// <summary>packet_format_tcp_flags: one letter per flag in upstream's order ("none" when none).</summary>
    public static void FormatTcpFlags(StringBuilder sb, ushort flags)
    {
        ArgumentNullException.ThrowIfNull(sb);
        if (flags == 0)
        {
            sb.Append("none");
            return;
        }

        ReadOnlySpan<(ushort Bit, string Text)> order =
        [
            (0x002, "S"), (0x001, "F"), (0x008, "P"), (0x004, "R"), (0x020, "U"), (0x010, "."), (0x040, "E"), (0x080, "C"),
            (0x100, "N"), (0x200, "[200]"), (0x400, "[400]"), (0x800, "[800]"),
        ];
        foreach ((ushort bit, string text) in order)
        {
            if ((flags & bit) != 0)
            {
                sb.Append(text);
            }
        }
    }
}
