// Upstream: log_netdev_flow_change() and the debug line of dp_netdev_upcall() in lib/dpif-netdev.c (OVS 3.1).
//
// With dpif_netdev at debug level, every upcall is logged with its flow key (every field, as the handler receives
// it) and the packet, and every flow installed or modified with its key and mask as dump-flows shows them and its
// actions ("flow_add: ufid:... mega_ufid:... KEY, actions:ACTIONS"; "flow_mod:" adds ", old_actions:OLD"). Both
// share upstream's upcall rate limit (600 a minute).
using System.Text;
using Ovs.Common.Logging;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev;

internal sealed partial class DpNetdev
{
    private static readonly VlogModule s_flowLog = VlogModule.Get("dpif_netdev");
    private static readonly VlogRateLimit s_upcallLogLimit = new(600, 600);

    /// <summary>Whether upcalls and flow changes are being logged (dpif_netdev at debug level).</summary>
    internal static bool LogsFlowChanges => s_flowLog.IsEnabled(VlogLevel.Dbg);

    /// <summary>"DP: TYPE upcall:\nKEY\nPACKET\n" for an upcall of <paramref name="type"/>.</summary>
    internal void LogUpcall(DpifUpcallType type, ReadOnlySpan<byte> key, ReadOnlySpan<byte> packet)
    {
        var sb = new StringBuilder();
        sb.Append(Name).Append(": ").Append(type == DpifUpcallType.Miss ? "miss" : "action").Append(" upcall:\n");
        // odp_flow_key_format(): a key without a mask prints verbosely, every field with its value.
        OdpKeyFormatter.Format(sb, key, default, verbose: true);
        sb.Append('\n').Append(Flow.Text.FlowFormatter.FormatPacket(packet)).Append('\n');
        s_flowLog.Dbg(s_upcallLogLimit, sb.ToString());
    }

    /// <summary>Logs a flow just installed (<paramref name="oldActions"/> null) or modified.</summary>
    private static void LogFlowChange(DpNetdevFlow flow, byte[]? oldActions)
    {
        (byte[] keyBytes, byte[] maskBytes) = EncodeKeyAndMask(flow);
        FlowData key = flow.Key;
        FlowData mask = flow.Mask.Masks;

        FlowData masked = key;
        for (int i = 0; i < masked.Bytes.Length; i++)
        {
            masked.Bytes[i] &= mask.ReadOnlyBytes[i];
        }

        var sb = new StringBuilder(oldActions is null ? "flow_add: " : "flow_mod: ");
        sb.Append(flow.Ufid).Append(" mega_").Append(Ufid.FromFlow(masked)).Append(' ');
        OdpKeyFormatter.Format(sb, keyBytes, maskBytes, verbose: false);
        if (oldActions is not null)
        {
            sb.Append(", old_actions:");
            OdpActionFormatter.Format(sb, oldActions);
        }

        sb.Append(", actions:");
        OdpActionFormatter.Format(sb, flow.Actions.Bytes.Span);
        s_flowLog.Dbg(s_upcallLogLimit, sb.ToString());
    }
}
