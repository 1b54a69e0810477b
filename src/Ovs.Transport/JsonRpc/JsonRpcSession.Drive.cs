// Upstream: lib/jsonrpc.c, jsonrpc_session_run() and jsonrpc_session_recv() (OVS 3.1)
using Ovs.Common;
using Ovs.Transport.Reconnect;
using Ovs.Transport.Streams;

namespace Ovs.Transport.JsonRpc;

public sealed partial class JsonRpcSession
{
    private async Task DriveAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Volatile.Write(ref _wake, NewSignal());
            Task woken = Volatile.Read(ref _wake).Task;

            ReconnectAction action;
            long? timeout;
            lock (_lock)
            {
                long now = NowMs();
                int error = Interlocked.Exchange(ref _pendingError, 0);
                if (error != 0 && _rpc is not null)
                {
                    _fsm.Disconnected(now, error);
                    DropConnectionLocked(error);
                }

                if (_rpc is not null)
                {
                    // The receive task is always waiting for input, so a receive is always being attempted.
                    _fsm.ReceiveAttempted(now);
                }

                action = _fsm.Run(now);
                if (action == ReconnectAction.Disconnect)
                {
                    _fsm.Disconnected(now, 0);
                    DropConnectionLocked(0);
                }
                else if (action == ReconnectAction.Probe)
                {
                    _rpc?.Send(ProbeRequest());
                }

                if (_accepted && _fsm.State == ReconnectState.Void)
                {
                    // An accepted session whose connection has ended: nothing more will happen.
                    return;
                }

                timeout = _fsm.State == ReconnectState.Void ? null : _fsm.Timeout(now);
            }

            if (action == ReconnectAction.Connect)
            {
                await ConnectAsync(stop).ConfigureAwait(false);
                continue;
            }

            if (action != ReconnectAction.None)
            {
                continue;
            }

            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
            Task delay = timeout is long ms
                ? Task.Delay(TimeSpan.FromMilliseconds(ms), _time, delayCancel.Token)
                : Task.Delay(Timeout.InfiniteTimeSpan, _time, delayCancel.Token);
            await Task.WhenAny(woken, delay).ConfigureAwait(false);
            await delayCancel.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task ConnectAsync(CancellationToken stop)
    {
        int attemptMs;
        lock (_lock)
        {
            _fsm.Connecting(NowMs());
            attemptMs = Math.Max(1000, _fsm.Backoff);
        }

        StreamResult<OvsStream> result;
        using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(attemptMs), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, stop);
        try
        {
            result = await StreamFactory.OpenAsync(_name, _defaultPort, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            result = StreamResult<OvsStream>.Fail(0);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_lock)
        {
            long now = NowMs();
            if (result.Value is null)
            {
                // Error 0 is a timed-out attempt.
                _fsm.Disconnected(now, result.Error);
                return;
            }

            var rpc = new JsonRpcConnection(result.Value);
            _rpc = rpc;
            _fsm.Connected(now);
            Interlocked.Increment(ref _seqno);
            _dispatch(() => _handler.OnConnected(this));
            _ = Task.Run(() => ReceiveLoopAsync(rpc));
        }
    }

    private async Task ReceiveLoopAsync(JsonRpcConnection rpc)
    {
        while (true)
        {
            JsonRpcReceiveResult received;
            try
            {
                received = await rpc.ReceiveAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (received.Message is not { } message)
            {
                lock (_lock)
                {
                    if (!ReferenceEquals(_rpc, rpc))
                    {
                        return;
                    }
                }

                Interlocked.CompareExchange(ref _pendingError, received.Error, 0);
                Wake();
                return;
            }

            lock (_lock)
            {
                _fsm.Activity(NowMs());
            }

            Wake();
            if (message.Type == JsonRpcMessageType.Request && message.Method == "echo")
            {
                rpc.Send(JsonRpcMessage.CreateReply(message.Params!, message.Id!));
            }
            else if (!IsProbeReply(message))
            {
                _dispatch(() => _handler.OnMessage(this, message));
            }
        }
    }

    private void DropConnectionLocked(int error)
    {
        JsonRpcConnection? rpc = _rpc;
        _rpc = null;
        if (rpc is null)
        {
            return;
        }

        rpc.Close();
        _ = rpc.DisposeAsync().AsTask();
        Interlocked.Increment(ref _seqno);
        _dispatch(() => _handler.OnDisconnected(this, error));
    }
}
