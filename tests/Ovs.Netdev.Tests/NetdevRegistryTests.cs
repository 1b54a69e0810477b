using Ovs.Common;

namespace Ovs.Netdev.Tests;

public sealed class NetdevRegistryTests
{
    [Fact]
    public void OpeningAnOpenNameSharesTheDeviceWhenTypesAgree()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("x", "dummy", out INetdev? first));
        Assert.Equal(0, registry.Open("x", "dummy", out INetdev? second));
        Assert.Same(first, second);
        Assert.Equal(OvsErrno.EEXIST, registry.Open("x", "patch", out _));
        registry.Close(first!);
        Assert.Same(first, registry.Find("x"));
        registry.Close(second!);
        Assert.Null(registry.Find("x"));
    }

    [Fact]
    public void UnknownTypesAndDuplicateProvidersAreRefused()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(OvsErrno.EAFNOSUPPORT, registry.Open("x", "vxlan-ish", out _));
        Assert.Equal(OvsErrno.EEXIST, registry.Register(new Ovs.Netdev.Dummy.DummyProvider()));
        Assert.Equal(
            ["bareudp", "dummy", "erspan", "geneve", "gre", "gtpu", "internal", "ip6erspan", "ip6gre", "lisp", "patch", "stt", "system", "tap", "vxlan"],
            registry.Types);
        Assert.True(registry.IsTypeRegistered(string.Empty));
        Assert.Equal(0, registry.Open("d", "dummy", out _));
        Assert.Equal(OvsErrno.EBUSY, registry.Unregister("dummy"));
        Assert.Equal(0, registry.Unregister("tap"));
    }

    [Fact]
    public void SystemDeviceThatDoesNotExistIsEnodev()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(OvsErrno.ENODEV, registry.Open("no-such-dev0", string.Empty, out INetdev? netdev));
        Assert.Null(netdev);
        Assert.Equal(OvsErrno.EINVAL, registry.Open("a-name-longer-than-ifnamsiz", "system", out _));
    }
}
