// Upstream: ovsdb/ovsdb-client.c, do_lock(), do_steal(), do_unlock() (OVS 3.1)
//
// Issues one lock operation, prints the reply's result as JSON (an error reply prints nothing), then prints each
// notification ("locked", "stolen") as its method name followed by its parameters, until the connection ends.
// Detached, it also takes "lock", "steal" and "unlock" LOCK from ovs-appctl (each sends that request; its reply
// is printed in turn) and "exit".
//
// "exit" as upstream's single-threaded loop has it: the connection ends right after the reply, so the server hands
// our locks to the next client at once, yet a message the server had already sent is still printed. Here messages
// reach the printing loop through a reader thread, so what "already arrived" cannot be read off the socket when the
// command comes; instead the exit handler half-closes the connection: the server sees end of file immediately,
// everything it sent before arrives and is printed, and the loop ends at the server's end of file (or after a
// bound, should the server not close).
using Ovs.Cli;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Programs.OvsdbClient;

internal static class LockCommands
{
    /// <summary>How long "exit" waits for the server to close its side before closing regardless.</summary>
    private static readonly TimeSpan s_exitDrainLimit = TimeSpan.FromSeconds(1);

    public static Task Lock(CommandContext ctx) => Run(ctx, "lock");

    public static Task Steal(CommandContext ctx) => Run(ctx, "steal");

    public static Task Unlock(CommandContext ctx) => Run(ctx, "unlock");

    private static async Task Run(CommandContext ctx, string method)
    {
        int exiting = 0;
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
                Volatile.Write(ref exiting, 1);
                ctx.Rpc.CloseOutput();
                Task.Delay(s_exitDrainLimit).ContinueWith(_ => ctx.Rpc.Shutdown(), TaskScheduler.Default);
            });
        });

        await ctx.Rpc.SendRequestAsync(method, [ctx.Args[0]], ctx.Cancellation).ConfigureAwait(false);
        bool detached = false;
        System.Threading.Channels.ChannelReader<RpcNotification> notifications = ctx.Rpc.Notifications;
        while (await notifications.WaitToReadAsync(ctx.Cancellation).ConfigureAwait(false))
        {
            while (notifications.TryRead(out RpcNotification? notification))
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

        if (Volatile.Read(ref exiting) != 0)
        {
            // "exit" from ovs-appctl.
            return;
        }

        throw new CliException($"{ctx.Server}: receive failed ({Ovs.Common.OvsErrno.RetvalToString(ctx.Rpc.ClosedError)})");
    }
}
