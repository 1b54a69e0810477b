// Upstream: lib/jsonrpc.c, struct jsonrpc (OVS 3.1)
//
// A JSON-RPC connection over one stream: messages are JSON objects written back to back with no framing, and the
// receiver splits them with an incremental JSON parser. Design:
//  - Receiving is pull-based: ReceiveAsync returns the next message. It must not be called concurrently (one
//    reader). A parse error or invalid message is logged (rate-limited WARN, as upstream) and ends the connection
//    with EPROTO; end of input ends it with EOF, discarding a partial message as upstream does.
//  - Sending is thread-safe and never blocks: Send serializes the message, logs it, and queues the bytes for a
//    writer task. The backlog (bytes and messages queued but not yet written) is tracked; when a threshold is set
//    and exceeded, the connection is dropped, as upstream's jsonrpc_set_backlog_threshold() does.
//  - The first error is sticky (Status) and closes the stream; later sends and receives return it.
// Every message sent or received is logged at DBG in upstream's format: "NAME: send request, method=...".
using System.Text;
using System.Threading.Channels;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Transport.Streams;

namespace Ovs.Transport.JsonRpc;

/// <summary>A JSON-RPC connection over an <see cref="OvsStream"/>.</summary>
public sealed partial class JsonRpcConnection : IAsyncDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("jsonrpc");
    private static readonly VlogRateLimit s_rateLimit = new(5, 5);

    private readonly OvsStream _stream;
    private readonly Channel<byte[]> _sendQueue = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _writer;
    private TaskCompletionSource _drained = NewSignal();
    private int _status;
    private long _backlogBytes;
    private int _backlogCount;
    private int _maxBacklogMessages;
    private long _maxBacklogBytes;

    public JsonRpcConnection(OvsStream stream)
    {
        _stream = stream;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The stream's name, the prefix of every log line about this connection.</summary>
    public string Name => _stream.Name;

    /// <summary>0 while the connection works, else the errno that ended it (OvsErrno.EOF: closed by the peer).</summary>
    public int Status => Volatile.Read(ref _status);

    /// <summary>Bytes queued for sending but not yet written.</summary>
    public long BacklogBytes => Interlocked.Read(ref _backlogBytes);

    /// <summary>Messages queued for sending but not yet completely written.</summary>
    public int BacklogCount => Volatile.Read(ref _backlogCount);

    /// <summary>
    /// Drops the connection when more than <paramref name="maxMessages"/> messages or <paramref name="maxBytes"/>
    /// bytes are waiting to be sent; 0 disables a limit (the default for both).
    /// </summary>
    public void SetBacklogThreshold(int maxMessages, long maxBytes)
    {
        _maxBacklogMessages = maxMessages;
        _maxBacklogBytes = maxBytes;
    }

    /// <summary>Queues a message. Thread-safe. Returns 0, or the errno that ended the connection.</summary>
    public int Send(JsonRpcMessage message)
    {
        int status = Status;
        if (status != 0)
        {
            return status;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJson().ToString());
        s_log.Dbg($"{Name}: send {message.Describe()}");

        int count = Interlocked.Increment(ref _backlogCount);
        long size = Interlocked.Add(ref _backlogBytes, bytes.Length);
        if (_maxBacklogMessages > 0 && count > _maxBacklogMessages)
        {
            s_log.Warn($"sending backlog exceeded maximum number of messages ({count} > {_maxBacklogMessages}), disconnecting, jsonrpc: {Name}.");
            return Fail(OvsErrno.E2BIG);
        }

        if (_maxBacklogBytes > 0 && size > _maxBacklogBytes)
        {
            s_log.Warn($"sending backlog exceeded maximum size ({size} > {_maxBacklogBytes} bytes), disconnecting, jsonrpc: {Name}.");
            return Fail(OvsErrno.E2BIG);
        }

        _sendQueue.Writer.TryWrite(bytes);
        return 0;
    }

    /// <summary>Waits until everything queued has been written. Returns 0 or the connection's errno.</summary>
    public async ValueTask<int> FlushAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TaskCompletionSource drained = Volatile.Read(ref _drained);
            int status = Status;
            if (status != 0 || BacklogCount == 0)
            {
                return status;
            }

            await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection; pending sends are dropped. Idempotent.</summary>
    public void Close() => Fail(OvsErrno.EOF);

    public async ValueTask DisposeAsync()
    {
        Close();
        await _writer.ConfigureAwait(false);
        _closing.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int Fail(int error)
    {
        if (Interlocked.CompareExchange(ref _status, error, 0) == 0)
        {
            _sendQueue.Writer.TryComplete();
            _closing.Cancel();
            _ = _stream.DisposeAsync().AsTask();
            Interlocked.Exchange(ref _drained, NewSignal()).TrySetResult();
        }

        return Status;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (byte[] bytes in _sendQueue.Reader.ReadAllAsync(_closing.Token).ConfigureAwait(false))
            {
                await _stream.Stream.WriteAsync(bytes, _closing.Token).ConfigureAwait(false);
                Interlocked.Add(ref _backlogBytes, -bytes.Length);
                if (Interlocked.Decrement(ref _backlogCount) == 0)
                {
                    Interlocked.Exchange(ref _drained, NewSignal()).TrySetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed locally or because of an error already recorded.
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            if (Status == 0)
            {
                int error = Errno.FromException(ex);
                s_log.Warn(s_rateLimit, $"{Name}: send error: {Errno.ToText(error)}");
                Fail(error);
            }
        }
    }
}
