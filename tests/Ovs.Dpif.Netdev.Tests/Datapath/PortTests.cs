using Ovs.Common;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class PortTests
{
    [Fact]
    public void Local_port_is_zero_named_like_the_datapath()
    {
        using var f = new DatapathFixture(name: "br0");
        Assert.Equal(0, f.Dpif.PortQueryByNumber(0, out DpifPort? local));
        Assert.Equal(new DpifPort("br0", "dummy-internal", 0), local);
        Assert.Equal("br0", f.Dpif.Name);
        Assert.Equal("dummy", f.Dpif.Type);
    }

    [Fact]
    public void Dummy_datapath_numbers_ports_after_their_names()
    {
        using var f = new DatapathFixture();
        Assert.Equal(7u, f.AddPort("p7"));
        Assert.Equal(101u, f.AddPort("br1"));
        Assert.Equal(1u, f.AddPort("eth"));
        Assert.Equal(2u, f.AddPort("x7"));
        uint? requested = 50;
        Assert.Equal(0, f.Dpif.PortAdd("q", "dummy", ref requested));
        Assert.Equal(50u, requested);
        Assert.Equal(
            ["dp0:0:dummy-internal", "eth:1:dummy", "x7:2:dummy", "p7:7:dummy", "q:50:dummy", "br1:101:dummy"],
            f.Dpif.PortDump().Select(p => $"{p.Name}:{p.PortNumber}:{p.Type}"));
    }

    [Fact]
    public void Port_errors_are_upstreams()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        uint? taken = 1;
        Assert.Equal(OvsErrno.EBUSY, f.Dpif.PortAdd("other", "dummy", ref taken));
        uint? none = null;
        Assert.Equal(OvsErrno.EEXIST, f.Dpif.PortAdd("p1", "dummy", ref none));
        Assert.Equal(OvsErrno.EAFNOSUPPORT, f.Dpif.PortAdd("z", "no-such-type", ref none));
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.PortDel(0));
        Assert.Equal(OvsErrno.ENODEV, f.Dpif.PortDel(9));
        Assert.Equal(OvsErrno.ENODEV, f.Dpif.PortQueryByNumber(9, out _));
        Assert.Equal(OvsErrno.ENODEV, f.Dpif.PortQueryByName("nope", out _));
        Assert.Equal(0, f.Dpif.PortQueryByName("p1", out DpifPort? p1));
        Assert.Equal(1u, p1!.PortNumber);
    }

    [Fact]
    public void Deleting_a_port_closes_its_netdev_and_frees_its_number()
    {
        using var f = new DatapathFixture(threads: true);
        f.AddPort("p1");
        Assert.NotNull(f.Netdevs.Find("p1"));
        Assert.Equal(0, f.Dpif.PortDel(1));
        Assert.Null(f.Netdevs.Find("p1"));
        Assert.Equal(1u, f.AddPort("p1"));
    }

    [Fact]
    public void Open_create_and_destroy_follow_upstream()
    {
        var catalog = new DpNetdevCatalog();
        using var f = new DatapathFixture(catalog: catalog);
        Assert.Equal(OvsErrno.EEXIST, f.Dpifs.Open("dummy@dp0", create: true, out _));
        Assert.Equal(0, f.Dpifs.Open("dummy@dp0", create: false, out IDpif? again));
        Assert.Equal("dp0", again!.Name);
        Assert.Equal(OvsErrno.EINVAL, f.Dpifs.Open("netdev@dp0", create: false, out _));
        Assert.Equal(OvsErrno.ENODEV, f.Dpifs.Open("dummy@other", create: false, out _));
        Assert.True(f.Dpifs.TryGetProvider("dummy", out IDpifProvider? provider));
        Assert.Equal(["dp0"], provider!.EnumerateNames());
        Assert.True(f.Dpifs.TryGetProvider("netdev", out IDpifProvider? netdev));
        Assert.Empty(netdev!.EnumerateNames());

        f.AddPort("p1");
        Assert.Equal(0, again.Destroy());
        Assert.Null(f.Netdevs.Find("p1"));
        Assert.Null(f.Netdevs.Find("dp0"));
        Assert.Equal(OvsErrno.ENODEV, f.Dpifs.Open("dummy@dp0", create: false, out _));
    }
}
