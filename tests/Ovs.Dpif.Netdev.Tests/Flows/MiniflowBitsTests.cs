// dp-extra-info:miniflow_bits(N,M) (and dp:ovs, and the main-thread PMD id) of flows put with dpctl/add-flow, as
// Debian's ovs-vswitchd 3.1 printed them in "ovs-appctl dpctl/dump-flows -m" for the same flows on a dummy datapath.
using Ovs.Dpif.Netdev.Tests.Datapath;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Netdev.Tests.Flows;

public sealed class MiniflowBitsTests
{
    [Theory]
    [InlineData("in_port(1),eth_type(0x0806),arp()", "miniflow_bits(3,0)")]
    [InlineData("in_port(1),eth(),eth_type(0x0800),ipv4(src=1.1.1.1)", "miniflow_bits(3,1)")]
    [InlineData("in_port(1),eth_type(0x0800),ipv4(src=1.1.1.1)", "miniflow_bits(3,1)")]
    [InlineData("in_port(1),eth(src=01:02:03:04:05:06/ff:ff:ff:00:00:00),eth_type(0x0800),ipv4(src=1.2.3.4/255.255.0.0)", "miniflow_bits(4,1)")]
    [InlineData("in_port(1),eth(),eth_type(0x86dd),ipv6(src=::1)", "miniflow_bits(3,2)")]
    public void Dumped_flows_carry_upstreams_extra_info(string text, string expected)
    {
        using var fixture = new DatapathFixture();
        fixture.AddPort("p1");
        var key = new NlWriter(new byte[4096]);
        var mask = new NlWriter(new byte[4096]);
        Assert.Null(OdpKeyParser.Parse(text, ref key, ref mask));
        var put = new DpifFlowPut(DpifFlowPutFlags.Create, key.Written.ToArray(), mask.Written.ToArray(), Array.Empty<byte>(), null);
        Assert.Equal(0, fixture.Dpif.FlowPut(put, out _));

        DpifFlow flow = Assert.Single(fixture.Dpif.FlowDump());
        Assert.Equal(expected, flow.Attrs.ExtraInfo);
        Assert.Equal("ovs", flow.Attrs.DpLayer);
        Assert.Equal(DpifFlow.NonPmdCoreId, flow.PmdId);
    }
}
