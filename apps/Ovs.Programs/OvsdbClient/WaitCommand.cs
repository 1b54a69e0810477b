// Upstream: ovsdb/ovsdb-client.c, do_wait() (OVS 3.1)
//
// wait [SERVER] DATABASE STATE: watches the _Server database's Database table until DATABASE is "added" (a row
// exists), "connected" (its row says connected) or "removed" (no row). Like upstream, which uses a reconnecting
// session here, it logs the connection at INFO (module reconnect) and retries while the server is unreachable;
// --timeout bounds the wait.
using Ovs.Cli;
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;
using Connection = Ovs.Ovsdb.Client.OvsdbClient;

namespace Ovs.Programs.OvsdbClient;

internal static class WaitCommand
{
    private static readonly VlogModule s_reconnect = VlogModule.Get("reconnect");

    public static async Task Wait(CommandContext ctx)
    {
        string server = ctx.Args.Count == 3 ? ctx.Args[0] : OvsdbClientProgram.DefaultServer;
        string database = ctx.Args[^2];
        string state = ctx.Args[^1];
        if (state is not ("added" or "connected" or "removed"))
        {
            throw new CliException($"{state}: unknown state");
        }

        while (true)
        {
            s_reconnect.Info($"{server}: connecting...");
            Ovs.Ovsdb.Client.ConnectResult connect = await Connection.ConnectAsync(server, ctx.Cancellation).ConfigureAwait(false);
            if (connect.Client is null)
            {
                s_reconnect.Info($"{server}: connection attempt failed ({Ovs.Common.OvsErrno.RetvalToString(connect.Error)})");
                await Task.Delay(TimeSpan.FromSeconds(1), ctx.Cancellation).ConfigureAwait(false);
                continue;
            }

            await using Connection client = connect.Client;
            s_reconnect.Info($"{server}: connected");
            if (await WatchAsync(client, database, state, ctx.Cancellation).ConfigureAwait(false))
            {
                return;
            }

            s_reconnect.Info($"{server}: connection dropped ({Ovs.Common.OvsErrno.RetvalToString(client.ClosedError)})");
        }
    }

    /// <summary>Returns true once the state is reached, false if the connection ends first.</summary>
    private static async Task<bool> WatchAsync(Connection client, string database, string state, CancellationToken cancellation)
    {
        var requests = new JsonObject { { "Database", new JsonObject { { "columns", new JsonArray("name", "connected") } } } };
        RpcReply reply = await client.MonitorAsync("monitor", "_Server", "wait", requests, null, cancellation).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            return false;
        }

        var rows = new Dictionary<string, (string Name, bool Connected)>(StringComparer.Ordinal);
        Apply(rows, reply.Result!);
        if (Reached(rows, database, state))
        {
            return true;
        }

        await foreach (RpcNotification notification in client.Notifications.ReadAllAsync(cancellation).ConfigureAwait(false))
        {
            if (notification.Method == "update" && notification.Params.Count == 2)
            {
                Apply(rows, notification.Params[1]);
                if (Reached(rows, database, state))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void Apply(Dictionary<string, (string Name, bool Connected)> rows, JsonValue updates)
    {
        if (updates is not JsonObject { } byTable || byTable["Database"] is not JsonObject changes)
        {
            return;
        }

        foreach (KeyValuePair<string, JsonValue> change in changes)
        {
            if (change.Value is JsonObject { } update && update["new"] is JsonObject row)
            {
                string name = row["name"] is JsonString s ? s.Value : rows.GetValueOrDefault(change.Key).Name ?? string.Empty;
                bool connected = row["connected"] is { IsBoolean: true } c ? c.AsBoolean() : rows.GetValueOrDefault(change.Key).Connected;
                rows[change.Key] = (name, connected);
            }
            else
            {
                rows.Remove(change.Key);
            }
        }
    }

    private static bool Reached(Dictionary<string, (string Name, bool Connected)> rows, string database, string state)
    {
        bool exists = rows.Values.Any(r => r.Name == database);
        return state switch
        {
            "added" => exists,
            "connected" => rows.Values.Any(r => r.Name == database && r.Connected),
            _ => !exists,
        };
    }
}
