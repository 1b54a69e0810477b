// Upstream: ovsdb/ovsdb-client.c, do_transact() and do_query() (OVS 3.1)
//
// Both honour --detach: the process goes to the background once connected (and, with --db-change-aware, once the
// server has been told), before the transaction is sent, so a long-waiting transaction runs detached.
using System.Text;
using Ovs.Cli;
using Ovs.Json;

namespace Ovs.Programs.OvsdbClient;

internal static class TransactCommands
{
    public static async Task Transact(CommandContext ctx)
    {
        JsonArray request = ParseTransaction(ctx.Args[0]);
        await PrepareAsync(ctx).ConfigureAwait(false);
        JsonValue result = await RunTransaction(ctx, request).ConfigureAwait(false);
        ctx.Out.Write(result.ToString(SchemaCommands.JsonFlags(ctx)) + "\n");
    }

    /// <summary>
    /// Runs the transaction with an "abort" operation appended, so nothing is committed, and drops the abort's
    /// own "aborted" error from the results when it ran.
    /// </summary>
    public static async Task Query(CommandContext ctx)
    {
        JsonArray request = ParseTransaction(ctx.Args[0]);
        request.Add(new JsonObject { { "op", "abort" } });
        await PrepareAsync(ctx).ConfigureAwait(false);
        JsonValue result = await RunTransaction(ctx, request).ConfigureAwait(false);
        if (result is JsonArray results && results.Count == request.Count - 1
            && results[^1] is JsonObject last && last["error"] is JsonString { Value: "aborted" })
        {
            var trimmed = new JsonArray();
            for (int i = 0; i < results.Count - 1; i++)
            {
                trimmed.Add(results[i]);
            }

            result = trimmed;
        }

        ctx.Out.Write(result.ToString(SchemaCommands.JsonFlags(ctx)) + "\n");
    }

    internal static JsonArray ParseTransaction(string text)
    {
        if (!JsonParser.TryParse(Encoding.UTF8.GetBytes(text), out JsonValue? json, out string? error))
        {
            throw new CliException($"\"{text}\": {error}");
        }

        if (json is not JsonArray { Count: > 0 } array || array[0] is not JsonString)
        {
            throw new CliException("not a valid OVSDB query");
        }

        var copy = new JsonArray();
        foreach (JsonValue item in array)
        {
            copy.Add(item);
        }

        return copy;
    }

    /// <summary>Tells the server the client is db-change-aware (only with --db-change-aware), then detaches.</summary>
    private static async Task PrepareAsync(CommandContext ctx)
    {
        if (ctx.Options.RequireDbChangeAware)
        {
            await ctx.SendDbChangeAwareAsync().ConfigureAwait(false);
        }

        ClientDaemon.NotifyReady();
    }

    internal static async Task<JsonValue> RunTransaction(CommandContext ctx, JsonArray request)
    {
        Ovsdb.Client.Rpc.RpcReply reply = await ctx.Rpc.TransactAsync(request, ctx.Cancellation).ConfigureAwait(false);
        if (reply.ConnectionError != 0)
        {
            throw new CliException("transaction failed", reply.ConnectionError);
        }

        if (reply.Error is not null)
        {
            throw new CliException($"transaction returned error: {reply.Error.ToString(JsonWriteOptions.Sort)}");
        }

        return reply.Result ?? JsonValue.Null;
    }
}
