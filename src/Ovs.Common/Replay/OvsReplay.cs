// Upstream: lib/ovs-replay.c, --record and --replay (OVS 3.1); ovsdb-server(1) "Replay options"
//
// Process-wide record/replay settings. In record mode a daemon writes everything that comes from outside into
// replay files in one directory: the bytes its streams read, the outcome of its listens, accepts and connects,
// the UUIDs it generates and the order (with the clock readings) in which its main loop handled outside events.
// In replay mode it reads those files instead of using sockets, the random generator and the clock, so it repeats
// the recorded run deterministically: same log, same database. The file formats are our own (the files need only
// be readable by our replay mode). Configure() is called once, at start-up, before any stream is made.
using System.Text;

namespace Ovs.Common.Replay;

/// <summary>Whether this process records or replays.</summary>
public enum ReplayMode
{
    None,
    Record,
    Replay,
}

/// <summary>The process-wide record/replay mode and the directory of the replay files.</summary>
public static class OvsReplay
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, int> s_counters = new(StringComparer.Ordinal);

    public static ReplayMode Mode { get; private set; }

    /// <summary>The directory holding the replay files.</summary>
    public static string Directory { get; private set; } = ".";

    public static bool IsRecording => Mode == ReplayMode.Record;

    public static bool IsReplaying => Mode == ReplayMode.Replay;

    /// <summary>
    /// Sets the mode. <paramref name="directory"/> is relative to <paramref name="runDir"/> unless it begins with
    /// "/"; null means <paramref name="runDir"/> itself, as upstream's --record and --replay do.
    /// </summary>
    public static void Configure(ReplayMode mode, string? directory, string runDir)
    {
        Mode = mode;
        Directory = directory is null ? runDir : directory.StartsWith('/') ? directory : Path.Combine(runDir, directory);
        lock (s_lock)
        {
            s_counters.Clear();
        }

        UuidSource.Configure(mode);
    }

    /// <summary>Back to normal operation (for tests).</summary>
    public static void Reset() => Configure(ReplayMode.None, null, ".");

    /// <summary>
    /// The path of the next replay file for <paramref name="kind"/> and <paramref name="name"/>: the name keeps only
    /// letters (so a process ID in a socket name does not matter) and a counter per such name tells apart the
    /// files made in order, which is the same order in the recorded and the replayed run.
    /// </summary>
    public static string NextFile(string kind, string name)
    {
        string stem = $"replay_{kind}_{Sanitize(name)}";
        int n;
        lock (s_lock)
        {
            n = s_counters.GetValueOrDefault(stem);
            s_counters[stem] = n + 1;
        }

        return Path.Combine(Directory, $"{stem}_{n}");
    }

    /// <summary>Letters of <paramref name="name"/>, runs of anything else collapsed into one "_".</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsAsciiLetter(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }

        return sb.ToString().TrimEnd('_');
    }
}
