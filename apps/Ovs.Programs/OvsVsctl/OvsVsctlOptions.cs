// Upstream: utilities/ovs-vsctl.c, parse_options() (OVS 3.1)
//
// The global option table in upstream's order (it decides getopt's ambiguity messages and --options output),
// followed by every command's own options, which may also appear before the first command. Parsing stops at the
// first operand (upstream's "+" short-option prefix), so later options belong to the commands.
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;
using Ovs.Cli.Tables;
using Ovs.Transport.Streams;

namespace Ovs.Programs.OvsVsctl;

internal sealed class OvsVsctlOptions : CtlGlobalOptions
{
    private const int OptNoWait = OptFrontEnd;
    private const int OptBootstrapCaCert = OptFrontEnd + 1;
    private const int OptRetry = OptFrontEnd + 2;
    private const int OptCommands = OptFrontEnd + 3;
    private const int OptOptions = OptFrontEnd + 4;
    private const int OptFlag = OptFrontEnd + 5;

    /// <summary>The global options alone (what --options prints).</summary>
    internal static readonly IReadOnlyList<OptionSpec> Global =
    [
        OptionSpec.Long("db", OptionArgument.Required, OptDb),
        OptionSpec.Long("no-syslog", OptionArgument.None, OptNoSyslog),
        OptionSpec.Long("no-wait", OptionArgument.None, OptNoWait),
        OptionSpec.Long("dry-run", OptionArgument.None, OptDryRun),
        OptionSpec.Long("oneline", OptionArgument.None, OptOneline),
        OptionSpec.Both("timeout", 't', OptionArgument.Required),
        OptionSpec.Long("retry", OptionArgument.None, OptRetry),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Long("commands", OptionArgument.None, OptCommands),
        OptionSpec.Long("options", OptionArgument.None, OptOptions),
        OptionSpec.Long("leader-only", OptionArgument.None, OptFlag),
        OptionSpec.Long("no-leader-only", OptionArgument.None, OptFlag + 1),
        OptionSpec.Long("shuffle-remotes", OptionArgument.None, OptFlag + 2),
        OptionSpec.Long("no-shuffle-remotes", OptionArgument.None, OptFlag + 3),
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
        OptionSpec.Long("bootstrap-ca-cert", OptionArgument.Required, OptBootstrapCaCert),
        OptionSpec.Long("peer-ca-cert", OptionArgument.Required, OptPeerCaCert),
    ];

    private OvsVsctlOptions()
        : base("vsctl")
    {
    }

    public bool WaitForReload { get; private set; } = true;

    public static IReadOnlyList<OptionSpec> FullTable(DbCtlEngine engine) => [.. Global, .. engine.CommandOptionSpecs(OptLocal, Global)];

    /// <summary>Applies the parsed options in order; throws CliException with upstream's messages.</summary>
    public static OvsVsctlOptions Parse(GetOptResult parsed)
    {
        var options = new OvsVsctlOptions();
        options.ApplyAll(parsed);
        return options;
    }

    protected override void ApplyOwn(ParsedOption option)
    {
        switch (option.Id)
        {
            case OptNoWait:
                WaitForReload = false;
                break;
            case OptCommands:
                Action = "commands";
                break;
            case OptOptions:
                Action = "options";
                break;
            case OptRetry:
                Retry = true;
                break;
            case OptBootstrapCaCert:
                SslConfiguration.SetCaCertFile(option.Argument, bootstrap: true);
                break;
            default:
                // --leader-only and --shuffle-remotes and their negations: clusters are not supported here, and
                // remotes are tried in the order given.
                break;
        }
    }
}
