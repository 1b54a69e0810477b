// Upstream: dp_update_drop_action_counter() and the drop_action_* coverage counters of lib/odp-execute.c (OVS 3.1).
// The datapath's explicit drop action carries why translation dropped the packet (upstream's enum xlate_error, 0
// for a pipeline that simply outputs nowhere); executing it counts the dropped packets under that reason.
using Ovs.Common.Diagnostics;
using Ovs.Common.Logging;

namespace Ovs.Dpif.Netdev.Execute;

internal static class DropActionCounters
{
    private static readonly VlogModule s_log = VlogModule.Get("odp_execute");
    private static readonly VlogRateLimit s_rateLimit = new(1, 5);

    /// <summary>One counter per reason, indexed by the reason's number.</summary>
    private static readonly CoverageCounter[] s_byReason =
    [
        CoverageCounter.Get("drop_action_of_pipeline"),
        CoverageCounter.Get("drop_action_bridge_not_found"),
        CoverageCounter.Get("drop_action_recursion_too_deep"),
        CoverageCounter.Get("drop_action_too_many_resubmit"),
        CoverageCounter.Get("drop_action_stack_too_deep"),
        CoverageCounter.Get("drop_action_no_recirculation_context"),
        CoverageCounter.Get("drop_action_recirculation_conflict"),
        CoverageCounter.Get("drop_action_too_many_mpls_labels"),
        CoverageCounter.Get("drop_action_invalid_tunnel_metadata"),
        CoverageCounter.Get("drop_action_unsupported_packet_type"),
        CoverageCounter.Get("drop_action_congestion"),
        CoverageCounter.Get("drop_action_forwarding_disabled"),
    ];

    /// <summary>Counts packets dropped by a drop action whose payload (the reason, host order) is payload.</summary>
    public static void Count(ReadOnlySpan<byte> payload, int packets)
    {
        uint reason = payload.Length >= 4 ? BitConverter.ToUInt32(payload) : uint.MaxValue;
        if (reason < (uint)s_byReason.Length)
        {
            s_byReason[reason].Add(packets);
        }
        else
        {
            s_log.Log(VlogLevel.Err, s_rateLimit, $"Invalid Drop reason type: {(int)reason}");
        }
    }
}
