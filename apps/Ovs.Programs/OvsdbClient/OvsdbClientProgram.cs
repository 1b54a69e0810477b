// Upstream: ovsdb/ovsdb-client.c, main() (OVS 3.1)
//
// ovsdb-client: parse options (getopt_long rules), pick the command from the table, then work out the SERVER and
// DATABASE operands exactly as upstream does: the first operand is the server if there are more operands than
// the command's minimum and it looks like a connection method (starts with a letter and contains ':'); for
// commands that need a database, the next operand is the database if the server has one by that name, else the
// default is Open_vSwitch when the server has it, or the server's only database other than _Server. Only then
// are the remaining operands counted against the command's limits.
using Ovs.Cli;
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Json;
using Ovs.Ovsdb.Client;
using Connection = Ovs.Ovsdb.Client.OvsdbClient;

namespace Ovs.Programs.OvsdbClient;

internal static partial class OvsdbClientProgram
{
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
        finally
        {
            output.Flush();
            ClientDaemon.Stop();
        }
    }

    private static async Task<int> RunCore(string[] args, TextWriter output)
    {
        GetOptResult parsed = GetOpt.Parse(args, OvsdbClientOptions.Table);
        OvsdbClientOptions options = OvsdbClientOptions.Parse(parsed);
        if (options.ShowHelp)
        {
            output.Write(Usage());
            return 0;
        }

        if (options.ShowVersion)
        {
            output.Write(OvsVersion.VersionLine(OvsProgram.Name) + "\n");
            return 0;
        }

        IReadOnlyList<string> operands = parsed.Operands;
        if (operands.Count == 0)
        {
            throw new CliException("missing command name; use --help for help");
        }

        if (!s_commands.TryGetValue(operands[0], out ClientCommand? command))
        {
            throw new CliException($"unknown command '{operands[0]}'; use --help for help");
        }

        using var timeout = new CancellationTokenSource();
        if (options.TimeoutSeconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        }

        var rest = operands.Skip(1).ToList();
        if (command.Daemon && ClientDaemon.Start(options, args) is int parentStatus)
        {
            return parentStatus;
        }

        try
        {
            return await RunCommand(command, rest, options, output, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // Upstream arms alarm(2): the process logs the signal and dies of SIGALRM, which shells report as
            // status 142.
            output.Flush();
            Ovs.Common.Logging.VlogModule.Get("fatal_signal").Warn("terminating with signal 14 (Alarm clock)");
            return 142;
        }
    }

    private static async Task<int> RunCommand(ClientCommand command, List<string> args, OvsdbClientOptions options, TextWriter output, CancellationToken cancellation)
    {
        if (command.Need == CommandNeed.None)
        {
            CheckArgCount(command, args.Count);
            await command.Handler(new CommandContext
            {
                Options = options,
                Out = output,
                Args = args,
                Server = string.Empty,
                Cancellation = cancellation,
            }).ConfigureAwait(false);
            return 0;
        }

        string server = DefaultServer;
        if (args.Count > command.MinArgs && LooksLikeServer(args[0]))
        {
            server = args[0];
            args.RemoveAt(0);
        }

        await using Connection client = await Connect(server, cancellation).ConfigureAwait(false);
        string? database = null;
        if (command.Need == CommandNeed.Database)
        {
            database = await ChooseDatabase(client, server, command, args, cancellation).ConfigureAwait(false);
        }

        CheckArgCount(command, args.Count);
        await command.Handler(new CommandContext
        {
            Options = options,
            Out = output,
            Args = args,
            Server = server,
            Client = client,
            Database = database,
            Cancellation = cancellation,
        }).ConfigureAwait(false);
        return 0;
    }

    internal static string DefaultServer => $"unix:{OvsPaths.RunDir}/db.sock";

    private static bool LooksLikeServer(string arg) => arg.Length > 0 && char.IsAsciiLetter(arg[0]) && arg.Contains(':', StringComparison.Ordinal);

    private static void CheckArgCount(ClientCommand command, int count)
    {
        if (count < command.MinArgs || count > command.MaxArgs)
        {
            throw new CliException($"invalid syntax for '{command.Name}' (use --help for help)");
        }
    }

    internal static async Task<Connection> Connect(string server, CancellationToken cancellation)
    {
        ConnectResult result = await Connection.ConnectAsync(server, cancellation).ConfigureAwait(false);
        if (result.Client is { } client)
        {
            return client;
        }

        string verb = result.Passive || result.Error == OvsErrno.EAFNOSUPPORT ? "connect or listen to" : "connect to";
        throw new CliException($"failed to {verb} \"{server}\"", result.Error);
    }

    private static async Task<string> ChooseDatabase(Connection client, string server, ClientCommand command, List<string> args, CancellationToken cancellation)
    {
        List<string> dbs = await FetchDbs(client, server, cancellation).ConfigureAwait(false);
        if (args.Count > command.MinArgs && dbs.Contains(args[0]))
        {
            string db = args[0];
            args.RemoveAt(0);
            return db;
        }

        if (dbs.Contains("Open_vSwitch"))
        {
            return "Open_vSwitch";
        }

        List<string> candidates = dbs.Where(d => d != "_Server").ToList();
        if (candidates.Count != 1)
        {
            throw new CliException($"no default database for `{command.Name}' command, please specify one");
        }

        return candidates[0];
    }

    internal static async Task<List<string>> FetchDbs(Connection client, string server, CancellationToken cancellation)
    {
        Ovsdb.Client.Rpc.RpcReply reply = await client.ListDbsAsync(cancellation).ConfigureAwait(false);
        if (reply.ConnectionError != 0)
        {
            throw new CliException($"{server}: list_dbs failed", reply.ConnectionError);
        }

        if (reply.Error is not null)
        {
            throw new CliException($"{server}: list_dbs failed: {reply.Error}");
        }

        if (reply.Result is not JsonArray names)
        {
            throw new CliException($"{server}: list_dbs response is not array");
        }

        var dbs = new List<string>();
        foreach (JsonValue name in names)
        {
            if (name is not JsonString s)
            {
                throw new CliException($"{server}: list_dbs response {dbs.Count} is not string");
            }

            dbs.Add(s.Value);
        }

        dbs.Sort(StringComparer.Ordinal);
        return dbs;
    }
}
