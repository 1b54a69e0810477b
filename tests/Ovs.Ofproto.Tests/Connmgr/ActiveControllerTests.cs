// Controllers the switch connects to (Controller rows with "unix:" and "tcp:" targets): the test plays the controller
// with a listener of its own, over a Unix socket in a temporary directory or TCP on loopback. The switch runs on a
// stopped OvsClock, so backoff and inactivity probes happen only when the test warps the clock.
using Ovs.Common;
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Wire;
using OfVconn = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class ActiveControllerTests : IDisposable
{
    private readonly OvsClock _clock = new();
    private readonly SwitchHarness _switch;

    public ActiveControllerTests()
    {
        _clock.Stop();
        _switch = new SwitchHarness(_clock);
    }

    public void Dispose() => _switch.Dispose();

    [Fact]
    public async Task SwitchConnectsAndServesTheController()
    {
        string path = Path.Combine(_switch.Directory, "ctl");
        using PassiveVconn listener = Listen($"punix:{path}", 0x10);
        SetControllers(new ControllerSettings($"unix:{path}") { IsPrimary = true });

        await using SwitchHarness.Client controller = await AcceptAsync(listener);
        Assert.Equal(4, controller.Vconn.Version);
        string features = await controller.TransactAsync(OfpRaw.OfptFeaturesRequest, []);
        Assert.StartsWith("OFPT_FEATURES_REPLY (OF1.3): dpid:fedcba9876543210\n", features, StringComparison.Ordinal);

        ControllerStatus status = await WaitForStatusAsync(s => s.IsConnected);
        Assert.Equal($"unix:{path}", status.Target);
        Assert.Equal("other", status.Role);
        Assert.Equal(new Dictionary<string, string> { ["sec_since_connect"] = "0", ["state"] = "ACTIVE" }, status.Status);

        _clock.Warp(TimeSpan.FromSeconds(7));
        Assert.Equal("7", Statuses().Single().Status["sec_since_connect"]);
    }

    [Fact]
    public async Task SwitchReconnectsAfterTheControllerCloses()
    {
        string path = Path.Combine(_switch.Directory, "ctl");
        using PassiveVconn listener = Listen($"punix:{path}", OfVconn.DefaultVersions);
        SetControllers(new ControllerSettings($"unix:{path}") { IsPrimary = true });

        SwitchHarness.Client first = await AcceptAsync(listener);
        await WaitForStatusAsync(s => s.IsConnected);
        await first.DisposeAsync();

        ControllerStatus lost = await WaitForStatusAsync(s => !s.IsConnected);
        Assert.Null(lost.Role);
        Assert.Equal("BACKOFF", lost.Status["state"]);
        Assert.Equal("End of file", lost.Status["last_error"]);
        Assert.Equal("0", lost.Status["sec_since_disconnect"]);

        _clock.Warp(TimeSpan.FromSeconds(1));
        await using SwitchHarness.Client second = await AcceptAsync(listener);
        Assert.Contains("OFPT_ECHO_REPLY", await second.TransactAsync(OfpRaw.OfptEchoRequest, []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingControllerIsRetriedInTheBackground()
    {
        string path = Path.Combine(_switch.Directory, "none");
        SetControllers(new ControllerSettings($"unix:{path}") { IsPrimary = true });
        ControllerStatus status = await WaitForStatusAsync(s => s.Status["state"] == "BACKOFF");
        Assert.Equal("No such file or directory", status.Status["last_error"]);
        Assert.False(status.Status.ContainsKey("sec_since_connect"));

        // The controller appears: the next attempt, a second later, finds it.
        using PassiveVconn listener = Listen($"punix:{path}", OfVconn.DefaultVersions);
        _clock.Warp(TimeSpan.FromSeconds(1));
        await using SwitchHarness.Client controller = await AcceptAsync(listener);
        await WaitForStatusAsync(s => s.IsConnected);
    }

    [Fact]
    public async Task SilentControllerIsProbedThenDropped()
    {
        using PassiveVconn listener = Listen("ptcp:0:127.0.0.1", OfVconn.DefaultVersions);
        SetControllers(new ControllerSettings($"tcp:127.0.0.1:{listener.BoundPort}") { IsPrimary = true, ProbeInterval = 5 });
        await using SwitchHarness.Client controller = await AcceptAsync(listener);
        await WaitForStatusAsync(s => s.IsConnected);

        _clock.Warp(TimeSpan.FromSeconds(5));
        Assert.StartsWith("OFPT_ECHO_REQUEST", await controller.ReceiveTextAsync(), StringComparison.Ordinal);
        await WaitForStatusAsync(s => s.Status["state"] == "IDLE");

        _clock.Warp(TimeSpan.FromSeconds(5));
        ControllerStatus status = await WaitForStatusAsync(s => !s.IsConnected);
        Assert.Equal("Connection timed out", status.Status["last_error"]);
    }

    [Fact]
    public async Task RemovedControllerIsDisconnected()
    {
        string path = Path.Combine(_switch.Directory, "ctl");
        using PassiveVconn listener = Listen($"punix:{path}", OfVconn.DefaultVersions);
        SetControllers(new ControllerSettings($"unix:{path}") { IsPrimary = true });
        await using SwitchHarness.Client controller = await AcceptAsync(listener);
        await WaitForStatusAsync(s => s.IsConnected);
        Assert.True(HasControllers());

        SetControllers();
        Assert.Empty(Statuses());
        Assert.False(HasControllers());
        using var cancel = new CancellationTokenSource(SwitchHarness.Timeout);
        Assert.False((await controller.Vconn.ReceiveAsync(cancel.Token)).IsSuccess);
    }

    private static PassiveVconn Listen(string target, uint versions)
    {
        (PassiveVconn? listener, int error) = PassiveVconn.Listen(target, versions);
        Assert.Equal(0, error);
        return listener!;
    }

    private static async Task<SwitchHarness.Client> AcceptAsync(PassiveVconn listener)
    {
        using var cancel = new CancellationTokenSource(SwitchHarness.Timeout);
        (OfVconn? vconn, int error) = await listener.AcceptAsync(cancel.Token);
        Assert.Equal(0, error);
        Assert.Equal(0, await vconn!.ConnectAsync(cancel.Token));
        return new SwitchHarness.Client(vconn);
    }

    private void SetControllers(params ControllerSettings[] controllers) =>
        _switch.OnLoop(() => _switch.Ofproto.Connections!.SetControllers(
            [new ControllerSettings($"punix:{_switch.SocketPath}"), .. controllers]));

    private bool HasControllers()
    {
        bool has = false;
        _switch.OnLoop(() => has = _switch.Ofproto.Connections!.HasControllers);
        return has;
    }

    private IReadOnlyList<ControllerStatus> Statuses()
    {
        IReadOnlyList<ControllerStatus> statuses = [];
        _switch.OnLoop(() => statuses = _switch.Ofproto.Connections!.ControllerStatuses());
        return statuses;
    }

    /// <summary>Waits (in real time, for the connection's tasks) until the one controller's status matches.</summary>
    private async Task<ControllerStatus> WaitForStatusAsync(Func<ControllerStatus, bool> match)
    {
        DateTime end = DateTime.UtcNow + SwitchHarness.Timeout;
        while (true)
        {
            ControllerStatus status = Statuses().Single();
            if (match(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < end, $"controller status stayed {string.Join(", ", status.Status)}");
            await Task.Delay(10);
        }
    }
}
