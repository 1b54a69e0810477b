using Ovs.Common;
using Ovs.Transport.Reconnect;

namespace Ovs.Transport.Tests.Reconnect;

// The clock is a plain number of milliseconds passed to every call, so these tests control time completely.
[Collection("Log")]
public sealed class ReconnectFsmTests(LogCapture log)
{
    [Fact]
    public void ConnectsImmediatelyWhenEnabled()
    {
        var fsm = new ReconnectFsm("fsm-enable", 0);
        Assert.Equal(ReconnectState.Void, fsm.State);
        Assert.Equal(ReconnectAction.None, fsm.Run(0));

        fsm.Enable(0);
        Assert.Equal(ReconnectState.Backoff, fsm.State);
        Assert.Equal(0, fsm.Timeout(0));
        Assert.Equal(ReconnectAction.Connect, fsm.Run(0));

        fsm.Connecting(0);
        Assert.Equal(ReconnectState.ConnectInProgress, fsm.State);
        fsm.Connected(10);
        Assert.Equal(ReconnectState.Active, fsm.State);
        Assert.True(fsm.IsConnected);
        Assert.True(log.WaitFor("reconnect|INFO|fsm-enable: connecting..."));
        Assert.True(log.WaitFor("reconnect|DBG|fsm-enable: entering CONNECTING"));
        Assert.True(log.WaitFor("reconnect|INFO|fsm-enable: connected"));
        Assert.True(log.WaitFor("reconnect|DBG|fsm-enable: entering ACTIVE"));
    }

    [Fact]
    public void BacksOffExponentiallyUpToTheMaximum()
    {
        var fsm = new ReconnectFsm("fsm-backoff", 0);
        fsm.Enable(0);
        long now = 0;
        var backoffs = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(ReconnectAction.Connect, fsm.Run(now));
            fsm.ConnectFailed(now, OvsErrno.ECONNREFUSED);
            backoffs.Add(fsm.Backoff);
            Assert.Equal(ReconnectAction.None, fsm.Run(now + fsm.Backoff - 1));
            now += fsm.Backoff;
        }

