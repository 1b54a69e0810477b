// Settings of a userspace datapath that upstream takes from Open_vSwitch other_config (pmd-cpu-mask, emc-insert-inv-prob,
// smc-enable) and from its threading model.
namespace Ovs.Dpif.Netdev;

internal sealed record DpNetdevOptions
{
    /// <summary>
    /// The cores PMD threads run as (on NUMA node 0) while pmd-cpu-mask is unset, instead of the first core of every
    /// NUMA node of <see cref="Topology"/>. Threads are not pinned: the ids name them in pmd-stats-show,
    /// pmd-rxq-show and "-pmd CORE", and place them on a NUMA node for queue assignment.
    /// </summary>
    public IReadOnlyList<uint>? PmdCoreIds { get; init; }

    /// <summary>The CPU cores and NUMA nodes to place PMD threads on; null for the process's (CpuTopology.Current).</summary>
    public Pmd.CpuTopology? Topology { get; init; }

    /// <summary>
    /// Whether the datapath runs its own threads. Without them nothing polls the ports until the owner calls
    /// DpNetdev.PollOnce, which makes tests and benchmarks deterministic.
    /// </summary>
    public bool StartThreads { get; init; } = true;

    /// <summary>emc-insert-inv-prob: one EMC insertion per this many megaflow hits (0 disables the EMC).</summary>
    public int EmcInsertInverseProbability { get; init; } = Caches.ExactMatchCache.DefaultInsertInverseProbability;

    /// <summary>smc-enable.</summary>
    public bool SmcEnabled { get; init; }

    /// <summary>Clock for flow "used" times; milliseconds of its timestamp (CLOCK_MONOTONIC for the system clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
