// Upstream: dpif_netdev_pmd_info(), pmd_info_show_stats(), pmd_info_show_rxq(), format_pmd_thread() and their
// unixctl_command_register() calls in lib/dpif-netdev.c (OVS 3.1).
//
// The dpif-netdev/* unixctl commands that need no bridge, as a table a daemon registers into its unixctl server
// (this project sits below the transport layer, so it exposes handlers that return text instead of replying).
// Arguments: "-pmd CORE" shows one thread, "-secs N" (pmd-rxq-show) the usage window, anything else names the
// datapath; without a name that exists, the only datapath is used, or the command fails as upstream's does.
// Threads are listed PMD threads by core id first, then the main thread. Cycle counts are Stopwatch ticks.
using System.Globalization;
using System.Text;

namespace Ovs.Dpif.Netdev.Pmd;

/// <summary>The outcome of a command: reply text, or error text when Success is false.</summary>
internal readonly record struct DpifNetdevCommandResult(bool Success, string Text);

/// <summary>A command of the table: name, usage and argument range as unixctl registers them.</summary>
internal sealed record DpifNetdevCommand(
    string Name, string Usage, int MinArgs, int MaxArgs, Func<DpNetdevCatalog, string[], DpifNetdevCommandResult> Handler);

internal static class PmdInfoCommands
{
    private const int MaxSeconds = PmdIntervals.IntervalSeconds * PmdIntervals.HistoryLength;

    /// <summary>The commands, for a daemon to register (arguments exclude the command name).</summary>
    public static IReadOnlyList<DpifNetdevCommand> All { get; } =
    [
        new("dpif-netdev/pmd-stats-show", "[-pmd core] [dp]", 0, 3, (c, a) => Run(c, a, Kind.ShowStats)),
        new("dpif-netdev/pmd-stats-clear", "[-pmd core] [dp]", 0, 3, (c, a) => Run(c, a, Kind.ClearStats)),
        new("dpif-netdev/pmd-rxq-show", "[-pmd core] [-secs secs] [dp]", 0, 5, (c, a) => Run(c, a, Kind.ShowRxq)),
    ];

    private enum Kind
    {
        ShowStats,
        ClearStats,
        ShowRxq,
    }

