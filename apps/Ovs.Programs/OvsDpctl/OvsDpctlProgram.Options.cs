// Upstream: utilities/ovs-dpctl.c, parse_options() and usage() (OVS 3.1)
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Dpif.Dpctl;
using Ovs.Programs.OvsAppctl;

namespace Ovs.Programs.OvsDpctl;

internal static partial class OvsDpctlProgram
{
    private const int OptClear = 256;
    private const int OptMayCreate = 257;
    private const int OptReadOnly = 258;
    private const int OptNames = 259;
    private const int OptNoNames = 260;

    // Upstream's table order, which --option prints.
    private static readonly OptionSpec[] s_options =
    [
        OptionSpec.Both("statistics", 's', OptionArgument.None),
        OptionSpec.Long("clear", OptionArgument.None, OptClear),
        OptionSpec.Long("may-create", OptionArgument.None, OptMayCreate),
        OptionSpec.Long("read-only", OptionArgument.None, OptReadOnly),
        OptionSpec.Both("more", 'm', OptionArgument.None),
        OptionSpec.Long("names", OptionArgument.None, OptNames),
        OptionSpec.Long("no-names", OptionArgument.None, OptNoNames),
        OptionSpec.Both("timeout", 't', OptionArgument.Required),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Both("option", 'o', OptionArgument.None),
        OptionSpec.Both("version", 'V', OptionArgument.None),
        .. OvsAppctlProgram.VlogOptionSpecs(),
    ];

    private static string Usage => $"""
        {OvsProgram.Name}: Open vSwitch datapath management utility
        usage: {OvsProgram.Name} [OPTIONS] COMMAND [ARG...]
          add-dp DP [IFACE...]     add new datapath DP (with IFACEs)
          del-dp DP                delete local datapath DP
          add-if DP IFACE...       add each IFACE as a port on DP
          set-if DP IFACE...       reconfigure each IFACE within DP
          del-if DP IFACE...       delete each IFACE from DP
          dump-dps                 display names of all datapaths
          show                     show basic info on all datapaths
          show DP...               show basic info on each DP
          dump-flows [DP]          display flows in DP
          add-flow [DP] FLOW ACTIONS add FLOW with ACTIONS to DP
          add-flows [DP] FILE        add flows from FILE
          mod-flow [DP] FLOW ACTIONS change FLOW actions to ACTIONS in DP
          mod-flows [DP] FILE        change flows from FILE
          get-flow [DP] ufid:UFID    fetch flow corresponding to UFID
          del-flow [DP] FLOW         delete FLOW from DP
          del-flows [DP] [FILE]      delete all or specified flows from DP
          cache-get-size [DP]             Show the current size for all caches
          cache-set-size DP CACHE SIZE  Set cache size for a specific cache
          dump-conntrack [DP] [zone=ZONE]  display conntrack entries for ZONE
          flush-conntrack [DP] [zone=ZONE] [ct-tuple]delete matched conntrack entries in ZONE
          ct-stats-show [DP] [zone=ZONE] [verbose] CT connections grouped by protocol
          ct-bkts [DP] [gt=N] display connections per CT bucket
        Each IFACE on add-dp, add-if, and set-if may be followed by
        comma-separated options.  See ovs-dpctl(8) for syntax, or the
        Interface table in ovs-vswitchd.conf.db(5) for an options list.
        For COMMAND dump-flows, add-flow, add-flows, mod-flow,
        mod-flows, del-flow and del-flows, DP is optional if there is
        only one datapath.
        This build has no kernel datapath: the commands that work on datapaths
        are sent to the running ovs-vswitchd (found through its pidfile in
        {OvsPaths.RunDir}, as ovs-appctl finds it) and act on its userspace
        datapaths, exactly as "ovs-appctl dpctl/COMMAND" does.  Without a running
        ovs-vswitchd, they answer as upstream's ovs-dpctl does when the kernel
        module is not loaded.

        Logging options:
          -vSPEC, --verbose=SPEC   set logging levels
          -v, --verbose            set maximum verbosity level
          --log-file[=FILE]        enable logging to specified FILE
                                   (default: {OvsPaths.LogDir}/{OvsProgram.Name}.log)
          --syslog-method=(libc|unix:file|udp:ip:port)
                                   specify how to send messages to syslog daemon
          --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT via UDP

        Options for show and mod-flow:
          -s,  --statistics           print statistics for port or flow

        Options for dump-flows:
          -m, --more                  increase verbosity of output
          --names                     use port names in output

        Options for mod-flow:
          --may-create                create flow if it doesn't exist
          --read-only                 do not run read/write commands
          --clear                     reset existing stats to zero

        Other options:
          -t, --timeout=SECS          give up after SECS seconds
          -h, --help                  display this help message
          -V, --version               display version information

        """;

    /// <summary>The parsed command line: dpctl's options, the timeout and the command with its arguments.</summary>
    private sealed record DpctlCommandLine(DpctlOptions Options, int? TimeoutSeconds, string[] Argv);

    private static bool TryParseOptions(string[] args, [NotNullWhen(true)] out DpctlCommandLine? commandLine, out int exitCode)
    {
        commandLine = null;
        exitCode = 1;
        GetOptResult parsed = GetOpt.Parse(args, s_options, stopAtOperand: false);
        var options = new DpctlOptions();
        int? timeout = null;
        foreach (ParsedOption option in parsed.Options)
        {
            switch (option.Id)
            {
                case 's':
                    options.PrintStatistics = true;
                    break;
                case OptClear:
                    options.ZeroStatistics = true;
                    break;
                case OptMayCreate:
                    options.MayCreate = true;
                    break;
                case OptReadOnly:
                    options.ReadOnly = true;
                    break;
                case 'm':
                    options.Verbosity++;
                    break;
                case OptNames:
                    options.Names = true;
                    break;
                case OptNoNames:
                    options.Names = false;
                    break;
                case 't':
                    if (!uint.TryParse(option.Argument, NumberStyles.None, CultureInfo.InvariantCulture, out uint seconds) || seconds == 0 || seconds > int.MaxValue)
                    {
                        OvsFatal.Fatal($"value {option.Argument} on -t or --timeout is invalid");
                    }

                    timeout = (int)seconds;
                    break;
                case 'h':
                    Console.Out.Write(Usage);
                    exitCode = 0;
                    return false;
                case 'o':
                    Console.Out.Write(OvsAppctlProgram.FormatOptionList(s_options));
                    exitCode = 0;
                    return false;
                case 'V':
                    Console.Out.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
                    exitCode = 0;
                    return false;
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
            Console.Error.Write($"{OvsProgram.Name}: {parsed.Error}\n");
            return false;
        }

        commandLine = new DpctlCommandLine(options, timeout, [.. parsed.Operands]);
        return true;
    }
}
