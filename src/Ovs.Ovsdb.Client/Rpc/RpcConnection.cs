// Upstream: lib/jsonrpc.c, the client side of struct jsonrpc (OVS 3.1)
//
// JSON-RPC 1.0 over a byte stream, as OVSDB uses it: concatenated JSON objects without framing. One background
// task reads and dispatches messages: replies complete the matching pending request, requests from the server
// are answered when they are "echo" (the server's keepalive) and refused otherwise, and notifications go to a
// channel for the caller to consume in order. Writes are serialized by a lock, so several tasks may send.
// When the stream ends or fails, every pending request completes with the errno and the notification channel
// completes, so no caller waits forever. Receiving can be paused (ovsdb-client/block): the reader then neither
// dispatches nor reads, so the server's send backlog grows as it would against a stalled peer.
//
// A pumped connection (for one-shot programs such as ovs-vsctl) has no background reader: whoever waits for a reply
// or a notification reads the stream itself, blocking, on its own thread, and dispatches what arrives; sends are
// synchronous writes. Its tasks complete before they are returned, so no thread-pool thread is needed, as in
// upstream's single-threaded clients; a wait polls the socket before reading it and notices cancellation within
// 50 ms.
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
    private readonly bool _pumped;
    private readonly byte[] _buffer = new byte[65536];
    private JsonStreamParser _parser = new();
    private long _nextId;
    private long _received;
    private int _closedError;
    private Task? _reader;
    private TaskCompletionSource? _resume;

    /// <param name="pumped">Read on the waiting caller's thread instead of a background reader (see above).</param>
    public RpcConnection(Stream stream, string name, bool pumped = false)
    {
        _stream = stream;
        Name = name;
        _pumped = pumped;
    }

    /// <summary>The connection's name ("unix:db.sock"), as messages show it.</summary>
    public string Name { get; }

    /// <summary>Notifications in arrival order; completes when the connection closes.</summary>
    public ChannelReader<RpcNotification> Notifications => _notifications.Reader;

    /// <summary>Nonzero once the connection has ended: the errno, or -1 for end of file.</summary>
    public int ClosedError => Volatile.Read(ref _closedError);

    /// <summary>How many messages arrived so far (any kind): what the inactivity probe counts as activity.</summary>
    public long MessagesReceived => Interlocked.Read(ref _received);

    public void Start()
    {
        if (!_pumped)
        {
            _reader ??= Task.Run(ReadLoopAsync);
        }
    }

    /// <summary>
    /// Waits until a notification is queued (true) or the connection has ended with none left (false): the
    /// channel's own wait, or for a pumped connection, reading until then.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (!_pumped)
        {
            return _notifications.Reader.WaitToReadAsync(cancellationToken);
        }

        ChannelReader<RpcNotification> reader = _notifications.Reader;
        PumpUntil(() => reader.TryPeek(out _), cancellationToken);
        return new ValueTask<bool>(reader.TryPeek(out _));
    }

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

        if (_pumped)
        {
            PumpUntil(() => tcs.Task.IsCompleted, cancellationToken);
            return await tcs.Task.ConfigureAwait(false);
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

    /// <summary>
    /// Closes the connection now: the server sees it end at once, reading stops, and the notification channel
    /// completes after what had been queued (which stays readable). <see cref="DisposeAsync"/> is still due.
    /// </summary>
    public void Shutdown()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing left to close.
            return;
        }

        _stream.Dispose();
    }

    /// <summary>
    /// Ends our side of the connection but keeps reading: the server sees end of file at once (and, for instance,
    /// releases our locks), while what it sent before that still arrives and is queued, until the server closes its
    /// side too. Streams that cannot be half-closed (SSL) are closed outright (see <see cref="Shutdown"/>).
    /// </summary>
    public void CloseOutput()
    {
        if (_stream is not System.Net.Sockets.NetworkStream { Socket: var socket })
        {
            Shutdown();
            return;
        }

        try
        {
            socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        }
        catch (Exception e) when (e is ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Already closed or broken: the reader ends by itself.
        }
    }

    /// <summary>Sends a notification (a message without an id); returns an errno or 0.</summary>
    public Task<int> NotifyAsync(string method, JsonArray parameters, CancellationToken cancellationToken) =>
        SendAsync(new JsonObject { { "id", JsonValue.Null }, { "method", method }, { "params", parameters } }, cancellationToken);

    private Task<int> SendAsync(JsonObject message, CancellationToken cancellationToken)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToString());
        return _pumped ? Task.FromResult(SendNow(bytes)) : SendQueuedAsync(bytes, cancellationToken);
    }

    /// <summary>A pumped connection's send: one blocking write on the caller's thread.</summary>
    private int SendNow(byte[] bytes)
    {
        try
        {
            _stream.Write(bytes);
            _stream.Flush();
            return 0;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            return Ovs.Common.OvsErrno.FromException(e);
        }
    }

    private async Task<int> SendQueuedAsync(byte[] bytes, CancellationToken cancellationToken)
    {
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
        int error = Ovs.Common.OvsErrno.EOF;
        try
        {
            while (true)
            {
                await WhilePausedAsync().ConfigureAwait(false);
                int n = await _stream.ReadAsync(_buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                int offset = 0;
                while (NextMessage(ref offset, n) is { } message)
                {
                    await WhilePausedAsync().ConfigureAwait(false);
                    await DispatchAsync(message).ConfigureAwait(false);
                }

                if (offset < 0)
                {
                    error = Ovs.Common.OvsErrno.EPROTO;
                    return;
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

    /// <summary>
    /// Feeds <c>_buffer[offset..count]</c> to the parser and returns the next complete message, advancing
    /// <paramref name="offset"/>; null once the data is used up, or, with offset set to -1, when it is not JSON.
    /// </summary>
    private JsonValue? NextMessage(ref int offset, int count)
    {
        while (offset >= 0 && offset < count)
        {
            offset += _parser.Feed(_buffer.AsSpan(offset, count - offset));
            if (!_parser.IsDone)
            {
                continue;
            }

            JsonValue? message = _parser.Finish(out string? parseError);
            _parser = new JsonStreamParser();
            Interlocked.Increment(ref _received);
            if (message is null || parseError is not null)
            {
                offset = -1;
                return null;
            }

            return message;
        }

        return null;
    }

    /// <summary>A pumped connection: reads and dispatches on this thread until <paramref name="done"/> or the end.</summary>
    private void PumpUntil(Func<bool> done, CancellationToken cancellationToken)
    {
        while (!done() && ClosedError == 0)
        {
            WaitReadable(cancellationToken);
            int n;
            int error = Ovs.Common.OvsErrno.EOF;
            try
            {
                n = _stream.Read(_buffer);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                n = 0;
                error = Ovs.Common.OvsErrno.FromException(e);
            }

            int offset = 0;
            while (n > 0 && NextMessage(ref offset, n) is { } message)
            {
                // Everything a pumped connection sends is synchronous, so this has completed on return.
                DispatchAsync(message).GetAwaiter().GetResult();
            }

            if (n == 0 || offset < 0)
            {
                _stream.Dispose();
                Close(offset < 0 ? Ovs.Common.OvsErrno.EPROTO : error);
            }
        }
    }

    /// <summary>
    /// A pumped connection: waits with poll(2) until the socket has data (or end of file), so that the read after it
    /// returns at once; a socket read that had to wait would register the socket with the runtime's socket engine and
    /// start its threads. A cancellable wait looks at its token every 50 ms (as upstream's alarm ends the process).
    /// </summary>
    private void WaitReadable(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_stream is not System.Net.Sockets.NetworkStream { Socket: var socket })
        {
            return;
        }

        try
        {
            int slice = cancellationToken.CanBeCanceled ? 50_000 : -1;
            while (!socket.Poll(slice, System.Net.Sockets.SelectMode.SelectRead))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The read that follows reports the failure.
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
