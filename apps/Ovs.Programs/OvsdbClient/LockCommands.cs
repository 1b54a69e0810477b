// Upstream: ovsdb/ovsdb-client.c, do_lock(), do_steal(), do_unlock() (OVS 3.1)
//
// Issues one lock operation, prints the reply's result as JSON (an error reply prints nothing), then prints each
// notification ("locked", "stolen") as its method name followed by its parameters, until the connection ends.
using Ovs.Cli;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Programs.OvsdbClient;

internal static class LockCommands
{
    public static Task Lock(CommandContext ctx) => Run(ctx, "lock");

    public static Task Steal(CommandContext ctx) => Run(ctx, "steal");

    public static Task Unlock(CommandContext ctx) => Run(ctx, "unlock");

    private static async Task Run(CommandContext ctx, string method)
    {
        RpcReply reply = await ctx.Rpc.RequestAsync(method, [ctx.Args[0]], ctx.Cancellation).ConfigureAwait(false);
        if (reply.Result is { } result && reply.Error is null)
        {
            ctx.Out.Write(result.ToString(SchemaCommands.JsonFlags(ctx)) + "\n");
            ctx.Out.Flush();
        }

        ClientDaemon.NotifyReady();
        ClientDaemon.DropStandardError();
        await foreach (RpcNotification notification in ctx.Rpc.Notifications.ReadAllAsync(ctx.Cancellation).ConfigureAwait(false))
        {
            ctx.Out.Write(notification.Method + "\n" + notification.Params.ToString(SchemaCommands.JsonFlags(ctx)) + "\n");
            ctx.Out.Flush();
        }

        throw new CliException($"{ctx.Server}: receive failed ({Ovs.Common.OvsErrno.RetvalToString(ctx.Rpc.ClosedError)})");
    }
}
