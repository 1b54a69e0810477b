// Upstream: utilities/ovs-vsctl.c, main() (OVS 3.1)
//
// ovs-vsctl: parse the global options (stopping at the first command), split the rest into commands, then let
// the shared db-ctl loop run them against the database in one transaction. Errors end the program with
// "ovs-vsctl: MESSAGE" on stderr and status 1; --timeout (or OVS_CTL_TIMEOUT) ends it as upstream's alarm does.
using Ovs.Cli;
using Ovs.Cli.DbCtl;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsVsctl;

internal static partial class OvsVsctlProgram
{
    private static readonly string[] s_modules = ["db_ctl_base", "vsctl"];

    /// <summary>The status of a process killed by SIGALRM, as a shell reports it.</summary>
    private const int AlarmStatus = 128 + 14;

    /// <summary>The size of C stdio's buffer for a stdout that is a pipe or a file.</summary>
    private const int StdioBufferSize = 4096;

    public static int Run(string[] args)
    {
        // Like upstream's stdio, stdout is fully buffered unless it is a terminal: output not yet flushed when the
        // --timeout alarm kills the process is lost.
        if (!Console.IsOutputRedirected)
        {
            return RunAsync(args, Console.Out).GetAwaiter().GetResult();
        }

        var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), StdioBufferSize);
        int status = RunAsync(args, output).GetAwaiter().GetResult();
        if (status != AlarmStatus)
        {
            output.Dispose();
        }

        return status;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output)
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

    private static DbCtlEngine CreateEngine()
    {
        var engine = new DbCtlEngine(VsctlSchema.Load(), VsctlSchema.RowIds, VsctlSchema.ShowTables);
        engine.Register(VsctlCommands.Table);
        return engine;
    }

    private static async Task<int> RunCore(string[] args, TextWriter output)
    {
        VlogModule.Register(s_modules);
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Warn);
        Vlog.SetLevels(VlogModule.Get("reconnect"), null, VlogLevel.Warn);
        DbCtlEngine engine = CreateEngine();
        GetOptResult parsed = GetOpt.Parse(args, OvsVsctlOptions.FullTable(engine), stopAtOperand: true);
        OvsVsctlOptions options = OvsVsctlOptions.Parse(parsed);
        switch (options.Action)
        {
            case "help":
                output.Write(Usage(engine));
                return 0;
            case "commands":
                output.Write(CommandsText(engine));
                return 0;
            case "options":
                output.Write(OptionsText());
                return 0;
            case "version":
                output.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
                output.Write($"DB Schema {engine.Schema.Version}\n");
                return 0;
        }

        List<CtlCommand> commands = engine.ParseCommands(parsed.Operands, options.LocalOptions);
        string commandLine = DbCtlRunner.EscapeArgs([CommandLine.Argv0, .. args]);
        bool mightWrite = commands.Exists(c => c.Syntax.Mode == CtlMode.ReadWrite);
        VlogModule.Get("vsctl").Log(mightWrite ? VlogLevel.Info : VlogLevel.Dbg, $"Called as {commandLine}");

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

        var runner = new DbCtlRunner(engine, new VsctlFrontEnd(options.WaitForReload), output)
        {
            Db = options.Db ?? $"unix:{OvsPaths.RunDir}/db.sock",
            Retry = options.Retry,
            DryRun = options.DryRun,
            Oneline = options.Oneline,
            Style = options.Style,
            Log = VlogModule.Get("vsctl"),
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

    /// <summary>--options: every global option as "--name[=ARG]" and its short form.</summary>
    private static string OptionsText()
    {
        var s = new System.Text.StringBuilder();
        foreach (OptionSpec option in OvsVsctlOptions.Global)
        {
            bool hasArg = option.Argument != OptionArgument.None;
            s.Append("--").Append(option.Name).Append(hasArg ? "=ARG" : string.Empty).Append('\n');
            if (option.Short != '\0')
            {
                s.Append('-').Append(option.Short).Append(hasArg ? " ARG" : string.Empty).Append('\n');
            }
        }

        return s.ToString();
    }
}
