// The snoop socket: a connection there gets a copy of the traffic between the switch and its active controller
// (what ovs-ofctl snoop prints), and is closed when there is no controller to watch. The test plays both the
// controller and the snooper over Unix sockets in the harness's directory.
using Ovs.Common;
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Wire;
using OfVconn = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class SnoopTests : IDisposable
{
    private readonly OvsClock _clock = new();
    private readonly SwitchHarness _switch;

    public SnoopTests()
    {
        _clock.Stop();
        _switch = new SwitchHarness(_clock);
        _switch.OnLoop(() => _switch.Ofproto.Connections!.SetSnoops([$"punix:{SnoopPath}"]));
    }

    private string SnoopPath => Path.Combine(_switch.Directory, "br0.snoop");

    public void Dispose() => _switch.Dispose();

    [Fact]
    public async Task SnooperSeesBothDirectionsOfTheControllerTraffic()
    {
        string path = Path.Combine(_switch.Directory, "ctl");
        (PassiveVconn? listener, int error) = PassiveVconn.Listen($"punix:{path}", OfVconn.DefaultVersions);
        Assert.Equal(0, error);
        using PassiveVconn controllerListener = listener!;
        _switch.OnLoop(() => _switch.Ofproto.Connections!.SetControllers(
            [new ControllerSettings($"punix:{_switch.SocketPath}"), new ControllerSettings($"unix:{path}") { IsPrimary = true }]));

        await using SwitchHarness.Client snooper = await ConnectSnooperAsync();
        await WaitAsync(() => _switch.Ofproto.Connections!.MonitorCount == 1);

        using var cancel = new CancellationTokenSource(SwitchHarness.Timeout);
        (OfVconn? accepted, error) = await controllerListener.AcceptAsync(cancel.Token);
        Assert.Equal(0, error);
        Assert.Equal(0, await accepted!.ConnectAsync(cancel.Token));
        await using var controller = new SwitchHarness.Client(accepted);
        Assert.StartsWith("OFPT_FEATURES_REPLY", await controller.TransactAsync(OfpRaw.OfptFeaturesRequest, []), StringComparison.Ordinal);

        Assert.StartsWith("OFPT_FEATURES_REQUEST", await snooper.ReceiveTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("OFPT_FEATURES_REPLY", await snooper.ReceiveTextAsync(), StringComparison.Ordinal);

        // The snooper going away leaves the controller alone.
        await snooper.DisposeAsync();
        await WaitAsync(() => _switch.Ofproto.Connections!.MonitorCount == 0);
        Assert.StartsWith("OFPT_ECHO_REPLY", await controller.TransactAsync(OfpRaw.OfptEchoRequest, []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnooperWithoutControllerIsClosed()
    {
        using var cancel = new CancellationTokenSource(SwitchHarness.Timeout);
        (OfVconn? vconn, int error) = await OfVconn.OpenAsync($"unix:{SnoopPath}", OfVconn.DefaultVersions, cancel.Token);
        Assert.Equal(0, error);
        await using OfVconn snooper = vconn!;

        // The switch closes the connection, during the hello exchange or right after it.
        if (await snooper.ConnectAsync(cancel.Token) == 0)
        {
            Assert.False((await snooper.ReceiveAsync(cancel.Token)).IsSuccess);
        }

        Assert.Equal(0, _switch.Ofproto.Connections!.MonitorCount);
    }

    [Fact]
    public void RemovingTheSnoopTargetDeletesItsSocket()
    {
        Assert.True(File.Exists(SnoopPath));
        _switch.OnLoop(() => _switch.Ofproto.Connections!.SetSnoops([]));
        Assert.False(File.Exists(SnoopPath));
        Assert.False(_switch.Ofproto.Connections!.HasSnoops);
    }

    private async Task<SwitchHarness.Client> ConnectSnooperAsync()
    {
        using var cancel = new CancellationTokenSource(SwitchHarness.Timeout);
        (OfVconn? vconn, int error) = await OfVconn.OpenAsync($"unix:{SnoopPath}", OfVconn.DefaultVersions, cancel.Token);
        Assert.Equal(0, error);
        Assert.Equal(0, await vconn!.ConnectAsync(cancel.Token));
        return new SwitchHarness.Client(vconn);
    }

    private async Task WaitAsync(Func<bool> condition)
    {
        DateTime end = DateTime.UtcNow + SwitchHarness.Timeout;
        while (true)
        {
            bool done = false;
            _switch.OnLoop(() => done = condition());
            if (done)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < end, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
