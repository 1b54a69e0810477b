// dpctl lists datapaths in upstream's order: types, then each type's names, in the hash order of upstream's string
// sets. The expected order is what Debian's ovs-vswitchd 3.1 printed for "ovs-appctl dpctl/dump-dps" after the same
// add-dp commands.
using Ovs.Dpif.Dpctl;
using Ovs.Netdev;
using DpctlSession = Ovs.Dpif.Dpctl.Dpctl;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public sealed class EnumerationOrderTests
{
    [Fact]
    public void Dump_dps_lists_datapaths_in_upstreams_order()
    {
        var netdevs = NetdevRegistry.CreateDefault();
        var dpifs = new DpifRegistry();
        var catalog = new DpNetdevCatalog();
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(dpifs, netdevs, catalog, new DpNetdevOptions { StartThreads = false }));
        var output = new StringWriter();
        var error = new StringWriter();
        var dpctl = new DpctlSession(dpifs, netdevs, new DpctlOptions(), "ovs-dpctl", output, error);
        try
        {
            foreach (string dp in (string[])["dummy@zeta", "dummy@alpha", "netdev@mid", "dummy@br0", "dummy@ovs-dummy", "netdev@b", "dummy@q1", "dummy@q2"])
            {
                Assert.Equal(0, DpctlCommands.Run(dpctl, ["add-dp", dp]));
            }

            Assert.Equal(0, DpctlCommands.Run(dpctl, ["dump-dps"]));
            Assert.Equal(
                "dummy@zeta\ndummy@br0\ndummy@ovs-dummy\ndummy@alpha\ndummy@q2\ndummy@q1\nnetdev@b\nnetdev@mid\n",
                output.ToString());
            Assert.Equal(string.Empty, error.ToString());
        }
        finally
        {
            foreach (string type in dpifs.Types)
            {
                dpifs.TryGetProvider(type, out IDpifProvider? provider);
                foreach (string name in provider!.EnumerateNames())
                {
                    Assert.Equal(0, dpifs.Open($"{type}@{name}", false, out IDpif? dpif));
                    using (dpif)
                    {
                        dpif!.Destroy();
                    }
                }
            }
        }
    }
}
