// Upstream: utilities/ovs-dpctl.c, main() (OVS 3.1)
//
// ovs-dpctl: datapath management. Upstream's talks to the kernel datapath; this build has none, so the commands
// that work on datapaths are sent to the running ovs-vswitchd as its dpctl/* unixctl commands (its control socket
// OVS_RUNDIR/ovs-vswitchd.PID.ctl, found through OVS_RUNDIR/ovs-vswitchd.pid as ovs-appctl finds it) and act on its
// userspace datapaths. The answer is printed as it comes: a success to standard output (exit 0), an error to
// standard error (exit 1). The command name, argument counts and --read-only are checked here first, with
// upstream's messages, and the commands that need no datapath (help, list-commands, parse-actions,
// normalize-actions) run here. With no ovs-vswitchd to ask, the commands run here against a "system" datapath
// type that has no datapaths, which answers as upstream's ovs-dpctl does when the kernel module is not loaded.
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Dpif;
using Ovs.Dpif.Dpctl;
using Ovs.Netdev;
using Ovs.Programs.OvsAppctl;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsDpctl;

internal static partial class OvsDpctlProgram
{
    private const string Daemon = "ovs-vswitchd";

    /// <summary>Commands that need no datapath and so never go to ovs-vswitchd.</summary>
    private static readonly HashSet<string> s_localCommands = new(StringComparer.Ordinal)
    {
        "help", "list-commands", "parse-actions", "normalize-actions",
    };

    public static int Run(string[] args)
    {
        if (!TryParseOptions(args, out DpctlCommandLine? commandLine, out int exitCode))
        {
            return exitCode;
        }

        using Timer? alarm = commandLine.TimeoutSeconds is int seconds ? OvsAppctlProgram.StartAlarm(seconds) : null;
        string[] argv = commandLine.Argv;
        DpctlOptions options = commandLine.Options;
        Dpctl local = CreateLocal(options);
        if (!CheckCommand(local, argv, out DpctlCommand? command))
        {
            return 1;
        }

        if (!s_localCommands.Contains(command.Name) && FindDaemonSocket() is string socket)
        {
            UnixctlResult result = UnixctlClient.RunAsync(socket, "dpctl/" + command.Name, UnixctlArguments(options, argv), CancellationToken.None)
                .AsTask().GetAwaiter().GetResult();
            if (result.Error == 0)
            {
                Console.Out.Write(result.Result ?? string.Empty);
                Console.Error.Write(result.ErrorText ?? string.Empty);
                return result.ErrorText is null ? 0 : 1;
            }
        }

        return DpctlCommands.Run(local, argv) == 0 ? 0 : 1;
    }

    /// <summary>A dpctl session in this process, on a "system" type without a kernel datapath.</summary>
    private static Dpctl CreateLocal(DpctlOptions options)
    {
        var datapaths = new DpifRegistry();
        datapaths.Register(new KernelDatapathUnavailable());
        return new Dpctl(datapaths, NetdevRegistry.CreateDefault(), options, OvsProgram.Name, Console.Out, Console.Error)
        {
            StandardInput = Console.In,
            Usage = () => Console.Out.Write(Usage),
        };
    }

    /// <summary>dpctl_run_command's checks before it runs a handler: name, argument counts, read-only mode.</summary>
    private static bool CheckCommand(Dpctl dpctl, string[] argv, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DpctlCommand? command)
    {
        command = argv.Length > 0 ? DpctlCommands.Find(argv[0]) : null;
        int count = argv.Length - 1;
        bool ok = command is not null && count >= command.MinArgs && count <= command.MaxArgs
            && !(command.Mode == DpctlMode.ReadWrite && dpctl.Options.ReadOnly);
        if (!ok)
        {
            // Let dpctl report it, with upstream's message for whichever check failed.
            DpctlCommands.Run(dpctl, argv);
            return false;
        }

        if (command!.Name == "dump-flows" && argv.Skip(1).Any(static a => a.StartsWith("type=", StringComparison.Ordinal)))
        {
            dpctl.Error(0, "Invalid argument 'type'. Use 'ovs-appctl dpctl/dump-flows' instead.");
            return false;
        }

        return true;
    }

    /// <summary>The dpctl/* arguments: the options in their unixctl spelling, then the command's arguments.</summary>
    private static List<string> UnixctlArguments(DpctlOptions options, string[] argv)
    {
        var args = new List<string>();
        if (options.PrintStatistics)
        {
            args.Add("--statistics");
        }

        if (options.ZeroStatistics)
        {
            args.Add("--clear");
        }

        if (options.MayCreate)
        {
            args.Add("--may-create");
        }

        for (int i = 0; i < options.Verbosity; i++)
        {
            args.Add("--more");
        }

        if (options.Names is bool names)
        {
            args.Add(names ? "--names" : "--no-names");
        }

        args.AddRange(argv.Skip(1));
        return args;
    }

    /// <summary>ovs-vswitchd's control socket, when its pidfile names a running process; null otherwise.</summary>
    private static string? FindDaemonSocket()
    {
        string pidfile = Path.Combine(OvsPaths.RunDir, Daemon + ".pid");
        (int pid, int error) = PidFile.Read(pidfile, out _);
        if (error != 0 || pid <= 0)
        {
            return null;
        }

        string socket = Path.Combine(OvsPaths.RunDir, $"{Daemon}.{pid}.ctl");
        return File.Exists(socket) ? socket : null;
    }
}
