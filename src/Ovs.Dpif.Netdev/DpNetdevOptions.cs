// Settings of a userspace datapath that upstream takes from Open_vSwitch other_config (pmd-cpu-mask, emc-insert-inv-prob,
// smc-enable) and from its threading model.
namespace Ovs.Dpif.Netdev;

internal sealed record DpNetdevOptions
{
    /// <summary>PMD threads to create when the datapath has PMD ports (one per core of pmd-cpu-mask upstream).</summary>
    public int PmdThreadCount { get; init; } = 1;

    /// <summary>
    /// The core ids PMD threads report, in order (the cores of pmd-cpu-mask upstream); by default 0, 1, 2... Threads
    /// are not pinned: the ids only name them in pmd-stats-show, pmd-rxq-show and "-pmd CORE".
    /// </summary>
    public IReadOnlyList<uint>? PmdCoreIds { get; init; }

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