        Assert.Equal([1000, 2000, 4000, 8000, 8000, 8000], backoffs);
        Assert.True(log.WaitFor("reconnect|INFO|fsm-backoff: connection attempt failed (Connection refused)"));
        Assert.True(log.WaitFor("reconnect|INFO|fsm-backoff: waiting 2 seconds before reconnect"));
        Assert.True(log.WaitFor("reconnect|INFO|fsm-backoff: waiting 4 seconds before reconnect"));
        Assert.True(log.WaitFor("reconnect|INFO|fsm-backoff: continuing to reconnect in the background but suppressing further logging"));
    }

    [Fact]
    public void ConnectionAttemptTimesOut()
    {
        var fsm = new ReconnectFsm("fsm-timeout", 0);
        fsm.Enable(0);
        fsm.Run(0);
        fsm.Connecting(0);
        Assert.Equal(1000, fsm.Timeout(0));
        Assert.Equal(ReconnectAction.Disconnect, fsm.Run(1000));
        fsm.Disconnected(1000, 0);
        Assert.Equal(ReconnectState.Backoff, fsm.State);
        Assert.True(log.WaitFor("reconnect|INFO|fsm-timeout: connection attempt timed out"));
    }

    [Fact]
    public void ProbesAfterInactivityAndDisconnectsWithoutAnswer()
    {
        var fsm = new ReconnectFsm("fsm-probe", 0);
        fsm.Enable(0);
        fsm.Run(0);
        fsm.Connected(0);

        Assert.Equal(5000, fsm.Timeout(0));
        fsm.ReceiveAttempted(4999);
        Assert.Equal(ReconnectAction.None, fsm.Run(4999));
        fsm.ReceiveAttempted(5000);
        Assert.Equal(ReconnectAction.Probe, fsm.Run(5000));
        Assert.Equal(ReconnectState.Idle, fsm.State);

        Assert.Equal(ReconnectAction.None, fsm.Run(9999));
        Assert.Equal(ReconnectAction.Disconnect, fsm.Run(10000));
        fsm.Disconnected(10000, OvsErrno.ETIMEDOUT);
        Assert.Equal(ReconnectState.Backoff, fsm.State);

        Assert.True(log.WaitFor("reconnect|DBG|fsm-probe: idle 5000 ms, sending inactivity probe"));
        Assert.True(log.WaitFor("reconnect|DBG|fsm-probe: entering IDLE"));
        Assert.True(log.WaitFor("reconnect|ERR|fsm-probe: no response to inactivity probe after 5 seconds, disconnecting"));
        Assert.True(log.WaitFor("reconnect|WARN|fsm-probe: connection dropped (Connection timed out)"));
    }

    [Fact]
    public void ActivityReturnsFromIdleToActive()
    {
        var fsm = new ReconnectFsm("fsm-activity", 0);
        fsm.Enable(0);
        fsm.Run(0);
        fsm.Connected(0);
        fsm.ReceiveAttempted(5000);
        Assert.Equal(ReconnectAction.Probe, fsm.Run(5000));
        fsm.Activity(5100);
        Assert.Equal(ReconnectState.Active, fsm.State);
        Assert.Equal(10100, 5100 + fsm.Timeout(5100));
    }

    [Fact]
    public void AConnectionThatLastedResetsTheBackoff()
    {
        var fsm = new ReconnectFsm("fsm-reset", 0);
        fsm.Enable(0);
        fsm.Run(0);
        fsm.ConnectFailed(0, OvsErrno.ECONNREFUSED);
        fsm.ConnectFailed(1000, OvsErrno.ECONNREFUSED);
        Assert.Equal(2000, fsm.Backoff);

        fsm.Connected(3000);
        fsm.Activity(6000);
        fsm.Disconnected(6000, OvsErrno.EOF);
        Assert.Equal(1000, fsm.Backoff);
        Assert.True(log.WaitFor("reconnect|INFO|fsm-reset: connection closed by peer"));
    }

    [Fact]
    public void QuietUnreliableSessionsEndInVoid()
    {
        // How a server tracks an accepted connection: no retries, events at DBG.
        var fsm = new ReconnectFsm("fsm-quiet", 0) { Quiet = true };
        fsm.SetMaxTries(0);
        fsm.Connected(0);
        fsm.Disconnected(10, OvsErrno.EPROTO);
        Assert.Equal(ReconnectState.Void, fsm.State);
        Assert.True(log.WaitFor("reconnect|DBG|fsm-quiet: connecting..."));
        Assert.True(log.WaitFor("reconnect|DBG|fsm-quiet: connected"));
        Assert.True(log.WaitFor("reconnect|WARN|fsm-quiet: connection dropped (Protocol error)"));
        Assert.True(log.WaitFor("reconnect|DBG|fsm-quiet: entering VOID"));
    }

    [Fact]
    public void ProbeIntervalZeroDisablesProbing()
    {
        var fsm = new ReconnectFsm("fsm-noprobe", 0);
        fsm.SetProbeInterval(0);
        fsm.Enable(0);
        fsm.Run(0);
        fsm.Connected(0);
        Assert.Null(fsm.Timeout(0));
        Assert.Equal(ReconnectAction.None, fsm.Run(1_000_000));
    }

    [Fact]
    public void ForcedReconnectDisconnectsAtOnce()
    {
        var fsm = new ReconnectFsm("fsm-force", 0);
        fsm.Enable(0);
        fsm.Run(0);
        fsm.Connected(0);
        fsm.ForceReconnect(100);
        Assert.Equal(ReconnectAction.Disconnect, fsm.Run(100));
        fsm.Disconnected(100, 0);
        Assert.True(log.WaitFor("reconnect|INFO|fsm-force: connection closed by client"));
    }
}
