// Upstream: ovsdb/ovsdb-tool.c, parse_options() (OVS 3.1)
//
// ovsdb-tool's global options. Upstream acts on each option as getopt returns it, so "-V -h" prints the version
// and "--cid=bad -x" reports the bad UUID before the unknown option: ToolOptions.Parse keeps that order. The
// long-option table order matters for getopt's ambiguity messages ("--ver" lists '--verbose' '--version').
using Ovs.Cli.Options;
using Ovs.Common;

namespace Ovs.Programs.OvsdbTool;

/// <summary>The parsed global options of one ovsdb-tool run.</summary>
internal sealed class ToolOptions
{
    private const int RbacRoleId = 1000;
    private const int CidId = 1001;
    private const int ElectionTimerId = 1002;
    private const int OptionId = 1003;

    /// <summary>Long options in upstream's order, then the short-only letters.</summary>
    internal static readonly OptionSpec[] Table =
    [
        OptionSpec.Both("more", 'm', OptionArgument.None),
        OptionSpec.Long("rbac-role", OptionArgument.Required, RbacRoleId),
        OptionSpec.Long("cid", OptionArgument.Required, CidId),
        OptionSpec.Long("election-timer", OptionArgument.Required, ElectionTimerId),
        OptionSpec.Both("verbose", 'v', OptionArgument.Optional),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Both("option", 'o', OptionArgument.None),
        OptionSpec.Both("version", 'V', OptionArgument.None),
    ];

    /// <summary>How many times -m/--more was given (show-log detail level).</summary>
    public int More { get; private set; }

    /// <summary>The RBAC role for query and transact, or null for none.</summary>
    public string? RbacRole { get; private set; }

    /// <summary>The cluster ID requested for join-cluster, or null.</summary>
    public Guid? Cid { get; private set; }

    /// <summary>The election timer (ms) requested for create-cluster, or 0 for the default.</summary>
    public long ElectionTimer { get; private set; }

    /// <summary>
    /// Parses the options and returns the operands (command name first). Informational options (-h, -V, --option)
    /// print and return an exit status through <paramref name="exitNow"/>; errors throw <see cref="ToolFailure"/>.
    /// </summary>
    public IReadOnlyList<string> Parse(string[] args, TextWriter output, out int? exitNow)
    {
        exitNow = null;
        GetOptResult result = GetOpt.Parse(args, Table);
        foreach (ParsedOption option in result.Options)
        {
            switch (option.Id)
            {
                case 'm':
                    More++;
                    break;
                case RbacRoleId:
                    RbacRole = option.Argument;
                    break;
                case CidId:
                    Cid = Guid.TryParseExact(option.Argument, "D", out Guid cid) && option.Argument!.Length == 36
                        ? cid
                        : throw new ToolFailure($"{option.Argument}: not a valid UUID");
                    break;
                case ElectionTimerId:
                    ElectionTimer = ParseElectionTimer(option.Argument!);
                    break;
                case 'v':
                    VerbosityOption.Apply(option.Argument);
                    break;
                case 'h':
                    ToolUsage.WriteHelp(output);
                    exitNow = 0;
                    return [];
                case 'o':
                    ToolUsage.WriteOptions(output, Table);
                    exitNow = 0;
                    return [];
                case 'V':
                    output.WriteLine(OvsVersion.VersionLine(OvsProgram.Name));
                    exitNow = 0;
                    return [];
            }
        }

        if (result.Error is not null)
        {
            // getopt names the program by argv[0] exactly as invoked ("/usr/bin/ovsdb-tool: invalid option..."),
            // unlike ovs_fatal, which uses the base name.
            throw new ToolFailure($"{InvocationName()}: {result.Error}", bare: true);
        }

        return result.Operands;
    }

    private static string InvocationName()
    {
        string argv0 = Environment.GetCommandLineArgs()[0];
        return Path.GetFileName(argv0) == OvsProgram.Name ? argv0 : OvsProgram.Name;
    }

    private static long ParseElectionTimer(string text)
    {
        // Upstream converts with atoll(): leading blanks and a sign are skipped, parsing stops at the first
        // non-digit, and text with no digits is 0. Only then is the range checked.
        long value = CLibrary.AtoLL(text);
        return value is >= 100 and <= 600000
            ? value
            : throw new ToolFailure("ovsdb error: election timer must be between 100 and 600000, in msec.");
    }
}
