// Switches over the real userspace datapath registered as type "dummy" on dummy devices, as upstream's tests run
// ofproto-dpif: one shared datapath "ovs-dummy" per type, ports numbered by OpenFlow and by the datapath.
using Ovs.Common;
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Ofproto.Core;

namespace Ovs.Ofproto.Tests.Core;

public sealed class OfprotoTests : IDisposable
{
    private readonly NetdevRegistry _netdevs = NetdevRegistry.CreateDefault();
    private readonly DpifRegistry _datapaths = new();
    private readonly OfprotoContext _context;
    private readonly List<Ofproto.Core.Ofproto> _created = [];

    public OfprotoTests()
    {
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(_datapaths, _netdevs, new DpNetdevCatalog()));
        _context = new OfprotoContext(_datapaths, _netdevs, new ManualTime());
    }

    public void Dispose()
    {
        foreach (Ofproto.Core.Ofproto ofproto in _created)
        {
            ofproto.Destroy(delete: true);
        }
    }

    [Fact]
    public void BridgesOfOneTypeShareTheDatapathNamedAfterIt()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        Ofproto.Core.Ofproto br1 = Create("br1");
        Assert.Same(br0.Backer, br1.Backer);
        Assert.Equal("dummy@ovs-dummy", br0.Backer.FullName);
        Assert.Equal("<built-in>", br0.Backer.Dpif.DatapathVersion);
    }

    [Fact]
    public void UnknownDatapathTypeFails()
    {
        Assert.Equal(OvsErrno.EAFNOSUPPORT, Ofproto.Core.Ofproto.Create("br0", "nosuch", _context, out Ofproto.Core.Ofproto? ofproto));
        Assert.Null(ofproto);
    }

    [Fact]
    public void TheLocalPortIsOfppLocalAndOthersGetNumbersFromTheAllocator()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        OfprotoPort p1 = AddPort(br0, "p1", "dummy", request: 1);
        OfprotoPort local = AddPort(br0, "br0", br0.PortOpenType("internal"), request: null);
        OfprotoPort p2 = AddPort(br0, "p2", "dummy", request: 1);

        Assert.Equal((ushort)1, p1.OfpPort);
        Assert.Equal(OfpPortNumber.Local, local.OfpPort);
        Assert.Equal("dummy-internal", local.Type);
        Assert.Equal((ushort)2, p2.OfpPort);
        Assert.Equal([1, 2, OfpPortNumber.Local], br0.Ports.Select(p => p.OfpPort));

        // The dummy datapath numbers ports after their names ("p2" is 2, "br0" is 100); 0 is its own local port.
        Assert.Equal(
            ["0 ovs-dummy", "1 p1", "2 p2", "100 br0"],
            br0.Backer.Dpif.PortDump().Select(p => $"{p.PortNumber} {p.Name}"));
    }

    [Fact]
    public void DeletedPortLeavesTheDatapathAndItsNumberRestsForAWhile()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        AddPort(br0, "p1", "dummy", request: null);
        OfprotoPort p2 = AddPort(br0, "p2", "dummy", request: null);
        Assert.Equal(0, br0.DeletePort(p2.OfpPort));
        Assert.Equal(OvsErrno.ENODEV, br0.DeletePort(p2.OfpPort));
        Assert.Equal(OvsErrno.ENODEV, br0.Backer.Dpif.PortQueryByName("p2", out _));
        Assert.Equal((ushort)3, AddPort(br0, "p5", "dummy", request: null).OfpPort);
    }

    [Fact]
    public void PatchPortsLiveOnlyInTheSwitch()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        OfprotoPort patch = AddPort(br0, "pp", "patch", request: null);
        Assert.Null(patch.OdpPort);
        Assert.Equal(OvsErrno.ENODEV, br0.Backer.Dpif.PortQueryByName("pp", out _));
    }

    [Fact]
    public void AddingAPortTwiceFails()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        AddPort(br0, "p1", "dummy", request: null);
        Assert.Equal(0, _netdevs.Open("p1", "dummy", out INetdev? again));
        Assert.Equal(OvsErrno.EEXIST, br0.AddPort(again!, null, out _));
        _netdevs.Close(again!);
    }

    [Fact]
    public void DestroyingTheLastBridgeDeletesTheDatapath()
    {
        Ofproto.Core.Ofproto br0 = Create("br0");
        Ofproto.Core.Ofproto br1 = Create("br1");
        AddPort(br0, "p1", "dummy", request: null);
        br0.Destroy(delete: true);
        Assert.Equal(["ovs-dummy"], _datapaths.TryGetProvider("dummy", out IDpifProvider? provider) ? provider!.EnumerateNames() : []);
        Assert.Equal(OvsErrno.ENODEV, br1.Backer.Dpif.PortQueryByName("p1", out _));
        br1.Destroy(delete: true);
        Assert.Empty(provider!.EnumerateNames());
        Assert.Null(_netdevs.Find("p1"));
    }

    private Ofproto.Core.Ofproto Create(string name)
    {
        Assert.Equal(0, Ofproto.Core.Ofproto.Create(name, "dummy", _context, out Ofproto.Core.Ofproto? ofproto));
        _created.Add(ofproto!);
        return ofproto!;
    }

    private OfprotoPort AddPort(Ofproto.Core.Ofproto ofproto, string name, string type, ushort? request)
    {
        Assert.Equal(0, _netdevs.Open(name, type, out INetdev? netdev));
        Assert.Equal(0, ofproto.AddPort(netdev!, request, out OfprotoPort? port));
        _netdevs.Close(netdev!);
        return port!;
    }
}
