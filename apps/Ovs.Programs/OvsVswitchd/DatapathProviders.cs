// Upstream: the provider registration of ovs-vswitchd's start-up: netdev_register_provider() for the built-in
// device types, netdev_dummy_register() and dpif_dummy_register() under --enable-dummy (lib/netdev-dummy.c,
// lib/dpif-netdev.c), and dp_initialize()'s datapath classes (lib/dpif.c) (OVS 3.1).
//
// The one place where ovs-vswitchd learns its network device types and datapath types. The datapaths and the
// dpctl/* commands share the NetdevRegistry created here, so a port's device is one object for both.
using Ovs.Dpif;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;

namespace Ovs.Programs.OvsVswitchd;

internal static class DatapathProviders
{
    public static (NetdevRegistry Netdevs, DpifRegistry Datapaths) Create(DummyLevel dummy)
    {
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

        // DATAPATH PROVIDERS: the one place datapath types are registered. Ovs.Dpif.Netdev's userspace datapath
        // goes here as "netdev" and, under --enable-dummy, as "dummy" too (and as "system" with
        // --enable-dummy=override), as upstream's dpif_dummy_register() does, over the netdevs above:
        //     datapaths.Register(new DpifNetdevProvider("netdev", netdevs));
        //     if (dummy != DummyLevel.Disabled) { datapaths.Register(new DpifNetdevProvider("dummy", netdevs)); }
        // Until then no type is registered, and dpctl/add-dp answers "add_dp (Address family not supported by
        // protocol)", as upstream does for a type it does not know.
        return (netdevs, datapaths);
    }
}
