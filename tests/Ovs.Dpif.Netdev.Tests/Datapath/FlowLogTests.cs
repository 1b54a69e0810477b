using Ovs.Common.Logging;
using Ovs.TestKit;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FlowLogCollection
{
    public const string Name = "dpif-netdev vlog";
}

[Collection(FlowLogCollection.Name)]
public class FlowLogTests
{
    [Fact]
    public void Flow_add_and_flow_mod_are_logged_at_debug_level_with_key_mask_and_actions()
    {
        using var log = new VlogCapture();
        Vlog.SetLevels(VlogModule.Get("dpif_netdev"), VlogDestination.Console, VlogLevel.Dbg);
        try
        {
            using var f = new DatapathFixture();
            f.AddPort("p1");
            f.AddPort("p2");
            Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(FlowTests.UdpMegaflow, "2"), out _));
            Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(FlowTests.UdpMegaflow, "1", flags: DpifFlowPutFlags.Modify), out _));

            string[] lines = [.. log.Lines.Where(l => l.Contains("flow_", StringComparison.Ordinal))];
            Assert.Equal(2, lines.Length);
            Assert.Matches(@"^dpif_netdev\|DBG\|flow_add: ufid:[0-9a-f-]{36} mega_ufid:[0-9a-f-]{36} recirc_id\(0\),in_port\(1\),", lines[0]);
            Assert.EndsWith("ipv4(dst=10.0.0.0/255.255.255.0,frag=no), actions:2", lines[0]);
            Assert.Matches(@"^dpif_netdev\|DBG\|flow_mod: .*, old_actions:2, actions:1$", lines[1]);
        }
        finally
        {
            Vlog.SetLevels(VlogModule.Get("dpif_netdev"), VlogDestination.Console, VlogLevel.Info);
        }
    }
}
