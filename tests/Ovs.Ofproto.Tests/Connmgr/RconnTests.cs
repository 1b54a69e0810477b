// The reliable-connection state machine on its own: backoff, connect timeouts, inactivity probes and the status the
// Controller rows show, with times given in milliseconds as the daemon's monotonic clock would.
using Ovs.Common;
using Ovs.Ofproto.Connmgr;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class RconnTests
{
    [Fact]
    public void FailedAttemptsDoubleTheBackoffUpToMaxBackoff()
    {
        var rconn = new Rconn("br0<->tcp:127.0.0.1:1");
        rconn.SetMaxBackoff(8, 0);
        rconn.Start(0);
        Assert.Equal(RconnState.Connecting, rconn.State);
        long now = 0;
        var waits = new List<long>();
        for (int i = 0; i < 6; i++)
        {
            rconn.OpenFailed(now, OvsErrno.ECONNREFUSED);
            Assert.Equal(RconnState.Backoff, rconn.State);
            waits.Add(rconn.BackoffMs);
            Assert.Equal(RconnAction.None, rconn.Run(now + rconn.BackoffMs - 1));
            now += rconn.BackoffMs;
            Assert.Equal(RconnAction.Connect, rconn.Run(now));
            Assert.Equal(RconnState.Connecting, rconn.State);
        }

        Assert.Equal([1000, 2000, 4000, 8000, 8000, 8000], waits);

        // Attempts that fail to open are not disconnections: the status has no sec_since_disconnect.
        Assert.Equal(new Dictionary<string, string> { ["last_error"] = "Connection refused", ["state"] = "CONNECTING" }, rconn.Status(now));
    }

    [Fact]
    public void ConnectingTimesOutAfterOneSecondAtFirst()
    {
        var rconn = new Rconn("x");
        rconn.Start(100);
        Assert.Equal(1100, rconn.NextDeadline);
        Assert.Equal(RconnAction.Close, rconn.Run(1100));
        Assert.Equal(RconnState.Backoff, rconn.State);
        Assert.Equal("Connection timed out", rconn.Status(1100)["last_error"]);
    }

    [Fact]
    public void ProbeAfterSilenceThenDisconnectWithoutAnswer()
    {
        var rconn = new Rconn("x") { ProbeInterval = 5 };
        rconn.Start(0);
        rconn.Connected(10);
        Assert.True(rconn.IsConnected);
        rconn.Activity(3000, received: true);
        Assert.Equal(RconnAction.None, rconn.Run(7999));
        Assert.Equal(RconnAction.Probe, rconn.Run(8000));
        Assert.Equal(RconnState.Idle, rconn.State);
        Assert.Equal(RconnAction.Close, rconn.Run(13000));
        Assert.False(rconn.IsConnected);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["last_error"] = "Connection timed out",
                ["sec_since_connect"] = "23",
                ["sec_since_disconnect"] = "11",
                ["state"] = "BACKOFF",
            },
            rconn.Status(24000));
    }

    [Fact]
    public void AnAnswerToTheProbeKeepsTheConnection()
    {
        var rconn = new Rconn("x") { ProbeInterval = 5 };
        rconn.Start(0);
        rconn.Connected(0);
        Assert.Equal(RconnAction.Probe, rconn.Run(5000));
        rconn.Activity(5100, received: true);
        Assert.Equal(RconnState.Active, rconn.State);
        Assert.Equal(10100, rconn.NextDeadline);
    }

    [Fact]
    public void NoProbesWithoutProbeInterval()
    {
        var rconn = new Rconn("x");
        rconn.Start(0);
        rconn.Connected(0);
        Assert.Equal(long.MaxValue, rconn.NextDeadline);
        Assert.Equal(RconnAction.None, rconn.Run(1_000_000));
    }

    [Fact]
    public void ALongLivedConnectionStartsTheBackoffAgainFromOneSecond()
    {
        var rconn = new Rconn("x");
        rconn.SetMaxBackoff(8, 0);
        rconn.Start(0);
        rconn.OpenFailed(0, OvsErrno.ECONNREFUSED);
        rconn.Run(1000);
        rconn.OpenFailed(1000, OvsErrno.ECONNREFUSED);
        Assert.Equal(2000, rconn.BackoffMs);
        rconn.Run(3000);
        rconn.Connected(3000);
        rconn.Dropped(60_000, OvsErrno.EOF);
        Assert.Equal(1000, rconn.BackoffMs);
        Assert.Equal("End of file", rconn.Status(60_000)["last_error"]);
    }

    [Fact]
    public void StatusOfANewConnectionHasOnlyItsState()
    {
        var rconn = new Rconn("x");
        rconn.Start(0);
        Assert.Equal(new Dictionary<string, string> { ["state"] = "CONNECTING" }, rconn.Status(0));
        rconn.Connected(500);
        Assert.Equal(new Dictionary<string, string> { ["sec_since_connect"] = "2", ["state"] = "ACTIVE" }, rconn.Status(2600));
    }

    [Fact]
    public void ReconnectDropsOnlyALiveConnection()
    {
        var rconn = new Rconn("x");
        rconn.Start(0);
        Assert.False(rconn.Reconnect(0));
        rconn.Connected(0);
        Assert.True(rconn.Reconnect(5000));
        Assert.Equal(RconnState.Backoff, rconn.State);
        Assert.False(rconn.Status(5000).ContainsKey("last_error"));
    }

    [Fact]
    public void ShorterMaxBackoffCutsTheCurrentWait()
    {
        var rconn = new Rconn("x");
        rconn.SetMaxBackoff(60, 0);
        rconn.Start(0);
        long now = 0;
        for (int i = 0; i < 5; i++)
        {
            rconn.OpenFailed(now, OvsErrno.ECONNREFUSED);
            now += rconn.BackoffMs;
            rconn.Run(now);
        }

        rconn.OpenFailed(now, OvsErrno.ECONNREFUSED);
        Assert.Equal(32000, rconn.BackoffMs);
        rconn.SetMaxBackoff(2, now);
        Assert.Equal(2000, rconn.BackoffMs);
    }
}
