// Upstream: lib/coverage.c, coverage/show and coverage/read-counter (OVS 3.1)
//
// The registry of coverage counters and the text of the unixctl commands. coverage/show lists, in registration
// order, every counter that has been hit, with its average rates and total as of the last 5-second snapshot,
// then "N events never hit". Upstream's header ends in a hash of the counter set; ours is an FNV-1a hash of the
// listed names and totals, formatted the same way (it only serves to tell two outputs apart).
using System.Globalization;
using System.Text;

namespace Ovs.Common.Diagnostics;

/// <summary>Registry, snapshots and unixctl text for coverage counters. Thread-safe.</summary>
public static class CoverageCounters
{
    private static readonly Lock s_lock = new();
    private static readonly List<CoverageCounter> s_counters = [];
    private static readonly Dictionary<string, CoverageCounter> s_byName = new(StringComparer.Ordinal);

    /// <summary>All counters in registration order.</summary>
    public static IReadOnlyList<CoverageCounter> All
    {
        get
        {
            lock (s_lock)
            {
                return [.. s_counters];
            }
        }
    }

    /// <summary>Creates the named counters up front, so they count as "never hit" before first use.</summary>
    public static void Register(params string[] names)
    {
        foreach (string name in names)
        {
            GetOrCreate(name);
        }
    }

    /// <summary>Closes the current 5-second interval for every counter (call every 5 seconds).</summary>
    public static void Snapshot()
    {
        lock (s_lock)
        {
            foreach (CoverageCounter counter in s_counters)
            {
                counter.Snapshot();
            }
        }
    }

    /// <summary>Takes a snapshot every 5 seconds on <paramref name="loop"/>. Dispose the result to stop.</summary>
    public static IDisposable Attach(MainLoop loop) => loop.ScheduleRepeating(TimeSpan.FromSeconds(5), Snapshot);

    /// <summary>The text of coverage/show.</summary>
    public static string ShowText()
    {
        var body = new StringBuilder();
        int neverHit = 0;
        uint hash = 2166136261;
        lock (s_lock)
        {
            foreach (CoverageCounter c in s_counters)
            {
                if (c.SnapshotTotal == 0)
                {
                    neverHit++;
                    continue;
                }

                (double five, double minute, double hour) = c.Rates();
                body.Append(CultureInfo.InvariantCulture, $"{c.Name,-24} {five,5:F1}/sec {minute,9:F3}/sec {hour,13:F4}/sec   total: {c.SnapshotTotal}\n");
                foreach (char ch in c.Name + c.SnapshotTotal.ToString(CultureInfo.InvariantCulture))
                {
                    hash = (hash ^ ch) * 16777619;
                }
            }
        }

        return $"Event coverage, avg rate over last: 5 seconds, last minute, last hour,  hash={hash:x8}:\n{body}{neverHit} events never hit\n";
    }

    /// <summary>coverage/read-counter NAME: the live count, or null for upstream's "No such counter" error.</summary>
    public static long? ReadCounter(string name)
    {
        lock (s_lock)
        {
            return s_byName.TryGetValue(name, out CoverageCounter? c) ? c.Total : null;
        }
    }

    internal static CoverageCounter GetOrCreate(string name)
    {
        lock (s_lock)
        {
            if (!s_byName.TryGetValue(name, out CoverageCounter? counter))
            {
                counter = new CoverageCounter(name);
                s_byName.Add(name, counter);
                s_counters.Add(counter);
            }

            return counter;
        }
    }
}
