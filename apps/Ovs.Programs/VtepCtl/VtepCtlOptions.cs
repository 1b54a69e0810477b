// Upstream: vtep/vtep-ctl.c, parse_options() (OVS 3.1)
//
// The global option table in upstream's order (it decides getopt's ambiguity messages), followed by every
// command's own options, which may also appear before the first command. Parsing stops at the first operand
// (upstream's "+" short-option prefix), so later options belong to the commands. Unlike ovs-vsctl, vtep-ctl has
// no --no-wait, --retry, --commands, --options or --bootstrap-ca-cert.
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;
using Ovs.Cli.Tables;
using Ovs.Common.Logging;
using Ovs.Transport.Streams;

namespace Ovs.Programs.VtepCtl;

internal sealed class VtepCtlOptions
{
    private const int OptDb = 0x100;
    private const int OptOneline = 0x101;
    private const int OptNoSyslog = 0x102;
    private const int OptDryRun = 0x103;
    private const int OptPeerCaCert = 0x104;
    private const int OptLocal = 0x105;
    private const int OptVlog = 0x110;
    private const int OptSsl = 0x120;

    private static readonly IReadOnlyList<OptionSpec> s_global =
    [
        OptionSpec.Long("db", OptionArgument.Required, OptDb),
        OptionSpec.Long("no-syslog", OptionArgument.None, OptNoSyslog),
        OptionSpec.Long("dry-run", OptionArgument.None, OptDryRun),
        OptionSpec.Long("oneline", OptionArgument.None, OptOneline),
        OptionSpec.Both("timeout", 't', OptionArgument.Required),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Both("version", 'V', OptionArgument.None),
        OptionSpec.Both("verbose", 'v', OptionArgument.Optional),
        OptionSpec.Long("log-file", OptionArgument.Optional, OptVlog + 1),
        OptionSpec.Long("syslog-method", OptionArgument.Required, OptVlog + 2),
        OptionSpec.Long("syslog-target", OptionArgument.Required, OptVlog + 3),
        .. TableOptions.Specs,
        OptionSpec.Both("private-key", 'p', OptionArgument.Required),
        OptionSpec.Both("certificate", 'c', OptionArgument.Required),
        OptionSpec.Both("ca-cert", 'C', OptionArgument.Required),
        OptionSpec.Long("ssl-protocols", OptionArgument.Required, OptSsl),
        OptionSpec.Long("ssl-ciphers", OptionArgument.Required, OptSsl + 1),
        OptionSpec.Long("peer-ca-cert", OptionArgument.Required, OptPeerCaCert),
    ];

    public string? Db { get; private set; }

    public bool Oneline { get; private set; }

    public bool DryRun { get; private set; }

    public int TimeoutSeconds { get; private set; }

    public TableStyle Style { get; } = new() { Format = TableFormat.List };

    public CtlOptions LocalOptions { get; } = new();

    /// <summary>What to print instead of running commands: "help" or "version".</summary>
    public string? Action { get; private set; }

    public static IReadOnlyList<OptionSpec> FullTable(DbCtlEngine engine) => [.. s_global, .. engine.CommandOptionSpecs(OptLocal, s_global)];

    /// <summary>Applies the parsed options in order; throws CliException with upstream's messages.</summary>
    public static VtepCtlOptions Parse(GetOptResult parsed)
    {
        var options = new VtepCtlOptions();
        foreach (ParsedOption option in parsed.Options)
        {
            options.Apply(option);
            if (options.Action is not null)
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
            case OptDb:
                Db = option.Argument;
                break;
            case OptOneline:
                Oneline = true;
                break;
            case OptNoSyslog:
                VlogOptions.Handle("verbose", "vtep_ctl:syslog:warn");
                break;
            case OptDryRun:
                DryRun = true;
                break;
            case OptLocal:
                // As in ovs-vsctl, a repeated option is never reported here (upstream looks it up under another
                // name than it stores it); the first one is kept.
                LocalOptions.TryAdd("--" + option.Spec.Name, option.Argument);
                break;
            case 'h':
                Action = "help";
                break;
            case 'V':
                Action = "version";
                break;
            case 't':
                if (!uint.TryParse(option.Argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint seconds) || seconds == 0)
                {
                    throw new CliException($"value {option.Argument} on -t or --timeout is invalid");
                }

                TimeoutSeconds = (int)Math.Min(seconds, int.MaxValue);
                break;
            case 'v':
            case OptVlog + 1:
            case OptVlog + 2:
            case OptVlog + 3:
                if (VlogOptions.Handle(option.Spec.Name!, option.Argument) is { } error)
                {
                    // An empty message was already logged (a log file that cannot be opened): exit 1 quietly.
                    throw error.Length == 0 ? new CtlExitException(1) : new CliException(error);
                }

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
            case OptSsl:
                SslConfiguration.SetProtocols(option.Argument);
                break;
            case OptSsl + 1:
                SslConfiguration.SetCiphers(option.Argument);
                break;
            case OptPeerCaCert:
                SslConfiguration.SetPeerCaCertFile(option.Argument);
                break;
        }
    }
}
