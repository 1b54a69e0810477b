// Upstream: ovsdb/ovsdb-client.c, parse_options() (OVS 3.1)
//
// The option table, in upstream's order (glibc lists ambiguous candidates in table order, so the order is part of
// the observable behaviour), and the settings it produces. Logging rows are handled by Ovs.Common's VlogOptions;
// table rows by Ovs.Cli's TableOptions. SSL options set the process-wide SslConfiguration, as upstream's
// stream_ssl_set_*() calls do; replay options are accepted and ignored; daemon options apply to the monitor and
// lock commands.
using Ovs.Cli;
using Ovs.Cli.Options;
using Ovs.Cli.Tables;
using Ovs.Common.Logging;
using Ovs.Transport.Streams;

namespace Ovs.Programs.OvsdbClient;

internal sealed class OvsdbClientOptions
{
    private const int OptTimestamp = 0x100;
    private const int OptForce = 0x101;
    private const int OptDbChangeAware = 0x102;
    private const int OptNoDbChangeAware = 0x103;
    private const int OptLeaderOnly = 0x104;
    private const int OptNoLeaderOnly = 0x105;
    private const int OptLogOption = 0x110;
    private const int OptDetach = 0x120;
    private const int OptNoSelfConfinement = 0x121;
    private const int OptNoChdir = 0x122;
    private const int OptPidfile = 0x123;
    private const int OptOverwritePidfile = 0x124;
    private const int OptMonitor = 0x125;
    private const int OptUser = 0x126;
    private const int OptIgnored = 0x130;

    internal static readonly IReadOnlyList<OptionSpec> Table =
    [
        OptionSpec.Both("version", 'V', OptionArgument.None),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Long("timestamp", OptionArgument.None, OptTimestamp),
        OptionSpec.Both("timeout", 't', OptionArgument.Required),
        OptionSpec.Long("force", OptionArgument.None, OptForce),
        OptionSpec.Long("db-change-aware", OptionArgument.None, OptDbChangeAware),
        OptionSpec.Long("no-db-change-aware", OptionArgument.None, OptNoDbChangeAware),
        OptionSpec.Long("leader-only", OptionArgument.None, OptLeaderOnly),
        OptionSpec.Long("no-leader-only", OptionArgument.None, OptNoLeaderOnly),
        OptionSpec.Both("verbose", 'v', OptionArgument.Optional),
        OptionSpec.Long("log-file", OptionArgument.Optional, OptLogOption + 1),
        OptionSpec.Long("syslog-method", OptionArgument.Required, OptLogOption + 2),
        OptionSpec.Long("syslog-target", OptionArgument.Required, OptLogOption + 3),
        OptionSpec.Long("detach", OptionArgument.None, OptDetach),
        OptionSpec.Long("no-self-confinement", OptionArgument.None, OptNoSelfConfinement),
        OptionSpec.Long("no-chdir", OptionArgument.None, OptNoChdir),
        OptionSpec.Long("pidfile", OptionArgument.Optional, OptPidfile),
        OptionSpec.Long("overwrite-pidfile", OptionArgument.None, OptOverwritePidfile),
        OptionSpec.Long("monitor", OptionArgument.None, OptMonitor),
        OptionSpec.Long("user", OptionArgument.Required, OptUser),
        OptionSpec.Long("record", OptionArgument.Optional, OptIgnored),
        OptionSpec.Long("replay", OptionArgument.Optional, OptIgnored + 1),
        OptionSpec.Both("private-key", 'p', OptionArgument.Required),
        OptionSpec.Both("certificate", 'c', OptionArgument.Required),
        OptionSpec.Both("ca-cert", 'C', OptionArgument.Required),
        OptionSpec.Long("ssl-protocols", OptionArgument.Required, OptIgnored + 2),
        OptionSpec.Long("ssl-ciphers", OptionArgument.Required, OptIgnored + 3),
        OptionSpec.Long("bootstrap-ca-cert", OptionArgument.Required, OptIgnored + 4),
        .. TableOptions.Specs,
    ];

    public TableStyle Style { get; } = new();

    public bool Timestamps { get; private set; }

    /// <summary>Seconds before giving up (0: wait forever).</summary>
    public int TimeoutSeconds { get; private set; }

    public bool Force { get; private set; }

    /// <summary>Ask for db_change_aware (unless --no-db-change-aware).</summary>
    public bool DbChangeAware { get; private set; } = true;

    /// <summary>--db-change-aware: the feature is required, and transact asks for it too.</summary>
    public bool RequireDbChangeAware { get; private set; }

    public bool Detach { get; private set; }

    public string? PidFile { get; private set; }

    public bool OverwritePidFile { get; private set; }

    /// <summary>Set by --help or --version: the text to print before exiting successfully.</summary>
    public bool ShowHelp { get; private set; }

    public bool ShowVersion { get; private set; }

    /// <summary>Applies the options in order; throws <see cref="CliException"/> with upstream's message.</summary>
    public static OvsdbClientOptions Parse(GetOptResult parsed)
    {
        var options = new OvsdbClientOptions();
        foreach (ParsedOption option in parsed.Options)
        {
            options.Apply(option);
            if (options.ShowHelp || options.ShowVersion)
            {
                return options;
            }
        }

        if (parsed.Error is not null)
        {
            throw CliException.FromGetOpt(parsed.Error);
        }

        return options;
    }

    private void Apply(ParsedOption option)
    {
        if (TableOptions.TryApply(option, Style))
        {
            return;
        }

        switch (option.Id)
        {
            case 'V':
                ShowVersion = true;
                break;
            case 'h':
                ShowHelp = true;
                break;
            case OptTimestamp:
                Timestamps = true;
                break;
            case 't':
                TimeoutSeconds = ParseTimeout(option.Argument!);
                break;
            case OptForce:
                Force = true;
                break;
            case OptDbChangeAware:
                DbChangeAware = true;
                RequireDbChangeAware = true;
                break;
            case OptNoDbChangeAware:
                DbChangeAware = false;
                RequireDbChangeAware = false;
                break;
            case 'v':
            case OptLogOption + 1:
            case OptLogOption + 2:
            case OptLogOption + 3:
                string? error = VlogOptions.Handle(option.Spec.Name!, option.Argument);
                if (error is not null)
                {
                    throw new CliException(error);
                }

                break;
            case OptDetach:
                Detach = true;
                break;
            case OptPidfile:
                PidFile = option.Argument ?? string.Empty;
                break;
            case OptOverwritePidfile:
                OverwritePidFile = true;
                break;
            case 'p':
                SslConfiguration.SetPrivateKeyFile(option.Argument);
                break;
            case 'c':
                SslConfiguration.SetCertificateFile(option.Argument);
                break;
            case 'C':
                SslConfiguration.SetCaCertFile(option.Argument, bootstrap: false);
                break;
            case OptIgnored + 2:
                SslConfiguration.SetProtocols(option.Argument);
                break;
            case OptIgnored + 3:
                SslConfiguration.SetCiphers(option.Argument);
                break;
            case OptIgnored + 4:
                SslConfiguration.SetCaCertFile(option.Argument, bootstrap: true);
                break;
            default:
                // Accepted for compatibility: leader-only (no clusters here), no-chdir (the detached client keeps
                // its directory), confinement/user/monitor (daemon details without effect on a client) and replay
                // directories.
                break;
        }
    }

    private static int ParseTimeout(string text)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int seconds) || seconds <= 0)
        {
            throw new CliException($"value {text} on -t or --timeout is invalid");
        }

        return seconds;
    }
}
