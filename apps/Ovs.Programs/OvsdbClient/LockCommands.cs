// Upstream: ovsdb/ovsdb-client.c, do_lock(), do_steal(), do_unlock() (OVS 3.1)
//
// Issues one lock operation, prints the reply's result as JSON (an error reply prints nothing), then prints each
// notification ("locked", "stolen") as its method name followed by its parameters, until the connection ends.
// Detached, it also takes "lock", "steal" and "unlock" LOCK from ovs-appctl (each sends that request; its reply
// is printed in turn) and "exit".
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
        using var exit = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        ClientDaemon.StartControl(commands =>
        {
            foreach (string verb in (string[])["unlock", "steal", "lock"])
            {
                commands.Register(verb, "LOCK", 1, 1, (conn, a) =>
                {
                    conn.Reply(null);
                    _ = ctx.Rpc.SendRequestAsync(verb, [a[0]], CancellationToken.None);
                });
            }

            commands.Register("exit", string.Empty, 0, 0, (conn, _) =>
            {
                conn.Reply(null);
                exit.Cancel();
            });
        });

        await ctx.Rpc.SendRequestAsync(method, [ctx.Args[0]], ctx.Cancellation).ConfigureAwait(false);
        bool detached = false;
        try
        {
            await foreach (RpcNotification notification in ctx.Rpc.Notifications.ReadAllAsync(exit.Token).ConfigureAwait(false))
            {
                if (notification.Reply is { } reply)
                {
                    if (reply.Result is { } result && reply.Error is null)
                    {
                        ctx.Out.Write(result.ToString(SchemaCommands.JsonFlags(ctx)) + "\n");
                        ctx.Out.Flush();
                    }

                    if (!detached)
                    {
                        detached = true;
                        ClientDaemon.NotifyReady();
                        ClientDaemon.DropStandardError();
                    }

                    continue;
                }

                ctx.Out.Write(notification.Method + "\n" + notification.Params.ToString(SchemaCommands.JsonFlags(ctx)) + "\n");
                ctx.Out.Flush();
            }
        }
        catch (OperationCanceledException) when (exit.IsCancellationRequested && !ctx.Cancellation.IsCancellationRequested)
        {
            // "exit" from ovs-appctl.
            return;
        }

        throw new CliException($"{ctx.Server}: receive failed ({Ovs.Common.OvsErrno.RetvalToString(ctx.Rpc.ClosedError)})");
    }
}