    private static DpifNetdevCommandResult Run(DpNetdevCatalog catalog, string[] args, Kind kind)
    {
        DpNetdev? dp = null;
        uint? core = null;
        uint secs = 0;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "-pmd" && i + 1 < args.Length)
            {
                if (uint.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out uint c))
                {
                    core = c;
                }
            }
            else if (kind == Kind.ShowRxq && args[i] == "-secs" && i + 1 < args.Length)
            {
                if (!uint.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out secs))
                {
                    secs = MaxSeconds;
                }
            }
            else
            {
                dp = catalog.Find(args[i]);
            }
        }

        if (dp is null)
        {
            IReadOnlyList<DpNetdev> all = catalog.All;
            if (all.Count != 1)
            {
                return new(false, "please specify an existing datapath");
            }

            dp = all[0];
        }

        var sb = new StringBuilder();
        bool first = true;
        foreach (PmdThread thread in dp.Threads)
        {
            if (core is uint wanted && thread.CoreId != wanted)
            {
                continue;
            }

            switch (kind)
            {
                case Kind.ShowRxq:
                    if (first)
                    {
                        secs = secs == 0 || secs > MaxSeconds
                            ? MaxSeconds
                            : (secs + PmdIntervals.IntervalSeconds - 1) / PmdIntervals.IntervalSeconds * PmdIntervals.IntervalSeconds;
                        sb.Append(CultureInfo.InvariantCulture, $"Displaying last {secs} seconds pmd usage %\n");
                        first = false;
                    }

                    AppendRxq(sb, thread, (int)secs);
                    break;
                case Kind.ClearStats:
                    thread.Pipeline.Clear();
                    break;
                default:
                    AppendStats(sb, thread);
                    break;
            }
        }

        return new(true, sb.ToString());
    }

    private static void AppendThreadName(StringBuilder sb, PmdThread thread)
    {
        sb.Append(thread.IsMain ? "main thread" : "pmd thread");
        if (!thread.IsMain)
        {
            sb.Append(CultureInfo.InvariantCulture, $" numa_id {thread.NumaId} core_id {thread.CoreId}");
        }

        sb.Append(":\n");
    }

    private static void AppendStats(StringBuilder sb, PmdThread thread)
    {
        PmdCounters c = thread.Pipeline.Read();
        AppendThreadName(sb, thread);
        double passes = c.Received > 0 ? (c.Received + c.Recirculations) / (double)c.Received : 0;
        double lookups = c.MegaflowHits > 0 ? c.MegaflowLookups / (double)c.MegaflowHits : 0;
        double perBatch = c.SentBatches > 0 ? c.SentPackets / (double)c.SentBatches : 0;
        var inv = CultureInfo.InvariantCulture;

        // This datapath has no hardware offload, miniflow-extract optimisation or simple-match cache: those stay 0.
        sb.Append(inv, $"  packets received: {c.Received}\n")
            .Append(inv, $"  packet recirculations: {c.Recirculations}\n")
            .Append(inv, $"  avg. datapath passes per packet: {passes:F2}\n")
            .Append("  phwol hits: 0\n")
            .Append("  mfex opt hits: 0\n")
            .Append("  simple match hits: 0\n")
            .Append(inv, $"  emc hits: {c.EmcHits}\n")
            .Append(inv, $"  smc hits: {c.SmcHits}\n")
            .Append(inv, $"  megaflow hits: {c.MegaflowHits}\n")
            .Append(inv, $"  avg. subtable lookups per megaflow hit: {lookups:F2}\n")
            .Append(inv, $"  miss with success upcall: {c.MissUpcallOk}\n")
            .Append(inv, $"  miss with failed upcall: {c.MissUpcallFailed}\n")
            .Append(inv, $"  avg. packets per output batch: {perBatch:F2}\n");

        long total = c.IdleTicks + c.BusyTicks;
        if (total == 0)
        {
            return;
        }

        sb.Append(inv, $"  idle cycles: {c.IdleTicks} ({c.IdleTicks / (double)total * 100:F2}%)\n")
            .Append(inv, $"  processing cycles: {c.BusyTicks} ({c.BusyTicks / (double)total * 100:F2}%)\n");
        if (c.Received == 0)
        {
            return;
        }

        sb.Append(inv, $"  avg cycles per packet: {total / (double)c.Received:F2} ({total}/{c.Received})\n")
            .Append(inv, $"  avg processing cycles per packet: {c.BusyTicks / (double)c.Received:F2} ({c.BusyTicks}/{c.Received})\n");
    }

    private static void AppendRxq(StringBuilder sb, PmdThread thread, int secs)
    {
        if (thread.IsMain)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"pmd thread numa_id {thread.NumaId} core_id {thread.CoreId}:\n  isolated : {(thread.Isolated ? "true" : "false")}\n");
        int intervals = (secs + PmdIntervals.IntervalSeconds - 1) / PmdIntervals.IntervalSeconds;
        PmdIntervals history = thread.Intervals;
        int newest = history.Newest;
        long total = history.LastIntervalTicks * intervals;
        long busy = Math.Min(history.SumBusy(intervals), total);
        var polls = new List<RxqPoll>(thread.Polls);
        polls.Sort((a, b) =>
        {
            int cmp = string.CompareOrdinal(a.Port.Name, b.Port.Name);
            return cmp != 0 ? cmp : a.Rxq.QueueId.CompareTo(b.Rxq.QueueId);
        });

        long processing = 0;
        foreach (RxqPoll poll in polls)
        {
            long ticks = poll.SumHistory(newest, intervals);
            processing += ticks;
            sb.Append(inv, $"  port: {poll.Port.Name,-16}  queue-id: {poll.Rxq.QueueId,2} (enabled)   pmd usage: ");
            sb.Append(total != 0 ? string.Create(inv, $"{ticks * 100 / total,2} %") : "NOT AVAIL").Append('\n');
        }

        if (polls.Count > 0)
        {
            sb.Append("  overhead: ");
            long overhead = processing < busy ? busy - processing : 0;
            sb.Append(total != 0 ? string.Create(inv, $"{overhead * 100 / total,2} %") : "NOT AVAIL").Append('\n');
        }
    }
}
