// Upstream: utilities/ovs-vsctl.c main() and vtep/vtep-ctl.c main(), which run the same sequence (OVS 3.1)
//
// The run sequence of a db-ctl program: register the log modules and console levels, build the engine (the
// compiled-in schema and the command table), parse the global options (stopping at the first command), answer
// --help/--version and the front end's other printing options, split the rest into commands, log the command line,
// arm --timeout (or OVS_CTL_TIMEOUT), and let DbCtlRunner run the commands. Errors end the program with
// "PROGRAM: MESSAGE" on stderr and status 1; the timeout ends it as upstream's SIGALRM does (status 142, a warning
// from fatal_signal, and stdout not flushed). Like C stdio, stdout is fully buffered (4096 bytes) unless it is a
// terminal, so output still buffered when the alarm fires is lost, and output reaches a shared pipe at exit.
using System.Globalization;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Cli.DbCtl;

public abstract class DbCtlProgram
{
    /// <summary>The status of a process killed by SIGALRM, as a shell reports it.</summary>
    public const int AlarmStatus = 128 + 14;

    /// <summary>The size of C stdio's buffer for a stdout that is a pipe or a file.</summary>
    private const int StdioBufferSize = 4096;

    private readonly string _logModule;

    /// <param name="logModule">The program's own vlog module ("vsctl", "vtep_ctl").</param>
    protected DbCtlProgram(string logModule)
    {
        _logModule = logModule;
    }

    /// <summary>The default --db remote.</summary>
    public static string DefaultDb => $"unix:{OvsPaths.RunDir}/db.sock";

    /// <summary>The engine with the program's schema and commands.</summary>
    protected abstract DbCtlEngine CreateEngine();

    /// <summary>The version of the schema the program was built with (what --version prints).</summary>
    protected abstract string SchemaVersion { get; }

    /// <summary>The option table: the global options, then every command's own options.</summary>
    protected abstract IReadOnlyList<OptionSpec> OptionTable(DbCtlEngine engine);

    /// <summary>Applies the parsed options; throws CliException with upstream's messages.</summary>
    protected abstract CtlGlobalOptions ApplyOptions(GetOptResult parsed);

    /// <summary>The text printed for an action option other than --version ("help", ...).</summary>
    protected abstract string ActionText(string action, DbCtlEngine engine);

    /// <summary>The front end for one run.</summary>
    protected abstract IDbCtlFrontEnd CreateFrontEnd(CtlGlobalOptions options);

    public int Run(string[] args)
    {
        if (!Console.IsOutputRedirected)
        {
            return RunAsync(args, Console.Out).GetAwaiter().GetResult();
        }

        var output = new StreamWriter(new StandardOutputStream(), new System.Text.UTF8Encoding(false), StdioBufferSize);
        int status = RunAsync(args, output).GetAwaiter().GetResult();
        if (status != AlarmStatus)
        {
            output.Dispose();
        }

        return status;
    }

    public async Task<int> RunAsync(string[] args, TextWriter output)
    {
        int status;
        try
        {
            status = await RunCore(args, output).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            Console.Error.Write(e.FormatLine() + "\n");
            status = 1;
        }
        catch (CtlExitException e)
        {
            status = e.Status;
        }

        if (status != AlarmStatus)
        {
            output.Flush();
        }

        return status;
    }

    private async Task<int> RunCore(string[] args, TextWriter output)
    {
        VlogModule.Register("db_ctl_base", _logModule);
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Warn);
        Vlog.SetLevels(VlogModule.Get("reconnect"), null, VlogLevel.Warn);
        DbCtlEngine engine = CreateEngine();
        GetOptResult parsed = GetOpt.Parse(args, OptionTable(engine), stopAtOperand: true);
        CtlGlobalOptions options = ApplyOptions(parsed);
        if (options.Action == "version")
        {
            output.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
            output.Write($"DB Schema {SchemaVersion}\n");
            return 0;
        }

        if (options.Action is { } action)
        {
            output.Write(ActionText(action, engine));
            return 0;
        }

        List<CtlCommand> commands = engine.ParseCommands(parsed.Operands, options.LocalOptions);
        string commandLine = DbCtlRunner.EscapeArgs([CommandLine.Argv0, .. args]);
        bool mightWrite = commands.Exists(c => c.Syntax.Mode == CtlMode.ReadWrite);
        VlogModule log = VlogModule.Get(_logModule);
        log.Log(mightWrite ? VlogLevel.Info : VlogLevel.Dbg, $"Called as {commandLine}");

        int timeout = options.TimeoutSeconds;
        if (timeout == 0 && Environment.GetEnvironmentVariable("OVS_CTL_TIMEOUT") is { Length: > 0 } env
            && uint.TryParse(env, NumberStyles.None, CultureInfo.InvariantCulture, out uint envSeconds))
        {
            timeout = (int)Math.Min(envSeconds, int.MaxValue);
        }

        using var cancellation = new CancellationTokenSource();
        if (timeout > 0)
        {
            cancellation.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var runner = new DbCtlRunner(engine, CreateFrontEnd(options), output)
        {
            Db = options.Db ?? DefaultDb,
            Retry = options.Retry,
            DryRun = options.DryRun,
            Oneline = options.Oneline,
            Style = options.Style,
            Log = log,
        };

        try
        {
            await runner.RunAsync(commands, commandLine, cancellation.Token).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Upstream's alarm: the process logs the signal and dies of SIGALRM (status 142 in shells), without
            // flushing stdout.
            VlogModule.Get("fatal_signal").Warn("terminating with signal 14 (Alarm clock)");
            return AlarmStatus;
        }
    }
}
