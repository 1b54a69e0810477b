// Upstream: lib/rconn.c, the reliable connection's states, backoff and inactivity probes (OVS 3.1)
//
// The state machine of a connection the switch makes to a controller and keeps making: VOID (not configured),
// CONNECTING (opening the stream and exchanging hellos), ACTIVE (connected), IDLE (connected, an inactivity probe
// is out), BACKOFF (waiting before the next attempt). It holds no socket: its owner (ActiveController) opens and
// closes the connection and tells it what happened; Run() says what the owner must do next when a deadline passes.
//
//   - A failed or lost connection waits before the next attempt: 1 s, then twice as long each time up to
//     max_backoff; a connection that lasted past its backoff deadline starts again from 1 s.
//   - CONNECTING gives up after max(1 s, backoff) ("connection timed out").
//   - ACTIVE with a probe interval sends an echo request after that many seconds without traffic and becomes IDLE;
//     IDLE disconnects after the same time without an answer ("no response to inactivity probe").
//   - Connection attempts are logged only while the backoff is below max_backoff, as upstream's.
// Times are milliseconds of the daemon's monotonic clock, given by the caller, so time/warp moves them.
// Threading: main loop only.
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Ofproto.Connmgr;

internal enum RconnState
{
    Void,
    Backoff,
    Connecting,
    Active,
    Idle,
}

/// <summary>What the owner must do after <see cref="Rconn.Run"/>.</summary>
internal enum RconnAction
{
    None,

    /// <summary>Open a new connection to the target.</summary>
    Connect,

    /// <summary>Send an echo request on the connection.</summary>
    Probe,

    /// <summary>Close the connection (the machine has already moved to BACKOFF).</summary>
    Close,
}

internal sealed class Rconn
{
    private static readonly VlogModule s_log = VlogModule.Get("rconn");

    private long _backoff;
    private long _backoffDeadline = long.MinValue;
    private long _lastActivity = long.MinValue;
    private bool _probablyAdmitted;

    /// <param name="name">The name of log lines, "BRIDGE&lt;-&gt;TARGET".</param>
    public Rconn(string name) => Name = name;

    public string Name { get; }

    public RconnState State { get; private set; } = RconnState.Void;

    /// <summary>Upstream's state name, as the Controller status column shows it ("ACTIVE", "BACKOFF", ...).</summary>
    public string StateName => NameOf(State);

    public long StateEntered { get; private set; }

    /// <summary>Upper bound on the wait between attempts, in milliseconds (at least 1 s).</summary>
    public long MaxBackoffMs { get; private set; } = 8000;

    /// <summary>Seconds of silence before an inactivity probe; 0 disables probes.</summary>
    public int ProbeInterval { get; set; }

    public bool IsConnected => State is RconnState.Active or RconnState.Idle;

    /// <summary>When the last connection was made, or long.MinValue.</summary>
    public long LastConnected { get; private set; } = long.MinValue;

    /// <summary>When the last connection was lost, or long.MinValue.</summary>
    public long LastDisconnected { get; private set; } = long.MinValue;

    /// <summary>
    /// When the peer last seemed to accept this switch (a message beyond the handshake, or 30 s connected); the
    /// start of the first attempt until then.
    /// </summary>
    public long LastAdmitted { get; private set; } = long.MinValue;

    /// <summary>rconn_is_admitted(): connected, and admitted since this connection was made.</summary>
    public bool IsAdmitted => IsConnected && LastAdmitted >= LastConnected;

    /// <summary>The errno of the last failure (EOF for a close by the peer), or 0.</summary>
    public int LastError { get; private set; }

    /// <summary>The current wait before reconnecting, in milliseconds.</summary>
    public long BackoffMs => _backoff;

    private bool LogsAttempts => _backoff < MaxBackoffMs;

    /// <summary>rconn_set_max_backoff(): <paramref name="seconds"/> (at least 1); a longer current wait is cut short.</summary>
    public void SetMaxBackoff(int seconds, long now)
    {
        MaxBackoffMs = 1000L * Math.Max(1, seconds);
        if (State == RconnState.Backoff && _backoff > MaxBackoffMs)
        {
            _backoff = MaxBackoffMs;
            _backoffDeadline = Math.Min(_backoffDeadline, now + MaxBackoffMs);
        }
    }

    /// <summary>rconn_connect(): starts the first attempt; the owner opens the connection (CONNECTING).</summary>
    public void Start(long now)
    {
        _backoff = 0;
        _backoffDeadline = long.MinValue;
        if (LastAdmitted == long.MinValue)
        {
            LastAdmitted = now;
        }

        BeginAttempt(now);
    }

    /// <summary>
    /// The stream could not even be opened (refused, no such socket): a failure with a growing backoff, which does
    /// not count as a disconnection (upstream fails such an attempt before it enters CONNECTING).
    /// </summary>
    public void OpenFailed(long now, int error)
    {
        s_log.Warn($"{Name}: connection failed ({OvsErrno.StrError(error)})");
        _backoffDeadline = long.MaxValue;
        Disconnect(now, error, wasConnecting: false);
    }

    /// <summary>The hello exchange failed while CONNECTING.</summary>
    public void ConnectFailed(long now, int error)
    {
        if (LogsAttempts)
        {
            s_log.Info($"{Name}: connection failed ({OvsErrno.StrError(error)})");
        }

        Disconnect(now, error);
    }

    /// <summary>The hello exchange succeeded: ACTIVE.</summary>
    public void Connected(long now)
    {
        s_log.Info($"{Name}: connected");
        _probablyAdmitted = false;
        Transition(RconnState.Active, now);
        LastConnected = now;
    }

