// Upstream: lib/reconnect.c (OVS 3.1)
//
// The connection-management state machine shared by every client that keeps a connection up (JSON-RPC sessions,
// OpenFlow controllers): exponential backoff between attempts, a timeout on each attempt, and inactivity probing.
//
//   VOID --Enable--> BACKOFF --(backoff expires: Connect)--> CONNECTING --Connected--> ACTIVE
//   ACTIVE --(probe interval without activity: Probe)--> IDLE --Activity--> ACTIVE
//   IDLE --(another probe interval: Disconnect)--> Disconnected --> BACKOFF (or VOID when out of tries)
//
// The machine is pure: it owns no sockets and no clock. Every method takes "now" in milliseconds (monotonic), and
// the client asks Run(now) what to do and Timeout(now) how long it may sleep, so tests drive it with a fake clock.
// Backoff starts at MinBackoff (1 s) and doubles up to MaxBackoff (8 s by default); a connection that stayed up at
// least as long as the current backoff resets it. The probe interval defaults to 5 s; 0 disables probing.
// State changes are logged at DBG ("entering ACTIVE") and events at INFO, or at DBG when Quiet is set, which is
// how servers log the sessions they accept. Not thread-safe: the owner serializes calls.
using System.Globalization;
using Ovs.Common.Logging;

namespace Ovs.Transport.Reconnect;

/// <summary>Upstream's reconnect state machine.</summary>
public sealed partial class ReconnectFsm
{
    /// <summary>Default minimum backoff, in milliseconds.</summary>
    public const int DefaultMinBackoff = 1000;

    /// <summary>Default maximum backoff, in milliseconds.</summary>
    public const int DefaultMaxBackoff = 8000;

    /// <summary>Default inactivity probe interval, in milliseconds.</summary>
    public const int DefaultProbeInterval = 5000;

    private static readonly VlogModule s_log = VlogModule.Get("reconnect");

    private int? _triesLeft;

    public ReconnectFsm(string name, long now)
    {
        Name = name;
        StateEntered = now;
        LastActivity = now;
    }

    /// <summary>The connection's name, the prefix of log messages.</summary>
    public string Name { get; set; }

    public ReconnectState State { get; private set; } = ReconnectState.Void;

    public long StateEntered { get; private set; }

    /// <summary>The current backoff in milliseconds.</summary>
    public int Backoff { get; private set; }

    public int MinBackoff { get; private set; } = DefaultMinBackoff;

    public int MaxBackoff { get; private set; } = DefaultMaxBackoff;

    /// <summary>Inactivity probe interval in milliseconds; 0 disables probing.</summary>
    public int ProbeInterval { get; private set; } = DefaultProbeInterval;

    /// <summary>Passive FSMs listen instead of connecting, and do not back off after a connection ends.</summary>
    public bool Passive { get; set; }

    /// <summary>Log events at DBG instead of INFO.</summary>
    public bool Quiet { get; set; }

    public long LastActivity { get; private set; }

    public long LastConnected { get; private set; } = long.MinValue;

    public long LastDisconnected { get; private set; } = long.MinValue;

    public long? LastReceiveAttempt { get; private set; }

    /// <summary>True in ACTIVE, IDLE and RECONNECT (a connection exists).</summary>
    public bool IsConnected => State is ReconnectState.Active or ReconnectState.Idle or ReconnectState.Reconnect;

    /// <summary>Upstream's name of a state, as in "entering BACKOFF".</summary>
    public static string StateName(ReconnectState state) => state switch
    {
        ReconnectState.Void => "VOID",
        ReconnectState.Backoff => "BACKOFF",
        ReconnectState.ConnectInProgress => "CONNECTING",
        ReconnectState.Active => "ACTIVE",
        ReconnectState.Idle => "IDLE",
        ReconnectState.Reconnect => "RECONNECT",
        _ => "LISTENING",
    };

    /// <summary>Sets the backoff range (min at least 1 ms; max at least min), clamping the current backoff.</summary>
    public void SetBackoff(int minBackoff, int maxBackoff)
    {
        MinBackoff = Math.Max(minBackoff, 1);
        MaxBackoff = Math.Max(maxBackoff, MinBackoff);
        if (State == ReconnectState.Backoff && Backoff > MaxBackoff)
        {
            Backoff = MaxBackoff;
        }
    }

    /// <summary>Sets the probe interval in ms: 0 disables, other values below 1000 become 1000.</summary>
    public void SetProbeInterval(int interval) => ProbeInterval = interval == 0 ? 0 : Math.Max(interval, 1000);

    /// <summary>Limits connection attempts (null: unlimited; 0: none after the current one).</summary>
    public void SetMaxTries(int? maxTries) => _triesLeft = maxTries;

    /// <summary>Starts connecting (VOID to BACKOFF with no delay) if tries are left.</summary>
    public void Enable(long now)
    {
        if (State == ReconnectState.Void && MayRetry())
        {
            Transition(now, ReconnectState.Backoff);
            Backoff = 0;
        }
    }

    /// <summary>Stops everything (to VOID).</summary>
    public void Disable(long now)
    {
        if (State != ReconnectState.Void)
        {
            Transition(now, ReconnectState.Void);
        }
    }

    /// <summary>Asks for the current connection to be dropped and a new one made (Run returns Disconnect).</summary>
    public void ForceReconnect(long now)
    {
        if (State is ReconnectState.ConnectInProgress or ReconnectState.Active or ReconnectState.Idle)
        {
            Transition(now, ReconnectState.Reconnect);
        }
    }

    /// <summary>Records that the connection did something: it leaves IDLE and restarts the probe timer.</summary>
    public void Activity(long now)
    {
        if (State == ReconnectState.Idle)
        {
            Transition(now, ReconnectState.Active);
        }

        LastActivity = now;
    }

    /// <summary>Records an attempt to receive (so that IDLE is not declared before anything was read).</summary>
    public void ReceiveAttempted(long now) => LastReceiveAttempt = now;

    private bool MayRetry()
    {
        if (_triesLeft is null)
        {
            return true;
        }

        if (_triesLeft > 0)
        {
            _triesLeft--;
            return true;
        }

        return false;
    }

    private void Transition(long now, ReconnectState state)
    {
        s_log.Dbg($"{Name}: entering {StateName(state)}");
        State = state;
        StateEntered = now;
    }

    private void Event(string message)
    {
        if (Quiet)
        {
            s_log.Dbg(message);
        }
        else
        {
            s_log.Info(message);
        }
    }

    private static string FormatSeconds(double seconds)
    {
        // C's "%.3g".
        string s = seconds.ToString("G3", CultureInfo.InvariantCulture);
        return s.Replace("E", "e", StringComparison.Ordinal);
    }
}
