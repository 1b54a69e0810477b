// Upstream: lib/jsonrpc.c, struct jsonrpc_session (OVS 3.1)
//
// A JSON-RPC connection that keeps itself up, driven by a ReconnectFsm: it connects, backs off and reconnects
// after failures, sends an "echo" request as inactivity probe and drops the connection when the peer stays
// silent, and answers the peer's "echo" requests itself. Two forms:
//  - Open(name): a client session that (re)connects to an active connection method.
//  - Accept(connection): a server's view of one accepted connection; no reconnection (the FSM is quiet and has no
//    tries left), so it ends for good when the connection drops, as upstream's "unreliable" sessions do.
// Threading: one driver task runs the FSM and one receive task per connection; the FSM is only touched under
// _lock. Handler callbacks go through the dispatcher (MainLoop.Post in a daemon). Send may be called from any
// thread. Time comes from the TimeProvider, so tests can run the probe and backoff timers on a fake clock.
using Ovs.Common;
using Ovs.Json;
using Ovs.Transport.Reconnect;
using Ovs.Transport.Streams;

namespace Ovs.Transport.JsonRpc;

/// <summary>A self-maintaining JSON-RPC session.</summary>
public sealed partial class JsonRpcSession : IAsyncDisposable
{
    private const string ProbeId = "echo";

    private readonly ReconnectFsm _fsm;
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Action<Action> _dispatch;
    private readonly IJsonRpcSessionHandler _handler;
    private readonly string _name;
    private readonly int _defaultPort;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _wake = NewSignal();
    private JsonRpcConnection? _rpc;
    private int _pendingError;
    private Task? _driver;
    private long _seqno;
    private bool _accepted;

    private JsonRpcSession(string name, int defaultPort, IJsonRpcSessionHandler handler, TimeProvider time, Action<Action> dispatch)
    {
        _name = name;
        _defaultPort = defaultPort;
        _handler = handler;
        _time = time;
        _dispatch = dispatch;
        _fsm = new ReconnectFsm(name, NowMs());
    }

    /// <summary>The connection-method name (client) or the accepted connection's name (server).</summary>
    public string Name => _name;

    /// <summary>True while a connection is up.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _rpc is not null && _fsm.IsConnected;
            }
        }
    }

    /// <summary>True until an Accept()ed session's connection has ended.</summary>
    public bool IsAlive
    {
        get
        {
            lock (_lock)
            {
                return _fsm.State != ReconnectState.Void;
            }
        }
    }

    /// <summary>The reconnect state machine's state (for status reporting and tests).</summary>
    public ReconnectState State
    {
        get
        {
            lock (_lock)
            {
                return _fsm.State;
            }
        }
    }

    /// <summary>Changes whenever the session connects or disconnects (upstream's jsonrpc_session_get_seqno).</summary>
    public long Seqno => Interlocked.Read(ref _seqno);

    /// <summary>
    /// A client session for <paramref name="name"/> ("tcp:...", "unix:..."). It starts connecting at once.
    /// </summary>
    public static JsonRpcSession Open(string name, int defaultPort, IJsonRpcSessionHandler handler, Action<Action> dispatch, TimeProvider? time = null)
    {
        var session = new JsonRpcSession(name, defaultPort, handler, time ?? TimeProvider.System, dispatch);
        lock (session._lock)
        {
            session._fsm.Enable(session.NowMs());
        }

        session._driver = Task.Run(session.DriveAsync);
        return session;
    }

    /// <summary>A server's session for an accepted <paramref name="connection"/>; it never reconnects.</summary>
    public static JsonRpcSession Accept(JsonRpcConnection connection, IJsonRpcSessionHandler handler, Action<Action> dispatch, TimeProvider? time = null)
    {
        var session = new JsonRpcSession(connection.Name, 0, handler, time ?? TimeProvider.System, dispatch);
        lock (session._lock)
        {
            session._accepted = true;
            session._fsm.Quiet = true;
            session._fsm.SetMaxTries(0);
            session._fsm.Connected(session.NowMs());
            session._rpc = connection;
        }

        Interlocked.Increment(ref session._seqno);
        _ = Task.Run(() => session.ReceiveLoopAsync(connection));
        session._driver = Task.Run(session.DriveAsync);
        return session;
    }

    /// <summary>Sends a message if connected. Returns 0, or ENOTCONN / the connection's errno.</summary>
    public int Send(JsonRpcMessage message)
    {
        JsonRpcConnection? rpc;
        lock (_lock)
        {
            rpc = _rpc;
        }

        return rpc?.Send(message) ?? OvsErrno.ENOTCONN;
    }

    /// <summary>Drops the current connection and reconnects (client sessions).</summary>
    public void ForceReconnect()
    {
        lock (_lock)
        {
            _fsm.ForceReconnect(NowMs());
        }

        Wake();
    }

    /// <summary>Sets the inactivity probe interval in milliseconds (0 disables probing).</summary>
    public void SetProbeInterval(int milliseconds)
    {
        lock (_lock)
        {
            _fsm.SetProbeInterval(milliseconds);
        }

        Wake();
    }

    /// <summary>Sets the maximum backoff between connection attempts, in milliseconds.</summary>
    public void SetMaxBackoff(int milliseconds)
    {
        lock (_lock)
        {
            _fsm.SetBackoff(_fsm.MinBackoff, milliseconds);
        }

        Wake();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        JsonRpcConnection? rpc;
        lock (_lock)
        {
            rpc = _rpc;
            _rpc = null;
        }

        if (rpc is not null)
        {
            await rpc.DisposeAsync().ConfigureAwait(false);
        }

        if (_driver is not null)
        {
            await _driver.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long NowMs() => _time.GetTimestamp() * 1000 / _time.TimestampFrequency;

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private static JsonRpcMessage ProbeRequest() => JsonRpcMessage.CreateRequest("echo", [], ProbeId);

    private static bool IsProbeReply(JsonRpcMessage message) =>
        message.Type == JsonRpcMessageType.Reply && message.Id is JsonString { Value: ProbeId };
}
