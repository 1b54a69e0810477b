// Upstream: lib/vlog.c (OVS 3.1)
//
// Process-wide logging state: per-destination patterns, the log file, the syslog sink, the message sequence
// number (%N) and the output lock. Write() is the single funnel: it numbers the message once, then formats and
// emits it for each destination whose level for the module admits it, all under one lock so that lines from
// different threads never interleave and %N increases in output order. Defaults follow upstream: every module at
// INFO on every destination (a detached daemon turns the console off), console and file patterns with UTC
// timestamps, syslog facility local0.
using System.Diagnostics;
using System.Text;

namespace Ovs.Common.Logging;

/// <summary>Global vlog configuration and output. All members are thread-safe.</summary>
public static partial class Vlog
{
    internal const string DefaultSyslogPattern = "ovs|%05N|%c%T|%p|%m";
    internal const string DefaultConsolePattern = "%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m";
    internal const string DefaultFilePattern = "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m";

    private static readonly Lock s_lock = new();
    private static readonly string[] s_patterns = [DefaultSyslogPattern, DefaultConsolePattern, DefaultFilePattern];
    private static readonly VlogLevel[] s_defaultLevels = [VlogLevel.Info, VlogLevel.Info, VlogLevel.Info];
    private static readonly long s_startTimestamp = Stopwatch.GetTimestamp();
    private static readonly Lazy<string> s_hostName = new(static () => System.Net.Dns.GetHostName());
    private static bool s_continuation;
    private static long s_sequence = ReadContinuation();
    private static TimeProvider s_time = TimeProvider.System;
    private static TextWriter? s_consoleOverride;
    private static int s_syslogFacility = 16;

    private static string? s_processSubprogramName;

    [ThreadStatic]
    private static string? s_subprogramName;

    /// <summary>
    /// The calling thread's subprogram name for %t and %T (upstream's set_subprogram_name()): "monitor" in the
    /// --monitor process, a datapath thread's name, and so on. Null, the default, means the primary thread:
    /// %t prints "main" and %T nothing. Thread-pool and runtime thread names are deliberately not used.
    /// </summary>
    public static string? SubprogramName
    {
        get => s_subprogramName ?? s_processSubprogramName;
        set => s_subprogramName = value;
    }

    /// <summary>
    /// The subprogram name of threads that have not set their own (the monitor process, a restarted daemon).
    /// </summary>
    public static string? ProcessSubprogramName
    {
        get => Volatile.Read(ref s_processSubprogramName);
        set => Volatile.Write(ref s_processSubprogramName, value);
    }

    internal static VlogModule Self => VlogModule.Get("vlog");

    /// <summary>
    /// Clock for timestamps and rate limiting; wall clock by default. Daemons running with a virtual clock may set
    /// it; tests set it for deterministic timestamps.
    /// </summary>
    public static TimeProvider Time
    {
        get => Volatile.Read(ref s_time);
        set => Volatile.Write(ref s_time, value ?? TimeProvider.System);
    }

    internal static string HostName => s_hostName.Value;

    /// <summary>Where console output goes instead of stderr (tests); null restores stderr.</summary>
    internal static TextWriter? ConsoleOverride
    {
        get => s_consoleOverride;
        set
        {
            lock (s_lock)
            {
                s_consoleOverride = value;
            }
        }
    }

    /// <summary>The syslog facility number (RFC 5424; 16 = local0, the default).</summary>
    public static int SyslogFacility => Volatile.Read(ref s_syslogFacility);

    /// <summary>Sets <paramref name="level"/> for a module (null = all) on a destination (null = all).</summary>
    public static void SetLevels(VlogModule? module, VlogDestination? destination, VlogLevel level)
    {
        lock (s_lock)
        {
            if (module is null)
            {
                // "All modules" also changes what modules created later start with, as upstream's global setting does.
                ForEachDestination(destination, d => s_defaultLevels[(int)d] = level);
                foreach (VlogModule m in VlogModule.All)
                {
                    ForEachDestination(destination, d => m.SetLevelUnlocked(d, level));
                }
            }
            else
            {
                ForEachDestination(destination, d => module.SetLevelUnlocked(d, level));
            }

            RefreshAllUnlocked();
        }
    }

    /// <summary>Current pattern of a destination.</summary>
    public static string GetPattern(VlogDestination destination)
    {
        lock (s_lock)
        {
            return s_patterns[(int)destination];
        }
    }

    /// <summary>Sets the pattern of a destination (null = all destinations).</summary>
    public static void SetPattern(VlogDestination? destination, string pattern)
    {
        lock (s_lock)
        {
            ForEachDestination(destination, d => s_patterns[(int)d] = pattern);
        }
    }

    /// <summary>Turns rate limiting off (vlog/disable-rate-limit) or on for a module, or all when null.</summary>
    public static void SetRateLimitsHonored(VlogModule? module, bool honored)
    {
        if (module is not null)
        {
            module.HonorRateLimits = honored;
            return;
        }

        foreach (VlogModule m in VlogModule.All)
        {
            m.HonorRateLimits = honored;
        }
    }

