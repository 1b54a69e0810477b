// Upstream: vtep/vtep-ctl.c, main() and usage() (OVS 3.1)
//
// vtep-ctl: parse the global options (stopping at the first command), split the rest into commands, then let the
// shared db-ctl loop run them against the hardware_vtep database in one transaction. Errors end the program with
// "vtep-ctl: MESSAGE" on stderr and status 1; --timeout (or OVS_CTL_TIMEOUT) ends it as upstream's alarm does.
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Programs.VtepCtl;

internal static class VtepCtlProgram
{
    private static readonly string[] s_modules = ["db_ctl_base", "vtep_ctl"];

    public static int Run(string[] args) => RunAsync(args, Console.Out).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        try
        {
            return await RunCore(args, output).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            output.Flush();
            Console.Error.Write(e.FormatLine() + "\n");
            return 1;
        }
        catch (CtlExitException e)
        {
            output.Flush();
            return e.Status;
        }
        finally
        {
            output.Flush();
        }
    }

    private static DbCtlEngine CreateEngine()
    {
        var engine = new DbCtlEngine(VtepSchema.Load(), VtepSchema.RowIds, VtepSchema.ShowTables);
        engine.Register(VtepCommands.Table);
        return engine;
    }

    private static async Task<int> RunCore(string[] args, TextWriter output)
    {
        VlogModule.Register(s_modules);
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Warn);
        Vlog.SetLevels(VlogModule.Get("reconnect"), null, VlogLevel.Warn);
        DbCtlEngine engine = CreateEngine();
        GetOptResult parsed = GetOpt.Parse(args, VtepCtlOptions.FullTable(engine), stopAtOperand: true);
        VtepCtlOptions options = VtepCtlOptions.Parse(parsed);
        switch (options.Action)
        {
            case "help":
                output.Write(Usage(engine));
                return 0;
            case "version":
                output.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
                output.Write($"DB Schema {engine.Schema.Version}\n");
                return 0;
        }

        List<CtlCommand> commands = engine.ParseCommands(parsed.Operands, options.LocalOptions);
        string commandLine = DbCtlRunner.EscapeArgs([CommandLine.Argv0, .. args]);
        bool mightWrite = commands.Exists(c => c.Syntax.Mode == CtlMode.ReadWrite);
        VlogModule.Get("vtep_ctl").Log(mightWrite ? VlogLevel.Info : VlogLevel.Dbg, $"Called as {commandLine}");

        int timeout = options.TimeoutSeconds;
        if (timeout == 0 && Environment.GetEnvironmentVariable("OVS_CTL_TIMEOUT") is { Length: > 0 } env
            && uint.TryParse(env, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint envSeconds))
        {
            timeout = (int)Math.Min(envSeconds, int.MaxValue);
        }

        using var cancellation = new CancellationTokenSource();
        if (timeout > 0)
        {
            cancellation.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var runner = new DbCtlRunner(engine, new VtepFrontEnd(), output)
        {
            Db = options.Db ?? DefaultDb,
            DryRun = options.DryRun,
            Oneline = options.Oneline,
            Style = options.Style,
            Log = VlogModule.Get("vtep_ctl"),
        };

        try
        {
            await runner.RunAsync(commands, commandLine, cancellation.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Upstream's alarm: the process logs the signal and dies of SIGALRM (status 142 in shells).
            output.Flush();
            VlogModule.Get("fatal_signal").Warn("terminating with signal 14 (Alarm clock)");
            return 142;
        }
    }

    private static string DefaultDb => $"unix:{OvsPaths.RunDir}/db.sock";

    /// <summary>The --help text.</summary>
    internal static string Usage(DbCtlEngine engine) =>
        UsageHead().Replace("vtep-ctl", OvsProgram.Name, StringComparison.Ordinal)
        + "\n\n" + DbCtlEngine.DbCommandsUsage + engine.TablesUsage() + UsageTail() + "\n";

    private static string UsageHead() =>
        """
        vtep-ctl: VTEP configuration utility
        usage: vtep-ctl [OPTIONS] COMMAND [ARG...]

        VTEP commands:
          show                        print overview of database contents

        Manager commands:
          get-manager                 print the managers
          del-manager                 delete the managers
          [--inactivity-probe=MSECS]
          set-manager TARGET...       set the list of managers to TARGET...

        Physical Switch commands:
          add-ps PS                   create a new physical switch named PS
          del-ps PS                   delete PS and all of its ports
          list-ps                     print the names of all the physical switches
          ps-exists PS                exit 2 if PS does not exist

        Port commands:
          list-ports PS               print the names of all the ports on PS
          add-port PS PORT            add network device PORT to PS
          del-port PS PORT            delete PORT from PS

        Logical Switch commands:
          add-ls LS                   create a new logical switch named LS
          del-ls LS                   delete LS and all of its ports
          list-ls                     print the names of all the logical switches
          ls-exists LS                exit 2 if LS does not exist
          bind-ls PS PORT VLAN LS     bind LS to VLAN on PORT
          unbind-ls PS PORT VLAN      unbind logical switch on VLAN from PORT
          list-bindings PS PORT       list bindings for PORT on PS
          set-replication-mode LS MODE  set replication mode on LS
          get-replication-mode LS       get replication mode on LS

        Logical Router commands:
          add-lr LR                   create a new logical router named LR
          del-lr LR                   delete LR
          list-lr                     print the names of all the logical routers
          lr-exists LR                exit 2 if LR does not exist

        MAC binding commands:
          add-ucast-local LS MAC [ENCAP] IP   add ucast local entry in LS
          del-ucast-local LS MAC              del ucast local entry from LS
          add-mcast-local LS MAC [ENCAP] IP   add mcast local entry in LS
          del-mcast-local LS MAC [ENCAP] IP   del mcast local entry from LS
          clear-local-macs LS                 clear local mac entries
          list-local-macs LS                  list local mac entries
          add-ucast-remote LS MAC [ENCAP] IP  add ucast remote entry in LS
          del-ucast-remote LS MAC             del ucast remote entry from LS
          add-mcast-remote LS MAC [ENCAP] IP  add mcast remote entry in LS
          del-mcast-remote LS MAC [ENCAP] IP  del mcast remote entry from LS
          clear-remote-macs LS                clear remote mac entries
          list-remote-macs LS                 list remote mac entries
        """;

    private static string UsageTail() =>
        $"""

        Options:
          --db=DATABASE               connect to DATABASE
                                      (default: {DefaultDb})
          -t, --timeout=SECS          wait at most SECS seconds
          --dry-run                   do not commit changes to database
          --oneline                   print exactly one line of output per command

        Output formatting options:
          -f, --format=FORMAT         set output formatting to FORMAT
                                      ("table", "html", "csv", or "json")
          -d, --data=FORMAT           set table cell output formatting to
                                      FORMAT ("string", "bare", or "json")
          --no-headings               omit table heading row
          --pretty                    pretty-print JSON in output
          --bare                      equivalent to "--format=list --data=bare --no-headings"

        Logging options:
          -vSPEC, --verbose=SPEC   set logging levels
          -v, --verbose            set maximum verbosity level
          --log-file[=FILE]        enable logging to specified FILE
                                   (default: {OvsPaths.LogDir}/{OvsProgram.Name}.log)
          --syslog-method=(libc|unix:file|udp:ip:port)
                                   specify how to send messages to syslog daemon
          --syslog-target=HOST:PORT  also send syslog msgs to HOST:PORT via UDP
          --no-syslog                 equivalent to --verbose=vtep_ctl:syslog:warn

        Active database connection methods:
          tcp:HOST:PORT           PORT at remote HOST
          ssl:HOST:PORT           SSL PORT at remote HOST
          unix:FILE               Unix domain socket named FILE
        Passive database connection methods:
          ptcp:PORT[:IP]          listen to TCP PORT on IP
          pssl:PORT[:IP]          listen for SSL on PORT on IP
          punix:FILE              listen on Unix domain socket FILE
        PKI configuration (required to use SSL):
          -p, --private-key=FILE  file with private key
          -c, --certificate=FILE  file with certificate for private key
          -C, --ca-cert=FILE      file with peer CA certificate
        SSL options:
          --ssl-protocols=PROTOS  list of SSL protocols to enable
          --ssl-ciphers=CIPHERS   list of SSL ciphers to enable

        Other options:
          -h, --help                  display this help message
          -V, --version               display version information
        """;
}
