// Upstream: lib/jsonrpc.c, the client side of struct jsonrpc (OVS 3.1)
//
// JSON-RPC 1.0 over a byte stream, as OVSDB uses it: concatenated JSON objects without framing. One background
// task reads and dispatches messages: replies complete the matching pending request, requests from the server
// are answered when they are "echo" (the server's keepalive) and refused otherwise, and notifications go to a
// channel for the caller to consume in order. Writes are serialized by a lock, so several tasks may send.
// When the stream ends or fails, every pending request completes with the errno and the notification channel
// completes, so no caller waits forever. Receiving can be paused (ovsdb-client/block): the reader then neither
// dispatches nor reads, so the server's send backlog grows as it would against a stalled peer.
using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Ovs.Json;

namespace Ovs.Ovsdb.Client.Rpc;

public sealed class RpcConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<RpcReply>> _pending = new();
    private readonly ConcurrentDictionary<long, string> _queuedReplies = new();
    private readonly Channel<RpcNotification> _notifications = Channel.CreateUnbounded<RpcNotification>();
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;
    private long _received;
    private int _closedError;
    private Task? _reader;
    private TaskCompletionSource? _resume;

    public RpcConnection(Stream stream, string name)
    {
        _stream = stream;
        Name = name;
    }

    /// <summary>The connection's name ("unix:db.sock"), as messages show it.</summary>
    public string Name { get; }

    /// <summary>Notifications in arrival order; completes when the connection closes.</summary>
    public ChannelReader<RpcNotification> Notifications => _notifications.Reader;

    /// <summary>Nonzero once the connection has ended: the errno, or -1 for end of file.</summary>
    public int ClosedError => Volatile.Read(ref _closedError);

    /// <summary>How many messages arrived so far (any kind): what the inactivity probe counts as activity.</summary>
    public long MessagesReceived => Interlocked.Read(ref _received);

    public void Start() => _reader ??= Task.Run(ReadLoopAsync);

    /// <summary>Sends a request and waits for its reply (never throws for connection failures).</summary>
    public async Task<RpcReply> RequestAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId) - 1;
        var tcs = new TaskCompletionSource<RpcReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = tcs;
        if (ClosedError != 0)
        {
            _pending.TryRemove(id, out _);
            return RpcReply.Failed(ClosedError);
        }

        var request = new JsonObject { { "id", id }, { "method", method }, { "params", parameters } };
        int error = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (error != 0)
        {
            _pending.TryRemove(id, out _);
            return RpcReply.Failed(error);
        }

        using (cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken)))
        {
            return await tcs.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a request without waiting for its reply: the reply is queued on <see cref="Notifications"/> (an entry
    /// with <see cref="RpcNotification.Reply"/> set), in order with the notifications around it. Returns an errno
    /// or 0.
    /// </summary>
    public async Task<int> SendRequestAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId) - 1;
        _queuedReplies[id] = method;
        int error = ClosedError;
        if (error == 0)
        {
            var request = new JsonObject { { "id", id }, { "method", method }, { "params", parameters } };
            error = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (error != 0)
        {
            _queuedReplies.TryRemove(id, out _);
        }

        return error;
    }

    /// <summary>
    /// Stops (true) or resumes (false) receiving: while paused no message is dispatched and nothing more is read
    /// from the stream.
    /// </summary>
    public void SetPaused(bool paused)
    {
        if (paused)
        {
            Interlocked.CompareExchange(ref _resume, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
        }
        else
        {
            Interlocked.Exchange(ref _resume, null)?.TrySetResult();
        }
    }

    /// <summary>Sends a notification (a message without an id); returns an errno or 0.</summary>
    public Task<int> NotifyAsync(string method, JsonArray parameters, CancellationToken cancellationToken) =>
        SendAsync(new JsonObject { { "id", JsonValue.Null }, { "method", method }, { "params", parameters } }, cancellationToken);

    private async Task<int> SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToString());
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return Ovs.Common.OvsErrno.FromException(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[] buffer = new byte[65536];
        var parser = new JsonStreamParser();
        int error = Ovs.Common.OvsErrno.EOF;
        try
        {
            while (true)
            {
                await WhilePausedAsync().ConfigureAwait(false);
                int n = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                int offset = 0;
                while (offset < n)
                {
                    offset += parser.Feed(buffer.AsSpan(offset, n - offset));
                    if (!parser.IsDone)
                    {
                        continue;
                    }

                    JsonValue? message = parser.Finish(out string? parseError);
                    parser = new JsonStreamParser();
                    Interlocked.Increment(ref _received);
                    if (message is null || parseError is not null)
                    {
                        error = Ovs.Common.OvsErrno.EPROTO;
                        return;
                    }

                    await WhilePausedAsync().ConfigureAwait(false);
                    await DispatchAsync(message).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            error = Ovs.Common.OvsErrno.EOF;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            error = Ovs.Common.OvsErrno.FromException(e);
        }
        finally
        {
            Close(error);
        }
    }

    private Task WhilePausedAsync() =>
        Volatile.Read(ref _resume) is { } resume ? resume.Task.WaitAsync(_stop.Token) : Task.CompletedTask;

    private async Task DispatchAsync(JsonValue message)
    {
        if (message is not JsonObject obj)
        {
            return;
        }

        JsonValue? id = obj["id"];
        if (obj["method"] is JsonString method)
        {
            JsonArray parameters = obj["params"] as JsonArray ?? [];
            if (id is null || id.IsNull)
            {
                _notifications.Writer.TryWrite(new RpcNotification(method.Value, parameters));
            }
            else if (method.Value == "echo")
            {
                await SendAsync(new JsonObject { { "error", JsonValue.Null }, { "id", id }, { "result", parameters } }, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await SendAsync(new JsonObject { { "error", "unknown method" }, { "id", id }, { "result", JsonValue.Null } }, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        if (id is not JsonInteger { Value: long key })
        {
            return;
        }

        JsonValue? error = obj["error"];
        var reply = new RpcReply(obj["result"], error is null || error.IsNull ? null : error, 0);
        if (_pending.TryRemove(key, out TaskCompletionSource<RpcReply>? tcs))
        {
            tcs.TrySetResult(reply);
        }
        else if (_queuedReplies.TryRemove(key, out string? requestMethod))
        {
            _notifications.Writer.TryWrite(new RpcNotification(requestMethod, [], reply));
        }
    }

    private void Close(int error)
    {
        Interlocked.CompareExchange(ref _closedError, error, 0);
        foreach (long key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out TaskCompletionSource<RpcReply>? tcs))
            {
                tcs.TrySetResult(RpcReply.Failed(error));
            }
        }

        _notifications.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        if (_reader is not null)
        {
            await _reader.ConfigureAwait(false);
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }
}
