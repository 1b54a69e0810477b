// netdev_get_carrier(): a device that is administratively down has no carrier, whatever the device says (Debian's
// ovs-vswitchd writes link_state "down" and reports LINK_DOWN after netdev-dummy/set-admin-state NAME down).
using Ovs.Netdev.Dummy;

namespace Ovs.Netdev.Tests;

public sealed class NetdevCarrierTests
{
    [Fact]
    public void Follows_the_administrative_state()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p1", "dummy", out INetdev? netdev));
        var dummy = Assert.IsType<DummyNetdev>(netdev);
        Assert.True(NetdevCarrier.IsUp(dummy));

        dummy.SetAdminState(false);
        Assert.Equal(0, dummy.GetCarrier(out bool deviceCarrier));
        Assert.True(deviceCarrier);
        Assert.False(NetdevCarrier.IsUp(dummy));

        dummy.SetAdminState(true);
        Assert.True(NetdevCarrier.IsUp(dummy));
    }
}
