// Upstream: ovsdb/jsonrpc-server.c with lib/jsonrpc.c underneath (OVS 3.1)
//
// Joins one JsonRpcConnection to a ServerSession: an async receive loop (off the main loop) posts every message to
// the MainLoop, where the server handles it; when the connection ends, the loop posts the session's teardown and
// logs like upstream's reconnect module ("connection closed by peer", "connection dropped (Protocol error)").
// Sends go straight to the connection, which queues them (it is thread-safe) in order.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Streams;

namespace Ovs.Ovsdb.Server.Sessions;

internal sealed class ConnectionTransport : ISessionTransport
{
    private static readonly VlogModule s_log = VlogModule.Get("reconnect");

    private readonly OvsStream _stream;
    private readonly JsonRpcConnection _connection;
    private readonly CancellationTokenSource _stop = new();

    private ConnectionTransport(OvsStream stream)
    {
        _stream = stream;
        _connection = new JsonRpcConnection(stream) { DeferReceiveLog = true };
    }

    public string Name => _connection.Name;

    public string? PeerId => _stream.PeerId;

    /// <summary>Completes when the receive loop has ended.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Wraps <paramref name="stream"/> in a session of <paramref name="server"/> and starts receiving. Must be called
    /// on the server's main loop.
    /// </summary>
    public static ConnectionTransport Attach(OvsdbServer server, OvsStream stream, bool readOnly, string? remoteName, string? role = null)
    {
        var transport = new ConnectionTransport(stream);
        ServerSession session = server.AddSession(transport, readOnly, remoteName, role);
        transport.Completion = Task.Run(() => transport.ReceiveLoopAsync(server, session));
        return transport;
    }

    private string Tag(long n) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name}:{n}");

    public void Send(JsonRpcMessage message) => _connection.Send(message);

    public void Close()
    {
        _stop.Cancel();
        _connection.Close();
    }

    // Every event of the connection is logged and handled on the main loop, tagged "NAME:N" for --record/--replay.
    // Under --record and --replay the loop reads on only once the main loop has handled the previous message, as
    // upstream's single thread does: otherwise a replayed connection, whose input is all there at once, would see
    // its end of file (and stop sending) before the main loop had answered the requests before it.
    private async Task ReceiveLoopAsync(OvsdbServer server, ServerSession session)
    {
        long events = 0;
        bool lockstep = server.Loop.Journal is not null;
        _connection.DeferReceiveFailure = lockstep;
        while (true)
        {
            JsonRpcReceiveResult result;
            try
            {
                result = await _connection.ReceiveAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Closed from our side (Close()): forget the session if the server has not already.
                server.Loop.Post(() => server.CloseSession(session));
                break;
            }

            if (result.Message is { } message)
            {
                TaskCompletionSource? handled = lockstep ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
                // The tag is only needed (and only built) under --record or --replay.
                server.Loop.PostInput(lockstep ? Tag(events) : "", () =>
                {
                    try
                    {
                        _connection.LogReceived(message);
                        server.HandleMessage(session, message);
                    }
                    finally
                    {
                        handled?.TrySetResult();
                    }
                });
                events++;
                if (handled is not null)
                {
                    await handled.Task.WaitAsync(_stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }

                continue;
            }

            int error = result.Error;
            TaskCompletionSource? closed = lockstep ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
            server.Loop.PostInput(lockstep ? Tag(events) : "", () =>
            {
                closed?.TrySetResult();
                if (error == OvsErrno.EOF)
                {
                    // Upstream keeps accepted connections' reconnect FSM quiet: a client hanging up is only a debug message.
                    s_log.Dbg($"{Name}: connection closed by peer");
                }
                else
                {
                    s_log.Warn($"{Name}: connection dropped ({OvsErrno.StrError(error)})");
                }

                server.CloseSession(session);
            });
            if (closed is not null)
            {
                // The connection keeps sending until the main loop gets to its end (DeferReceiveFailure).
                await closed.Task.WaitAsync(_stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            break;
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
