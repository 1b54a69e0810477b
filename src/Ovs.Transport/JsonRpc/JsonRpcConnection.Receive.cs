// Upstream: lib/jsonrpc.c, jsonrpc_recv() and jsonrpc_transact_block() (OVS 3.1)
using Ovs.Common;
using Ovs.Json;

namespace Ovs.Transport.JsonRpc;

public sealed partial class JsonRpcConnection
{
    private readonly byte[] _readBuffer = new byte[16384];
    private int _readOffset;
    private int _readCount;
    private JsonStreamParser? _parser;
    private int _receiveError;

    /// <summary>
    /// Returns the next message, or the errno that ended the connection. One caller at a time. Cancelling the
    /// token abandons the wait without closing the connection.
    /// </summary>
    public async ValueTask<JsonRpcReceiveResult> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int status = Status;
            if (status != 0)
            {
                return new JsonRpcReceiveResult(null, status);
            }

            if (_receiveError != 0)
            {
                return new JsonRpcReceiveResult(null, _receiveError);
            }

            if (_readCount > 0)
            {
                _parser ??= new JsonStreamParser();
                int used = _parser.Feed(_readBuffer.AsSpan(_readOffset, _readCount));
                _readOffset += used;
                _readCount -= used;
                if (_parser.IsDone)
                {
                    JsonStreamParser parser = _parser;
                    _parser = null;
                    if (TryComplete(parser, out JsonRpcMessage? message) is int error and not 0)
                    {
                        return new JsonRpcReceiveResult(null, error);
                    }

                    return new JsonRpcReceiveResult(message, 0);
                }

                continue;
            }

            int read;
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
                read = await _stream.Stream.ReadAsync(_readBuffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                continue;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                if (Status == 0)
                {
                    int error = Errno.FromException(ex);
                    s_log.Warn(s_rateLimit, $"{Name}: receive error: {Errno.ToText(error)}");
                    FailReceive(error);
                }

                continue;
            }

            if (read == 0)
            {
                // End of input; a partial message is dropped, as upstream reports plain EOF in that case.
                FailReceive(OvsErrno.EOF);
                continue;
            }

            _readOffset = 0;
            _readCount = read;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits for the reply or error with the same id, discarding other
    /// messages meanwhile (upstream's jsonrpc_transact_block).
    /// </summary>
    public async ValueTask<JsonRpcReceiveResult> TransactAsync(JsonRpcMessage request, CancellationToken cancellationToken)
    {
        int error = Send(request);
        if (error != 0)
        {
            return new JsonRpcReceiveResult(null, error);
        }

        while (true)
        {
            JsonRpcReceiveResult result = await ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (result.Message is null)
            {
                return result;
            }

            if (result.Message.Type is JsonRpcMessageType.Reply or JsonRpcMessageType.Error
                && result.Message.Id is { } id && id.Equals(request.Id))
            {
                return result;
            }
        }
    }

    private int TryComplete(JsonStreamParser parser, out JsonRpcMessage? message)
    {
        message = null;
        JsonValue? json = parser.Finish(out string? parseError);
        if (json is null)
        {
            s_log.Warn(s_rateLimit, $"{Name}: error parsing stream: {parseError}");
            return Fail(OvsErrno.EPROTO);
        }

        string? invalid = JsonRpcMessage.TryParse(json, out message);
        if (invalid is not null)
        {
            s_log.Warn(s_rateLimit, $"{Name}: received bad JSON-RPC message: {invalid}");
            return Fail(OvsErrno.EPROTO);
        }

        if (!DeferReceiveLog)
        {
            LogReceived(message!);
        }

        return 0;
    }

    /// <summary>
    /// When true, the end of input or a read error is only reported by ReceiveAsync: the connection keeps sending
    /// until its owner closes it, as upstream's single-threaded daemons do (they see the end of input only when
    /// their main loop gets to it). Used under --record and --replay, where that ordering must be reproducible.
    /// </summary>
    public bool DeferReceiveFailure { get; set; }

    /// <summary>
    /// When true, ReceiveAsync does not log received messages: the caller logs each with <see cref="LogReceived"/>
    /// where it handles it (a daemon's main loop), so the log shows it in handling order, reproducibly under --replay.
    /// </summary>
    public bool DeferReceiveLog { get; set; }

    private void FailReceive(int error)
    {
        if (DeferReceiveFailure)
        {
            _receiveError = error;
        }
        else
        {
            Fail(error);
        }
    }

    /// <summary>Logs <paramref name="message"/> as received, in upstream's "NAME: received ..." form (DBG).</summary>
    public void LogReceived(JsonRpcMessage message) => s_log.Dbg($"{Name}: received {message.Describe()}");
}
