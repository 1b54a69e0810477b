// Inactivity probes (upstream: lib/jsonrpc.c sessions with lib/reconnect.c): an idle connection gets an "echo"
// after the probe interval and is dropped when a second interval passes without any message from the server.
using Ovs.Common;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Ovsdb.Client.Tests.Idl;

[Trait("upstream", "tests/reconnect.at")]
public sealed class OvsdbIdlProbeTests : IDisposable
{
    private readonly IdlServer _server = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _timeout.Dispose();
        _server.Dispose();
    }

    [Theory]
    [InlineData("unix:/run/db.sock", 0)]
    [InlineData("tcp:127.0.0.1:6640", 5000)]
    [InlineData("ssl:127.0.0.1:6640", 5000)]
    public void DefaultIntervalIsUpstreams(string remote, int expected)
    {
        Assert.Equal(expected, OvsdbIdl.DefaultProbeInterval(remote));
        Assert.Equal(expected, new OvsdbIdl([remote], "idltest", retry: false).ProbeInterval);
    }

    [Fact]
    public void IntervalCanBeSetOrDisabled()
    {
        var idl = new OvsdbIdl(["tcp:127.0.0.1:6640"], "idltest", retry: false);
        idl.SetProbeInterval(0);
        Assert.Equal(0, idl.ProbeInterval);
        idl.SetProbeInterval(200);
        Assert.Equal(1000, idl.ProbeInterval); // the reconnect FSM's minimum
    }

    private async Task<OvsdbIdl> ConnectAsync()
    {
        var idl = new OvsdbIdl([_server.Remote], "idltest", retry: false) { RegisterAll = true };
        idl.SetProbeInterval(1000);
        Assert.True(await idl.WaitUntilAsync(() => idl.IsSynced, _timeout.Token));
        return idl;
    }

    /// <summary>Drives the IDL for <paramref name="duration"/> (or until it disconnects).</summary>
    private async Task RunForAsync(OvsdbIdl idl, TimeSpan duration)
    {
        DateTime end = DateTime.UtcNow + duration;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        stop.CancelAfter(duration);
        try
        {
            while (DateTime.UtcNow < end && idl.IsConnected)
            {
                await idl.RunAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (!_timeout.IsCancellationRequested)
        {
        }
    }

    [Fact]
    public async Task AnsweredProbesKeepTheConnection()
    {
        await using OvsdbIdl idl = await ConnectAsync();
        await RunForAsync(idl, TimeSpan.FromSeconds(3.5));
        Assert.True(idl.IsConnected);
        Assert.Equal(0, idl.LastError);
    }

    [Fact]
    public async Task UnansweredProbeDropsTheConnection()
    {
        await using OvsdbIdl idl = await ConnectAsync();
        using var release = new ManualResetEventSlim();
        try
        {
            // The server's main loop stops: nothing answers the probe.
            _server.Loop.Post(() => release.Wait(TimeSpan.FromSeconds(15)));
            ulong seqno = idl.ChangeSeqNo;
            await RunForAsync(idl, TimeSpan.FromSeconds(6));
            Assert.False(idl.IsConnected);
            Assert.Equal(OvsErrno.ETIMEDOUT, idl.LastError);
            Assert.NotEqual(seqno, idl.ChangeSeqNo);
        }
        finally
        {
            release.Set();
        }
    }
}
