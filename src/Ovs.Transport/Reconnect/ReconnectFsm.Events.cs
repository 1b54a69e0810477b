// Upstream: lib/reconnect.c, reconnect_connecting(), reconnect_connected(), reconnect_disconnected(),
// reconnect_run() and reconnect_timeout() (OVS 3.1)
using Ovs.Common;

namespace Ovs.Transport.Reconnect;

public sealed partial class ReconnectFsm
{
    /// <summary>A connection (or listening) attempt has started; it times out after max(1 s, backoff).</summary>
    public void Connecting(long now)
    {
        if (State != ReconnectState.ConnectInProgress)
        {
            if (Passive)
            {
                Event($"{Name}: listening...");
            }
            else if (Backoff < MaxBackoff)
            {
                Event($"{Name}: connecting...");
            }

            Transition(now, ReconnectState.ConnectInProgress);
        }
    }

    /// <summary>Passive: now listening, indefinitely.</summary>
    public void Listening(long now)
    {
        if (State != ReconnectState.Listening)
        {
            Event($"{Name}: listening...");
            Transition(now, ReconnectState.Listening);
        }
    }

    /// <summary>Passive: accepting failed; back off and listen again.</summary>
    public void ListenError(long now, int error)
    {
        if (State == ReconnectState.Listening)
        {
            Disconnected(now, error);
        }
    }

    /// <summary>The connection is up: to ACTIVE, starting the probe timer.</summary>
    public void Connected(long now)
    {
        if (!IsConnected)
        {
            Connecting(now);
            Event($"{Name}: connected");
            Transition(now, ReconnectState.Active);
            LastConnected = now;
        }
    }

    /// <summary>The connection attempt failed with <paramref name="error"/> (an errno).</summary>
    public void ConnectFailed(long now, int error)
    {
        Connecting(now);
        Disconnected(now, error);
    }

    /// <summary>
    /// The connection dropped or an attempt failed. <paramref name="error"/> is an errno, OvsErrno.EOF when the
    /// peer closed the connection, or 0 for no particular reason. Backs off, or goes to VOID when out of tries.
    /// </summary>
    public void Disconnected(long now, int error)
    {
        if (State is ReconnectState.Backoff or ReconnectState.Void)
        {
            return;
        }

        ReportDisconnect(error);
        bool wasConnected = State is ReconnectState.Active or ReconnectState.Idle;
        if (wasConnected)
        {
            LastDisconnected = now;
        }

        if (!MayRetry())
        {
            Transition(now, ReconnectState.Void);
            return;
        }

        if (wasConnected && (LastActivity - LastConnected >= Backoff || Passive))
        {
            // The connection lasted long enough to count as good: start over with a short backoff.
            Backoff = Passive ? 0 : MinBackoff;
        }
        else if (Backoff < MinBackoff)
        {
            Backoff = MinBackoff;
        }
        else if (Backoff < MaxBackoff / 2)
        {
            Backoff *= 2;
            Event($"{Name}: waiting {FormatSeconds(Backoff / 1000.0)} seconds before {(Passive ? "trying to listen again" : "reconnect")}");
        }
        else
        {
            if (Backoff < MaxBackoff)
            {
                Event($"{Name}: continuing to {(Passive ? "try to listen" : "reconnect")} in the background but suppressing further logging");
            }

            Backoff = MaxBackoff;
        }

        Transition(now, ReconnectState.Backoff);
    }

    /// <summary>What to do now. Probe and Disconnect are returned once per expiry.</summary>
    public ReconnectAction Run(long now)
    {
        long? deadline = Deadline(now);
        if (deadline is null || now < deadline)
        {
            return ReconnectAction.None;
        }

        switch (State)
        {
            case ReconnectState.Backoff:
                return ReconnectAction.Connect;
            case ReconnectState.ConnectInProgress:
            case ReconnectState.Reconnect:
                return ReconnectAction.Disconnect;
            case ReconnectState.Active:
                s_log.Dbg($"{Name}: idle {now - Math.Max(LastActivity, StateEntered)} ms, sending inactivity probe");
                Transition(now, ReconnectState.Idle);
                return ReconnectAction.Probe;
            case ReconnectState.Idle:
                s_log.Err($"{Name}: no response to inactivity probe after {FormatSeconds((now - StateEntered) / 1000.0)} seconds, disconnecting");
                return ReconnectAction.Disconnect;
            default:
                return ReconnectAction.None;
        }
    }

    /// <summary>Milliseconds until Run has something to do (0 if now), or null if nothing is scheduled.</summary>
    public long? Timeout(long now) => Deadline(now) is long deadline ? Math.Max(0, deadline - now) : null;

    private long? Deadline(long now)
    {
        switch (State)
        {
            case ReconnectState.Backoff:
                return StateEntered + Backoff;
            case ReconnectState.ConnectInProgress:
                return StateEntered + Math.Max(1000, Backoff);
            case ReconnectState.Reconnect:
                return StateEntered;
            case ReconnectState.Active when ProbeInterval > 0:
                long expiration = Math.Max(LastActivity, StateEntered) + ProbeInterval;

                // Declare the connection idle only after trying to read past the expiry, so that a busy client
                // that has not polled its connection does not probe needlessly.
                return now < expiration || LastReceiveAttempt is null || LastReceiveAttempt >= expiration
                    ? expiration
                    : now + 1;
            case ReconnectState.Idle when ProbeInterval > 0:
                return StateEntered + ProbeInterval;
            default:
                return null;
        }
    }

    private void ReportDisconnect(int error)
    {
        switch (State)
        {
            case ReconnectState.Active or ReconnectState.Idle:
                if (error > 0)
                {
                    s_log.Warn($"{Name}: connection dropped ({Errno.ToText(error)})");
                }
                else
                {
                    Event(error == OvsErrno.EOF ? $"{Name}: connection closed by peer" : $"{Name}: connection dropped");
                }

                break;
            case ReconnectState.Listening:
                if (error > 0)
                {
                    s_log.Warn($"{Name}: error listening for connections ({Errno.ToText(error)})");
                }
                else
                {
                    Event($"{Name}: error listening for connections");
                }

                break;
            case ReconnectState.Reconnect:
                Event($"{Name}: connection closed by client");
                break;
            default:
                if (Backoff < MaxBackoff)
                {
                    string what = Passive ? "listen" : "connection";
                    Event(error > 0 ? $"{Name}: {what} attempt failed ({Errno.ToText(error)})" : $"{Name}: {what} attempt timed out");
                }

                break;
        }
    }
}
