// Upstream: the provider registration of ovs-vswitchd's start-up: netdev_register_provider() for the built-in
// device types, netdev_dummy_register() and dpif_dummy_register() under --enable-dummy (lib/netdev-dummy.c,
// lib/dpif-netdev.c), and dp_initialize()'s datapath classes (lib/dpif.c) (OVS 3.1).
//
// The one place where ovs-vswitchd learns its network device types and datapath types. The datapaths and the
// dpctl/* commands share the NetdevRegistry created here, so a port's device is one object for both.
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;

namespace Ovs.Programs.OvsVswitchd;

internal static class DatapathProviders
{
    /// <param name="time">The daemon's clock: datapath flows' used times must agree with ofproto's.</param>
    public static (NetdevRegistry Netdevs, DpifRegistry Datapaths) Create(DummyLevel dummy, TimeProvider? time = null)
    {
        var options = new DpNetdevOptions { Time = time ?? TimeProvider.System };
        NetdevRegistry netdevs = NetdevRegistry.CreateDefault();
        if (dummy != DummyLevel.Disabled)
        {
            // --enable-dummy=system stands dummy devices in for the kernel's; =override for tap and internal too.
            string[] overridden = dummy switch
            {
                DummyLevel.OverrideSystem => ["system"],
                DummyLevel.OverrideAll => ["system", "tap", "internal"],
                _ => [],
            };
            foreach (string type in overridden)
            {
                netdevs.Unregister(type);
                netdevs.Register(new DummyProvider(type));
            }

            netdevs.Register(new DummyProvider("dummy"));
            netdevs.Register(new DummyProvider("dummy-internal"));
            netdevs.Register(new DummyProvider("dummy-pmd"));
        }

        var datapaths = new DpifRegistry();

        // The userspace datapath is always there as "netdev"; --enable-dummy adds it as "dummy" too, over dummy
        // devices, as upstream's dpif_dummy_register() does. Both types share one catalog of datapaths.
        datapaths.Register(new DpifNetdevProvider(DpifNetdevProvider.NetdevType, netdevs, DpNetdevCatalog.Shared, options));
        if (dummy != DummyLevel.Disabled)
        {
            datapaths.Register(new DpifNetdevProvider(DpifNetdevProvider.DummyType, netdevs, DpNetdevCatalog.Shared, options));
        }

        return (netdevs, datapaths);
    }
}
