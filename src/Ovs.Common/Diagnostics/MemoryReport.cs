// Upstream: lib/memory.c, memory/show and the periodic "peak resident set size" report (OVS 3.1)
//
// Components register a provider that adds "name:value" facts (cells, monitors, sessions...). memory/show prints
// all facts sorted by name, space separated, as upstream's simap-based report does. Check() implements the
// periodic log: the first time it runs at least 10 seconds after start, and whenever the peak RSS (VmHWM) has
// grown by half since the last report, it logs "N kB peak resident set size after S seconds" and then the facts,
// both at INFO from module memory.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ovs.Common.Logging;

namespace Ovs.Common.Diagnostics;

/// <summary>Registry of memory usage providers and the memory/show text. Thread-safe.</summary>
public static class MemoryReport
{
    private static readonly VlogModule s_log = VlogModule.Get("memory");
    private static readonly Lock s_lock = new();
    private static readonly List<Action<IDictionary<string, long>>> s_providers = [];
    private static readonly long s_start = Stopwatch.GetTimestamp();
    private static long s_lastReportedPeakKb;

    /// <summary>Adds a provider; it is called on the thread that asks for the report (the daemon's main loop).</summary>
    public static void Register(Action<IDictionary<string, long>> provider)
    {
        lock (s_lock)
        {
            s_providers.Add(provider);
        }
    }

    /// <summary>The facts of all providers, e.g. "atoms:14 cells:20 monitors:0 n-weak-refs:0".</summary>
    public static string ShowText()
    {
        var facts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        Action<IDictionary<string, long>>[] providers;
        lock (s_lock)
        {
            providers = [.. s_providers];
        }

        foreach (Action<IDictionary<string, long>> provider in providers)
        {
            provider(facts);
        }

        var sb = new StringBuilder();
        foreach ((string name, long value) in facts)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(CultureInfo.InvariantCulture, $"{name}:{value}");
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>Logs the memory report when due (see the file comment). Call periodically from the main loop.</summary>
    public static void Check()
    {
        TimeSpan uptime = Stopwatch.GetElapsedTime(s_start);
        if (uptime < TimeSpan.FromSeconds(10) || ReadPeakRssKb() is not { } peak)
        {
            return;
        }

        long last = Interlocked.Read(ref s_lastReportedPeakKb);
        if (last != 0 && peak < last + (last / 2))
        {
            return;
        }

        Interlocked.Exchange(ref s_lastReportedPeakKb, peak);
        s_log.Info($"{peak} kB peak resident set size after {uptime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} seconds");
        string facts = ShowText().TrimEnd('\n');
        if (facts.Length > 0)
        {
            s_log.Info(facts);
        }
    }

    private static long? ReadPeakRssKb()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    string digits = line[6..].Trim().Split(' ')[0];
                    return long.Parse(digits, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return null;
    }
}
