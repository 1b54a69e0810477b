// Upstream: vtep/vtep-ctl.c, parse_options() (OVS 3.1)
//
// The global option table in upstream's order (it decides getopt's ambiguity messages), followed by every
// command's own options, which may also appear before the first command. Parsing stops at the first operand
// (upstream's "+" short-option prefix), so later options belong to the commands. Unlike ovs-vsctl, vtep-ctl has
// no --no-wait, --retry, --commands, --options or --bootstrap-ca-cert.
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;
using Ovs.Cli.Tables;

namespace Ovs.Programs.VtepCtl;

internal sealed class VtepCtlOptions : CtlGlobalOptions
{

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

    private VtepCtlOptions()
        : base("vtep_ctl")
    {
    }

    public static IReadOnlyList<OptionSpec> FullTable(DbCtlEngine engine) => [.. s_global, .. engine.CommandOptionSpecs(OptLocal, s_global)];

    /// <summary>Applies the parsed options in order; throws CliException with upstream's messages.</summary>
    public static VtepCtlOptions Parse(GetOptResult parsed)
    {
        var options = new VtepCtlOptions();
        options.ApplyAll(parsed);
        return options;
    }

    /// <summary>vtep-ctl has only the shared options: nothing of its own.</summary>
    protected override void ApplyOwn(ParsedOption option)
    {
    }
}
