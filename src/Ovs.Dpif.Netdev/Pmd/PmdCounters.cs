// Upstream: enum pmd_stat_type in lib/dpif-netdev-perf.h (OVS 3.1), the counters dpif-netdev/pmd-stats-show prints.
// Cycles are measured in Stopwatch ticks rather than TSC cycles.
namespace Ovs.Dpif.Netdev.Pmd;

internal readonly record struct PmdCounters(
    long Received,
    long Recirculations,
    long EmcHits,
    long SmcHits,
    long MegaflowHits,
    long MegaflowLookups,
    long MissUpcallOk,
    long MissUpcallFailed,
    long SentPackets,
    long SentBatches,
    long IdleTicks,
    long BusyTicks)
{
    public static PmdCounters operator -(PmdCounters a, PmdCounters b) => new(
        a.Received - b.Received,
        a.Recirculations - b.Recirculations,
        a.EmcHits - b.EmcHits,
        a.SmcHits - b.SmcHits,
        a.MegaflowHits - b.MegaflowHits,
        a.MegaflowLookups - b.MegaflowLookups,
        a.MissUpcallOk - b.MissUpcallOk,
        a.MissUpcallFailed - b.MissUpcallFailed,
        a.SentPackets - b.SentPackets,
        a.SentBatches - b.SentBatches,
        a.IdleTicks - b.IdleTicks,
        a.BusyTicks - b.BusyTicks);

    /// <summary>Packets that found a flow: dpctl/show's "hit".</summary>
    public long Hits => EmcHits + SmcHits + MegaflowHits;
}