    /// <summary>A message arrived (or went out): the connection is alive; an IDLE one is ACTIVE again.</summary>
    public void Activity(long now, bool received)
    {
        if (!IsConnected)
        {
            return;
        }

        _lastActivity = now;
        if (received && State == RconnState.Idle)
        {
            Transition(RconnState.Active, now);
        }
    }

    /// <summary>
    /// A message arrived on the connection: once it is one a controller sends only to a switch it accepted
    /// (<paramref name="admits"/>: not part of the handshake), or the connection is 30 s old, the switch counts as
    /// admitted from then on (rconn_recv()).
    /// </summary>
    public void Received(long now, bool admits)
    {
        if (!IsConnected)
        {
            return;
        }

        if (_probablyAdmitted || admits || now - LastConnected >= 30_000)
        {
            _probablyAdmitted = true;
            LastAdmitted = now;
        }
    }

    /// <summary>rconn_failure_duration(): seconds since the peer last admitted the switch, 0 while it does.</summary>
    public int FailureDuration(long now) => IsAdmitted ? 0 : (int)Math.Min(int.MaxValue, (now - LastAdmitted) / 1000);

    /// <summary>The connected stream ended with <paramref name="error"/> (EOF when the peer closed it).</summary>
    public void Dropped(long now, int error)
    {
        if (error == OvsErrno.EOF)
        {
            s_log.Info($"{Name}: connection closed by peer");
        }
        else
        {
            s_log.Warn($"{Name}: connection dropped ({OvsErrno.StrError(error)})");
        }

        Disconnect(now, error);
    }

    /// <summary>rconn_reconnect() (bridge/reconnect): drops a live connection, which is then made again.</summary>
    public bool Reconnect(long now)
    {
        if (!IsConnected)
        {
            return false;
        }

        s_log.Info($"{Name}: disconnecting");
        Disconnect(now, 0);
        return true;
    }

    /// <summary>When <see cref="Run"/> next has something to do, or long.MaxValue.</summary>
    public long NextDeadline => State switch
    {
        RconnState.Backoff => StateEntered + _backoff,
        RconnState.Connecting => StateEntered + Math.Max(1000, _backoff),
        RconnState.Active when ProbeInterval > 0 => Math.Max(_lastActivity, StateEntered) + (ProbeInterval * 1000L),
        RconnState.Idle => StateEntered + (ProbeInterval * 1000L),
        _ => long.MaxValue,
    };

    /// <summary>Acts on a deadline that has passed at <paramref name="now"/>.</summary>
    public RconnAction Run(long now)
    {
        if (now < NextDeadline)
        {
            return RconnAction.None;
        }

        switch (State)
        {
            case RconnState.Backoff:
                BeginAttempt(now);
                return RconnAction.Connect;
            case RconnState.Connecting:
                if (LogsAttempts)
                {
                    s_log.Info($"{Name}: connection timed out");
                }

                _backoffDeadline = long.MaxValue;
                Disconnect(now, OvsErrno.ETIMEDOUT);
                return RconnAction.Close;
            case RconnState.Active:
                s_log.Dbg($"{Name}: idle {(now - Math.Max(_lastActivity, StateEntered)) / 1000} seconds, sending inactivity probe");
                Transition(RconnState.Idle, now);
                return RconnAction.Probe;
            case RconnState.Idle:
                s_log.Err($"{Name}: no response to inactivity probe after {(now - StateEntered) / 1000} seconds, disconnecting");
                Disconnect(now, OvsErrno.ETIMEDOUT);
                return RconnAction.Close;
            default:
                return RconnAction.None;
        }
    }

    /// <summary>The Controller row's status column: last_error, state, sec_since_connect, sec_since_disconnect.</summary>
    public SortedDictionary<string, string> Status(long now)
    {
        var status = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (LastError != 0)
        {
            status["last_error"] = OvsErrno.RetvalToString(LastError);
        }

        status["state"] = StateName;
        if (LastConnected != long.MinValue)
        {
            status["sec_since_connect"] = ((now - LastConnected) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (LastDisconnected != long.MinValue)
        {
            status["sec_since_disconnect"] = ((now - LastDisconnected) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return status;
    }

    private void BeginAttempt(long now)
    {
        if (LogsAttempts)
        {
            s_log.Info($"{Name}: connecting...");
        }

        _backoffDeadline = SaturatingAdd(now, _backoff);
        Transition(RconnState.Connecting, now);
    }

    private void Disconnect(long now, int error, bool wasConnecting = true)
    {
        LastError = error;
        if (wasConnecting && State is RconnState.Connecting or RconnState.Active or RconnState.Idle)
        {
            LastDisconnected = now;
        }

        if (now >= _backoffDeadline)
        {
            _backoff = 1000;
        }
        else if (_backoff < MaxBackoffMs / 2)
        {
            _backoff = Math.Max(1000, 2 * _backoff);
            s_log.Info($"{Name}: waiting {_backoff / 1000} seconds before reconnect");
        }
        else
        {
            if (LogsAttempts)
            {
                s_log.Info($"{Name}: continuing to retry connections in the background but suppressing further logging");
            }

            _backoff = MaxBackoffMs;
        }

        _backoffDeadline = SaturatingAdd(now, _backoff);
        Transition(RconnState.Backoff, now);
    }

    private void Transition(RconnState state, long now)
    {
        s_log.Dbg($"{Name}: entering {NameOf(state)}");
        State = state;
        StateEntered = now;
    }

    private static string NameOf(RconnState state) => state switch
    {
        RconnState.Void => "VOID",
        RconnState.Backoff => "BACKOFF",
        RconnState.Connecting => "CONNECTING",
        RconnState.Active => "ACTIVE",
        _ => "IDLE",
    };

    private static long SaturatingAdd(long a, long b) => b > 0 && a > long.MaxValue - b ? long.MaxValue : a + b;
}
