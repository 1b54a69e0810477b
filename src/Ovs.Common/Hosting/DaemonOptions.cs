// Upstream: lib/daemon.h DAEMON_LONG_OPTIONS / DAEMON_OPTION_HANDLERS, lib/daemon-unix.c (OVS 3.1)
using System.Collections.Frozen;

namespace Ovs.Common.Hosting;

/// <summary>
/// The daemon options every daemon accepts (see "Daemon Options" in ovsdb-server(1)). Build one with
/// <see cref="Handle"/> while parsing the command line, then pass it to <see cref="Daemon.Start"/>.
/// </summary>
public sealed class DaemonOptions
{
    private static readonly FrozenDictionary<string, Action<DaemonOptions, string?>> s_handlers =
        new Dictionary<string, Action<DaemonOptions, string?>>
        {
            ["pidfile"] = static (o, a) => o.PidFile = MakePidFileName(a),
            ["overwrite-pidfile"] = static (o, _) => o.OverwritePidFile = true,
            ["detach"] = static (o, _) => o.Detach = true,
            ["no-chdir"] = static (o, _) => o.NoChdir = true,
            ["monitor"] = static (o, _) => o.Monitor = true,
            ["no-self-confinement"] = static (o, _) => o.NoSelfConfinement = true,
            ["user"] = static (o, a) => o.User = a,
        }.ToFrozenDictionary();

    /// <summary>The rows to add to a daemon's option table.</summary>
    public static IReadOnlyList<CommonOption> Options { get; } =
    [
        new("pidfile", '\0', CommonOptionArgument.Optional),
        new("overwrite-pidfile", '\0', CommonOptionArgument.None),
        new("detach", '\0', CommonOptionArgument.None),
        new("no-chdir", '\0', CommonOptionArgument.None),
        new("monitor", '\0', CommonOptionArgument.None),
        new("no-self-confinement", '\0', CommonOptionArgument.None),
        new("user", '\0', CommonOptionArgument.Required),
    ];

    /// <summary>Absolute pidfile path, or null without --pidfile.</summary>
    public string? PidFile { get; set; }

    public bool OverwritePidFile { get; set; }

    public bool Detach { get; set; }

    public bool NoChdir { get; set; }

    public bool Monitor { get; set; }

    /// <summary>Accepted for compatibility; we never confine ourselves (no AppArmor/SELinux transitions).</summary>
    public bool NoSelfConfinement { get; set; }

    /// <summary>--user=USER[:GROUP], applied by <see cref="Daemon.Start"/>.</summary>
    public string? User { get; set; }

    /// <summary>True when <paramref name="longName"/> is one of <see cref="Options"/>.</summary>
    public static bool IsDaemonOption(string longName) => s_handlers.ContainsKey(longName);

    /// <summary>Records one daemon option. Unknown names are a programming error.</summary>
    public void Handle(string longName, string? argument)
    {
        if (!s_handlers.TryGetValue(longName, out Action<DaemonOptions, string?>? handler))
        {
            throw new ArgumentException($"not a daemon option: {longName}", nameof(longName));
        }

        handler(this, argument);
    }

    /// <summary>
    /// Upstream's pidfile naming: no argument means OVS_RUNDIR/PROGRAM.pid; a relative name is taken relative to
    /// OVS_RUNDIR; an absolute name is used as is.
    /// </summary>
    public static string MakePidFileName(string? name)
    {
        string file = string.IsNullOrEmpty(name) ? OvsProgram.Name + ".pid" : name;
        return Path.IsPathRooted(file) ? file : Path.Combine(OvsPaths.RunDir, file);
    }
}
