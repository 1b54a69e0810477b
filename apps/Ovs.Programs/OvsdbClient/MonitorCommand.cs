// Upstream: ovsdb/ovsdb-client.c, do_monitor(), do_monitor_cond(), do_monitor_cond_since() (OVS 3.1)
//
// Sends one monitor request (monitor, monitor_cond or monitor_cond_since), prints the initial contents from the
// reply, then prints every update notification until the connection ends, which is fatal ("receive failed").
// The three protocol versions differ only in how an update is shaped (see MonitorPrinter).
using Ovs.Cli;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Programs.OvsdbClient;

internal static class MonitorCommand
{
    public static Task Monitor(CommandContext ctx) => Run(ctx, "monitor", ctx.Args, null, null);

    public static Task MonitorCond(CommandContext ctx) =>
        Run(ctx, "monitor_cond", ctx.Args.Skip(1).ToList(), ctx.Args[0], null);

    public static Task MonitorCondSince(CommandContext ctx)
    {
        // A first operand that parses as a UUID is LASTID; otherwise the operands start with the condition.
        IReadOnlyList<string> args = ctx.Args;
        Guid? lastId = null;
        if (args.Count >= 3 && Guid.TryParseExact(args[0], "D", out Guid parsed))
        {
            lastId = parsed;
            args = args.Skip(1).ToList();
        }

        return Run(ctx, "monitor_cond_since", args.Skip(1).ToList(), args[0], lastId);
    }

    // The condition is parsed only after the table and columns have been checked, as upstream does.
    private static async Task Run(CommandContext ctx, string method, IReadOnlyList<string> args, string? conditionText, Guid? lastId)
    {
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        bool blocked = false;
        ClientDaemon.StartControl(commands =>
        {
            commands.Register("exit", string.Empty, 0, 0, (conn, _) =>
            {
                conn.Reply(null);
                exit.Cancel();
            });
            commands.Register("ovsdb-client/block", string.Empty, 0, 0, (conn, _) =>
            {
                conn.Reply(blocked ? "already blocking" : null);
                blocked = true;
                ctx.Rpc.SetPaused(true);
            });
            commands.Register("ovsdb-client/unblock", string.Empty, 0, 0, (conn, _) =>
            {
                conn.Reply(blocked ? null : "already unblocked");
                blocked = false;
                ctx.Rpc.SetPaused(false);
            });
            commands.Register("ovsdb-client/cond_change", "TABLE COND", 2, 2, (conn, a) =>
            {
                // The reply is queued among the notifications and ignored there.
                JsonValue where = JsonParser.TryParse(System.Text.Encoding.UTF8.GetBytes(a[1]), out JsonValue? json, out string? error)
                    ? json!
                    : new JsonString(error!);
                var requests = new JsonObject { { a[0], new JsonArray { new JsonObject { { "where", where } } } } };
                _ = ctx.Rpc.SendRequestAsync("monitor_cond_change", [JsonValue.Null, JsonValue.Null, requests], CancellationToken.None);
                conn.Reply("condition changed");
            });
        });

        (DatabaseSchema schema, _) = await SchemaCommands.FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        List<MonitoredTable> tables = MonitorRequest.Build(ctx, schema, args, method != "monitor", out JsonObject requests);
        if (conditionText is not null)
        {
            JsonValue where = ParseCondition(conditionText);
            foreach (KeyValuePair<string, JsonValue> request in requests)
            {
                ((JsonObject)request.Value).Add("where", where);
            }
        }

        await ctx.SendDbChangeAwareAsync().ConfigureAwait(false);

        var printer = new MonitorPrinter(ctx, tables, multiTable: args.Count == 1 && args[0] == "ALL");
        RpcReply reply = await ctx.Rpc.MonitorAsync(method, ctx.Db, JsonValue.Null, requests, lastId, ctx.Cancellation).ConfigureAwait(false);
        JsonValue result = ctx.CheckReply(reply, method);
        printer.PrintInitial(method, result);
        ClientDaemon.NotifyReady();

        try
        {
            await foreach (RpcNotification notification in ctx.Rpc.Notifications.ReadAllAsync(exit.Token).ConfigureAwait(false))
            {
                if (notification.Reply is not null)
                {
                    continue;
                }

                if (notification.Method == "monitor_canceled")
                {
                    throw new CliException($"{ctx.Server}: {ctx.Db} database was removed");
                }

                printer.PrintNotification(method, notification);
            }
        }
        catch (OperationCanceledException) when (exit.IsCancellationRequested && !ctx.Cancellation.IsCancellationRequested)
        {
            // "exit" from ovs-appctl.
            return;
        }

        throw new CliException($"{ctx.Server}: receive failed ({Ovs.Common.OvsErrno.RetvalToString(ctx.Rpc.ClosedError)})");
    }

    private static JsonValue ParseCondition(string text)
    {
        if (!JsonParser.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out JsonValue? json, out string? error))
        {
            throw new CliException($"\"{text}\": {error}");
        }

        return json!;
    }
}
