// The userspace route table and neighbour cache: longest prefix first, marks matched exactly, source addresses
// from the output device, and the texts ovs/route/show and tnl/neigh/show print (upstream's tests/ovs-router.at
// and tunnel-push-pop.at show the same lines).
using Ovs.Flow.Packets;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Routing;

namespace Ovs.Netdev.Tests.Routing;

public sealed class OvsRouterTests
{
    private static (OvsRouter Router, NetdevRegistry Netdevs) Router()
    {
        NetdevRegistry netdevs = NetdevRegistry.CreateDefault();
        Assert.Equal(0, netdevs.Open("br0", "dummy", out INetdev? br0));
        var dummy = Assert.IsType<DummyNetdev>(br0);
        dummy.SetIpv4(0xc0000201, 0xffffff00);
        Assert.True(Ipv6Address.TryParse("2001:db8:cafe::1", out Ipv6Address v6));
        dummy.SetIpv6(v6, Ipv6Address.PrefixMask(64));
        return (new OvsRouter(netdevs.Find), netdevs);
    }

    private static Ipv6Address V4(string text)
    {
        Assert.True(RouteAddress.TryParseIpv4(text, out uint ip));
        return RouteAddress.MapIpv4(ip);
    }

    private static Ipv6Address V6(string text)
    {
        Assert.True(Ipv6Address.TryParse(text, out Ipv6Address ip));
        return ip;
    }

    [Fact]
    public void TheLongestPrefixWinsAndMarksMustMatch()
    {
        (OvsRouter router, _) = Router();
        Assert.Equal(0, router.Insert(0, 96 + 24 + 32, false, V4("198.51.100.0"), 96 + 24, "br0", V4("192.0.2.254")));
        Assert.Equal(0, router.Insert(0, 96 + 28 + 32, false, V4("198.51.100.0"), 96 + 28, "br0", V4("192.0.2.253")));
        Assert.Equal(0, router.Insert(1234, 96 + 24 + 32, false, V4("198.51.100.0"), 96 + 24, "br0", V4("192.0.2.250")));

        Assert.Equal(V4("192.0.2.253"), router.Lookup(0, V4("198.51.100.1"))!.Value.Gateway);
        Assert.Equal(V4("192.0.2.254"), router.Lookup(0, V4("198.51.100.200"))!.Value.Gateway);
        RouteLookup marked = router.Lookup(1234, V4("198.51.100.1"))!.Value;
        Assert.Equal(V4("192.0.2.250"), marked.Gateway);
        Assert.Equal(V4("192.0.2.1"), marked.Source);
        Assert.Equal("br0", marked.Device);
        Assert.Null(router.Lookup(7, V4("198.51.100.1")));
    }

    [Fact]
    public void ARouteNeedsASourceAddressOnItsDeviceForTheDestinationOrTheGateway()
    {
        (OvsRouter router, _) = Router();
        Assert.NotEqual(0, router.Insert(0, 152, false, V4("10.0.0.0"), 120, "br0", default));
        Assert.NotEqual(0, router.Insert(0, 152, false, V4("10.0.0.0"), 120, "nonexistent", V4("192.0.2.9")));
        Assert.Equal(0, router.Insert(0, 152, false, V4("10.0.0.0"), 120, "br0", V4("192.0.2.9")));
        Assert.Equal(0, router.Insert(0, 96 + 32, false, V6("2001:db8:babe::"), 64, "br0", V6("2001:db8:cafe::2")));
        Assert.Equal(V6("2001:db8:cafe::1"), router.Lookup(0, V6("2001:db8:babe::1eaf"))!.Value.Source);
    }

    [Fact]
    public void ShowListsUserRoutesWithTheirMarkGatewayAndSourceAndDeleteNeedsTheExactRoute()
    {
        (OvsRouter router, _) = Router();
        router.Insert(123, 96 + 24 + 32, false, V4("192.0.2.1"), 96 + 24, "br0", default);
        router.Insert(0, 96 + 32, false, V6("2001:db8:babe::"), 64, "br0", V6("2001:db8:cafe::2"));
        Assert.Equal(
            "Route Table:\nUser: 192.0.2.0/24 MARK 123 dev br0 SRC 192.0.2.1\nUser: 2001:db8:babe::/64 dev br0 GW 2001:db8:cafe::2 SRC 2001:db8:cafe::1\n",
            router.Show());
        Assert.False(router.Delete(0, 96 + 24 + 32, V4("192.0.2.0"), 96 + 24));
        Assert.True(router.Delete(123, 96 + 24 + 32, V4("192.0.2.0"), 96 + 24));
        Assert.DoesNotContain("192.0.2.0", router.Show(), StringComparison.Ordinal);
    }

    [Fact]
    public void CidrTextIsParsedWithLengthsOrMasks()
    {
        Assert.True(RouteAddress.TryParseIpv4Cidr("1.1.2.92/24", out uint ip, out int plen));
        Assert.Equal((0x0101025cu, 24), (ip, plen));
        Assert.True(RouteAddress.TryParseIpv4Cidr("10.0.0.0/255.255.0.0", out _, out plen));
        Assert.Equal(16, plen);
        Assert.False(RouteAddress.TryParseIpv4Cidr("10.0.0.0/255.0.255.0", out _, out _));
        Assert.False(RouteAddress.TryParseIpv4Cidr("10.0.0.0/33", out _, out _));
        Assert.True(RouteAddress.TryParseIpv6Cidr("2001:db8::/64", out _, out plen));
        Assert.Equal(64, plen);
    }

    [Fact]
    public void NeighboursAreFoundPerBridgeUntilTheyAgeOut()
    {
        long now = 1000;
        var cache = new NeighborCache(() => now);
        Assert.True(EthAddr.TryParse("f8:bc:12:44:34:b6", out EthAddr mac));
        cache.Set("br0", V4("1.1.2.92"), mac);
        Assert.Equal(mac, cache.Lookup("br0", V4("1.1.2.92")));
        Assert.Null(cache.Lookup("br1", V4("1.1.2.92")));
        Assert.Equal(
            "IP                                            MAC                 Bridge\n"
            + "==========================================================================\n"
            + "1.1.2.92                                      f8:bc:12:44:34:b6   br0\n",
            cache.Show());

        Assert.True(cache.SetAging(10));
        Assert.False(cache.SetAging(3601));
        now += 10_000;
        Assert.Null(cache.Lookup("br0", V4("1.1.2.92")));
        Assert.EndsWith(" br0 STALE\n", cache.Show(), StringComparison.Ordinal);
        cache.Run();
        Assert.DoesNotContain("1.1.2.92", cache.Show(), StringComparison.Ordinal);
    }
}
