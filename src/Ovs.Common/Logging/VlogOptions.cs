// Upstream: lib/vlog.h VLOG_OPTION_HANDLERS (OVS 3.1)
//
// The logging options every program accepts: -v/--verbose[=SPEC], --log-file[=FILE], --syslog-target=HOST:PORT and
// --syslog-method=METHOD. Handle() applies one and returns the message for the fatal path on error (the caller
// prints it as "PROGRAM: MESSAGE" and exits 1, as upstream's option handlers do).
using System.Collections.Frozen;

namespace Ovs.Common.Logging;

/// <summary>Command-line options for vlog, table-driven.</summary>
public static class VlogOptions
{
    private static readonly FrozenDictionary<string, Func<string?, string?>> s_handlers = new Dictionary<string, Func<string?, string?>>
    {
        ["verbose"] = Vlog.SetVerbosity,
        ["log-file"] = static file => Vlog.SetLogFile(string.IsNullOrEmpty(file) ? null : file) is null ? null : string.Empty,
        ["syslog-target"] = static target => Vlog.SetSyslogTarget(target ?? string.Empty),
        ["syslog-method"] = static method => Vlog.SetSyslogMethod(method ?? string.Empty),
    }.ToFrozenDictionary();

    /// <summary>The rows to add to a program's option table.</summary>
    public static IReadOnlyList<CommonOption> Options { get; } =
    [
        new("verbose", 'v', CommonOptionArgument.Optional),
        new("log-file", '\0', CommonOptionArgument.Optional),
        new("syslog-target", '\0', CommonOptionArgument.Required),
        new("syslog-method", '\0', CommonOptionArgument.Required),
    ];

    /// <summary>True when <paramref name="longName"/> is one of <see cref="Options"/>.</summary>
    public static bool IsVlogOption(string longName) => s_handlers.ContainsKey(longName);

    /// <summary>
    /// Applies the option. Returns null on success, otherwise the fatal message. An empty string means the error
    /// was already reported (a log file that cannot be opened is logged as a warning and the program exits 1
    /// without a further message, as upstream does).
    /// </summary>
    public static string? Handle(string longName, string? argument) =>
        s_handlers.TryGetValue(longName, out Func<string?, string?>? handler)
            ? handler(argument)
            : throw new ArgumentException($"not a vlog option: {longName}", nameof(longName));
}
