// Upstream: ovsdb/ovsdb-client.c, the state each command handler receives (OVS 3.1)
using Ovs.Cli;
using Ovs.Cli.Tables;
using Ovs.Json;
using Ovs.Ovsdb.Client;
using Ovs.Ovsdb.Client.Rpc;
using Connection = Ovs.Ovsdb.Client.OvsdbClient;

namespace Ovs.Programs.OvsdbClient;

/// <summary>
/// Everything a command handler uses: its operands, the server name, the chosen database, the connection and the
/// output streams. Handlers write through <see cref="Out"/> and report failures by throwing
/// <see cref="CliException"/>, so tests can capture output.
/// </summary>
internal sealed class CommandContext
{
    public required OvsdbClientOptions Options { get; init; }

    public required TextWriter Out { get; init; }

    /// <summary>Opens standard input (restore reads its snapshot there).</summary>
    public Func<Stream> OpenInput { get; init; } = Console.OpenStandardInput;

    public required IReadOnlyList<string> Args { get; init; }

    public required string Server { get; init; }

    /// <summary>The connection, for commands that need one.</summary>
    public Connection? Client { get; init; }

    public string? Database { get; init; }

    public required CancellationToken Cancellation { get; init; }

    public Connection Rpc => Client ?? throw new InvalidOperationException("command has no connection");

    public string Db => Database ?? throw new InvalidOperationException("command has no database");

    public TablePrinter CreatePrinter() => new(Options.Style, Out);

    /// <summary>
    /// Sends a request and returns its result, failing as upstream does when the connection drops ("METHOD:
    /// receive failed" style messages come from the caller's <paramref name="what"/>) or the server answers with an
    /// error.
    /// </summary>
    public async Task<JsonValue> RequestAsync(string method, JsonArray parameters, string what)
    {
        RpcReply reply = await Rpc.RequestAsync(method, parameters, Cancellation).ConfigureAwait(false);
        return CheckReply(reply, what);
    }

    /// <summary>
    /// Sends set_db_change_aware and waits for the answer, unless --no-db-change-aware was given. A server that
    /// refuses is fatal only with --db-change-aware.
    /// </summary>
    public async Task SendDbChangeAwareAsync()
    {
        if (!Options.DbChangeAware)
        {
            return;
        }

        RpcReply reply = await Rpc.SetDbChangeAwareAsync(true, Cancellation).ConfigureAwait(false);
        if (reply.ConnectionError != 0)
        {
            throw new CliException($"{Server}: error setting db_change_aware", reply.ConnectionError);
        }

        if (reply.Error is not null && Options.RequireDbChangeAware)
        {
            throw new CliException($"{Server}: set_db_change_aware failed ({reply.Error})");
        }
    }

    public JsonValue CheckReply(RpcReply reply, string what)
    {
        if (reply.ConnectionError != 0)
        {
            throw new CliException($"{Server}: {what} failed", reply.ConnectionError);
        }

        if (reply.Error is not null)
        {
            throw new CliException($"{what} returned error: {reply.Error}");
        }

        return reply.Result ?? JsonValue.Null;
    }
}
