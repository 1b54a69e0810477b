// The reconciler's behaviour as upstream's bridge_reconfigure() shows it: which bridges it creates and destroys,
// what a failed bridge or interface logs and leaves in the database, and bridge/reconnect's lookup.
using Ovs.TestKit;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Tests.Bridges;

[Collection(VlogCollection.Name)]
[Trait("upstream", "vswitchd/bridge.c")]
public sealed class BridgeReconcilerTests : IDisposable
{
    private readonly VlogCapture _log = new();

    public void Dispose() => _log.Dispose();

    private static InterfaceConfig Iface(string name, long? request = null) =>
        new(Guid.NewGuid(), name, "dummy", request, new Dictionary<string, string>());

    private static BridgeConfig Bridge(string name, string type, params InterfaceConfig[] interfaces) =>
        new(Guid.NewGuid(), name, type, [.. interfaces.Select(i => new PortConfig(Guid.NewGuid(), i.Name, [i]))]);

    private static SwitchConfig Config(params BridgeConfig[] bridges) => new(true, 1, new Dictionary<string, string>(), bridges);

    [Fact]
    public void WithoutOfprotoEveryBridgeFailsAsUpstreamReportsAnUnknownDatapathType()
    {
        var reconciler = new BridgeReconciler(new UnavailableBridgeProvider());
        IReadOnlyList<InterfaceStatus> statuses = reconciler.Reconfigure(Config(Bridge("br0", "dummy", Iface("br0"), Iface("p1"))));

        Assert.Empty(statuses);
        Assert.Empty(reconciler.BridgeNames);
        Assert.Equal(
            [
                "ofproto|WARN|unknown datapath type dummy",
                "ofproto|WARN|could not create datapath br0 of unknown type dummy",
                "bridge|ERR|failed to create bridge br0: Address family not supported by protocol",
            ],
            _log.Lines);
    }

    [Fact]
    public void DefaultDatapathTypeIsSystem()
    {
        var reconciler = new BridgeReconciler(new UnavailableBridgeProvider());
        reconciler.Reconfigure(Config(Bridge("br0", "")));
        Assert.Equal("ofproto|WARN|unknown datapath type system", _log.Lines[0]);
    }

    [Fact]
    public void CreatesBridgesAndReportsEachInterface()
    {
        var provider = new FakeBridgeProvider();
        provider.FailingInterfaces.Add("p2");
        var reconciler = new BridgeReconciler(provider);
        InterfaceConfig br0 = Iface("br0", 65534), p1 = Iface("p1", 7), p2 = Iface("p2");

        IReadOnlyList<InterfaceStatus> statuses = reconciler.Reconfigure(Config(Bridge("br0", "dummy", br0, p1, p2)));

        Assert.Equal(["br0"], reconciler.BridgeNames);
        Assert.Equal(
            [
                InterfaceStatus.Created(br0.Uuid, 65534),
                InterfaceStatus.Created(p1.Uuid, 7),
                new InterfaceStatus(p2.Uuid, -1, "could not open network device p2 (No such device)"),
            ],
            statuses);
        Assert.Equal(["bridge|WARN|could not open network device p2 (No such device)"], _log.Lines);
    }

    [Fact]
    public void DestroysBridgesNoLongerWantedAndRecreatesOnTypeChange()
    {
        var provider = new FakeBridgeProvider();
        var reconciler = new BridgeReconciler(provider);
        reconciler.Reconfigure(Config(Bridge("br0", "dummy"), Bridge("br1", "dummy")));
        provider.Events.Clear();

        reconciler.Reconfigure(Config(Bridge("br0", "netdev")));

        Assert.Equal(["destroy br0 cleanup=True", "destroy br1 cleanup=True", "create br0"], provider.Events);
        Assert.Equal(["br0"], reconciler.BridgeNames);
    }

    [Fact]
    public void FailedBridgeIsTriedAgainAtTheNextReconfiguration()
    {
        var provider = new FakeBridgeProvider { DatapathTypes = ["netdev"] };
        var reconciler = new BridgeReconciler(provider);
        reconciler.Reconfigure(Config(Bridge("br0", "dummy")));
        reconciler.Reconfigure(Config(Bridge("br0", "dummy")));

        Assert.Equal(2, _log.Lines.Count(l => l == "bridge|ERR|failed to create bridge br0: Address family not supported by protocol"));
        Assert.Empty(provider.Events);
    }

    [Fact]
    public void InvalidAndDuplicateBridgeNamesAreIgnoredWithUpstreamsWarnings()
    {
        var provider = new FakeBridgeProvider();
        var reconciler = new BridgeReconciler(provider);
        reconciler.Reconfigure(Config(Bridge("../etc", "dummy"), Bridge("br0", "dummy"), Bridge("br0", "netdev")));

        Assert.Equal(["create br0"], provider.Events);
        Assert.Equal(
            ["bridge|WARN|ignoring bridge with invalid name \"../etc\"", "bridge|WARN|bridge br0 specified twice"],
            _log.Lines);
    }

    [Fact]
    public void BridgesAreCreatedInUpstreamsHashOrder()
    {
        var provider = new FakeBridgeProvider();
        var reconciler = new BridgeReconciler(provider);
        string[] names = ["br0", "br1", "br2", "br3", "a", "zz"];
        reconciler.Reconfigure(Config([.. names.Select(n => Bridge(n, "dummy"))]));

        Assert.Equal(Ovs.Common.Collections.OvsHash.StringMapOrder(names).Select(n => $"create {n}"), provider.Events);
    }

    [Fact]
    public void ReconnectFindsBridgesByName()
    {
        var provider = new FakeBridgeProvider();
        var reconciler = new BridgeReconciler(provider);
        reconciler.Reconfigure(Config(Bridge("br0", "dummy"), Bridge("br1", "dummy")));
        provider.Events.Clear();

        Assert.False(reconciler.Reconnect("nosuch"));
        Assert.True(reconciler.Reconnect("br1"));
        Assert.True(reconciler.Reconnect(null));

        Assert.Equal("reconnect br1", provider.Events[0]);
        Assert.Equal(["reconnect br0", "reconnect br1"], provider.Events.Skip(1).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DestroyAllPassesCleanup()
    {
        var provider = new FakeBridgeProvider();
        var reconciler = new BridgeReconciler(provider);
        reconciler.Reconfigure(Config(Bridge("br0", "dummy")));
        reconciler.DestroyAll(deleteDatapaths: false);

        Assert.Equal(["create br0", "destroy br0 cleanup=False"], provider.Events);
        Assert.Empty(reconciler.BridgeNames);
    }
}
