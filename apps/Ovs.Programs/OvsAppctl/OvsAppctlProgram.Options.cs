// Upstream: utilities/ovs-appctl.c, parse_command_line() and usage() (OVS 3.1)
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Programs.OvsAppctl;

/// <summary>The parsed command line: whom to ask and what.</summary>
internal sealed record AppctlOptions(string Target, int? TimeoutSeconds, string Command, string[] Arguments);

internal static partial class OvsAppctlProgram
{
    private const int OptTarget = 't';
    private const int OptExecute = 'e';
    private const int OptHelp = 'h';
    private const int OptOption = 'o';
    private const int OptVersion = 'V';
    private const int OptTimeout = 'T';
    internal const int OptVlogBase = 1000;

    // Upstream's table order, which --option prints and ambiguity messages follow.
    private static readonly OptionSpec[] s_options = BuildOptions();

    private const string Usage =
        "ovs-appctl, for querying and controlling Open vSwitch daemon\n" +
        "usage: ovs-appctl [TARGET] COMMAND [ARG...]\n" +
        "Targets:\n" +
        "  -t, --target=TARGET  pidfile or socket to contact\n" +
        "Common commands:\n" +
        "  list-commands      List commands supported by the target\n" +
        "  version            Print version of the target\n" +
        "  vlog/list          List current logging levels\n" +
        "  vlog/list-pattern  List logging patterns for each destination.\n" +
        "  vlog/set [SPEC]\n" +
        "      Set log levels as detailed in SPEC, which may include:\n" +
        "      A valid module name (all modules, by default)\n" +
        "      'syslog', 'console', 'file' (all destinations, by default))\n" +
        "      'off', 'emer', 'err', 'warn', 'info', or 'dbg' ('dbg', bydefault)\n" +
        "  vlog/reopen        Make the program reopen its log file\n" +
        "Other options:\n" +
        "  --timeout=SECS     wait at most SECS seconds for a response\n" +
        "  -h, --help         Print this helpful information\n" +
        "  -V, --version      Display ovs-appctl version information\n";

    private static OptionSpec[] BuildOptions() =>
    [
        OptionSpec.Both("target", 't', OptionArgument.Required),
        OptionSpec.Both("execute", 'e', OptionArgument.None),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Both("option", 'o', OptionArgument.None),
        OptionSpec.Both("version", 'V', OptionArgument.None),
        OptionSpec.Both("timeout", 'T', OptionArgument.Required),
        .. VlogOptionSpecs(),
    ];

    /// <summary>The vlog options in upstream's order (VLOG_LONG_OPTIONS), with ids from OptVlogBase on.</summary>
    internal static IEnumerable<OptionSpec> VlogOptionSpecs()
    {
        var table = new List<OptionSpec>();
        string[] vlogOrder = ["verbose", "log-file", "syslog-method", "syslog-target"];
        for (int i = 0; i < vlogOrder.Length; i++)
        {
            CommonOption o = VlogOptions.Options.First(option => option.LongName == vlogOrder[i]);
            table.Add(CommonOptionRows.ToSpec(o, OptVlogBase + i));
        }

        return table;
    }

    private static bool TryParseOptions(string[] args, [NotNullWhen(true)] out AppctlOptions? options, out int exitCode)
    {
        options = null;
        exitCode = 1;
        GetOptResult parsed = GetOpt.Parse(args, s_options, stopAtOperand: true);
        string target = "ovs-vswitchd";
        int? timeout = null;
        foreach (ParsedOption option in parsed.Options)
        {
            switch (option.Id)
            {
                case OptTarget:
                    target = option.Argument!;
                    break;
                case OptExecute:
                    // Legacy option, accepted and ignored as upstream does.
                    break;
                case OptHelp:
                    Console.Out.Write(Usage);
                    exitCode = 0;
                    return false;
                case OptOption:
                    Console.Out.Write(FormatOptionList(s_options));
                    exitCode = 0;
                    return false;
                case OptVersion:
                    Console.Out.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
                    exitCode = 0;
                    return false;
                case OptTimeout:
                    if (!int.TryParse(option.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) || seconds <= 0)
                    {
                        OvsError.Warn($"value {option.Argument} on -T or --timeout is invalid");
                        return false;
                    }

                    timeout = seconds;
                    break;
                default:
                    if (VlogOptions.Handle(option.Spec.Name!, option.Argument) is { } error)
                    {
                        if (error.Length > 0)
                        {
                            OvsError.Warn(error);
                        }

                        return false;
                    }

                    break;
            }
        }

        if (parsed.Error is not null)
        {
            // getopt itself prefixes its messages with argv[0] as typed, not with the program name.
            Console.Error.Write($"{InvocationName()}: {parsed.Error}\n");
            return false;
        }

        if (parsed.Operands.Count == 0)
        {
            OvsError.Warn("at least one non-option argument is required (use --help for help)");
            return false;
        }

        options = new AppctlOptions(target, timeout, parsed.Operands[0], [.. parsed.Operands.Skip(1)]);
        return true;
    }

    /// <summary>argv[0] exactly as the program was started (from /proc/self/cmdline), else the program name.</summary>
    private static string InvocationName()
    {
        try
        {
            byte[] cmdline = File.ReadAllBytes("/proc/self/cmdline");
            int end = Array.IndexOf(cmdline, (byte)0);
            string argv0 = Encoding.UTF8.GetString(cmdline, 0, end < 0 ? cmdline.Length : end);
            return Path.GetFileName(argv0) == OvsProgram.Name ? argv0 : OvsProgram.Name;
        }
        catch (IOException)
        {
            return OvsProgram.Name;
        }
    }

    /// <summary>The --option listing: each long form, then its short form, one per line (also ovs-dpctl's).</summary>
    internal static string FormatOptionList(IEnumerable<OptionSpec> options)
    {
        var sb = new StringBuilder();
        foreach (OptionSpec o in options)
        {
            sb.Append("--").Append(o.Name).Append(o.Argument switch
            {
                OptionArgument.Required => "=ARG",
                OptionArgument.Optional => "=[ARG]",
                _ => string.Empty,
            }).Append('\n');
            if (o.Short != '\0')
            {
                sb.Append('-').Append(o.Short).Append(' ').Append(o.Argument switch
                {
                    OptionArgument.Required => "ARG",
                    OptionArgument.Optional => "[ARG]",
                    _ => string.Empty,
                }).Append('\n');
            }
        }

        return sb.ToString();
    }
}