    /// <summary>
    /// vlog/disable-rate-limit and vlog/enable-rate-limit: no arguments or "any" means every module. Returns null
    /// or upstream's error text "unknown module" (without the trailing newline of the unixctl reply).
    /// </summary>
    public static string? SetRateLimitsHonored(IReadOnlyList<string> modules, bool honored)
    {
        if (modules.Count == 0)
        {
            SetRateLimitsHonored((VlogModule?)null, honored);
            return null;
        }

        foreach (string name in modules)
        {
            if (string.Equals(name, "any", StringComparison.OrdinalIgnoreCase))
            {
                SetRateLimitsHonored((VlogModule?)null, honored);
            }
            else if (VlogModule.Find(name) is { } module)
            {
                SetRateLimitsHonored(module, honored);
            }
            else
            {
                return "unknown module";
            }
        }

        return null;
    }

    internal static void InitializeModuleLevels(VlogModule module)
    {
        lock (s_lock)
        {
            for (int d = 0; d < VlogNames.DestinationCount; d++)
            {
                module.SetLevelUnlocked((VlogDestination)d, s_defaultLevels[d]);
            }

            module.RefreshMinLevel(s_fileDescriptor >= 0);
        }
    }

    /// <summary>
    /// Environment variable through which a process re-executed for --detach or --monitor continues its parent's
    /// log: the next sequence number to use. Upstream's forked child simply inherits both the counter and the open
    /// log file; our re-executed child reopens the file itself, so it also skips the duplicate "opened log file".
    /// </summary>
    internal const string ContinuationVariable = "OVS_DOTNET_VLOG_SEQUENCE";

    /// <summary>The value to put in <see cref="ContinuationVariable"/> for a child that continues this log.</summary>
    internal static string ExportContinuation() => Interlocked.Read(ref s_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long ReadContinuation()
    {
        string? value = Environment.GetEnvironmentVariable(ContinuationVariable);
        if (value is null || !long.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out long sequence))
        {
            return 0;
        }

        Environment.SetEnvironmentVariable(ContinuationVariable, null);
        s_continuation = true;
        return sequence;
    }

    /// <summary>Emits one message (the caller has checked that the module enables the level).</summary>
    internal static void Write(VlogModule module, VlogLevel level, string message)
    {
        DateTimeOffset now = Time.GetUtcNow();
        long uptimeMs = (long)Stopwatch.GetElapsedTime(s_startTimestamp).TotalMilliseconds;
        string? subprogram = SubprogramName;
        lock (s_lock)
        {
            var e = new VlogEvent(module.Name, level, message, ++s_sequence, now, uptimeMs, subprogram, s_syslogFacility);
            if (module.GetLevel(VlogDestination.Console) >= level)
            {
                string line = VlogPattern.Format(s_patterns[(int)VlogDestination.Console], e);
                if (s_consoleOverride is { } console)
                {
                    WriteLine(console, line);
                }
                else
                {
                    StandardError.Write(line + "\n");
                }
            }

            if (module.GetLevel(VlogDestination.Syslog) >= level)
            {
                VlogSyslog.Send(e, VlogPattern.Format(s_patterns[(int)VlogDestination.Syslog], e));
            }

            if (s_fileDescriptor >= 0 && module.GetLevel(VlogDestination.File) >= level)
            {
                WriteFileLine(VlogPattern.Format(s_patterns[(int)VlogDestination.File], e));
            }
        }
    }

    /// <summary>Writes a message to the log file only, if one is open (used for fatal errors already on stderr).</summary>
    internal static void WriteFileOnly(VlogModule module, VlogLevel level, string message)
    {
        DateTimeOffset now = Time.GetUtcNow();
        long uptimeMs = (long)Stopwatch.GetElapsedTime(s_startTimestamp).TotalMilliseconds;
        lock (s_lock)
        {
            if (s_fileDescriptor >= 0 && module.GetLevel(VlogDestination.File) >= level)
            {
                var e = new VlogEvent(module.Name, level, message, ++s_sequence, now, uptimeMs, SubprogramName, s_syslogFacility);
                WriteFileLine(VlogPattern.Format(s_patterns[(int)VlogDestination.File], e));
            }
        }
    }

    private static void WriteLine(TextWriter writer, string line)
    {
        try
        {
            writer.Write(line);
            writer.Write('\n');
            writer.Flush();
        }
        catch (IOException)
        {
            // Logging must never take the program down; upstream ignores write errors on log output too.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static void ForEachDestination(VlogDestination? destination, Action<VlogDestination> action)
    {
        if (destination is { } one)
        {
            action(one);
            return;
        }

        for (int d = 0; d < VlogNames.DestinationCount; d++)
        {
            action((VlogDestination)d);
        }
    }

    private static void RefreshAllUnlocked()
    {
        bool fileOpen = s_fileDescriptor >= 0;
        foreach (VlogModule m in VlogModule.All)
        {
            m.RefreshMinLevel(fileOpen);
        }
    }

    internal static string BuildString(Action<StringBuilder> build)
    {
        var sb = new StringBuilder();
        build(sb);
        return sb.ToString();
    }
}
