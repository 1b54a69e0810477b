// Unit checks of translation behaviour that the Debian goldens cannot reach: a datapath without masked sets,
// packet-ins as side effects, resubmit limits counted as upstream counts them, and the datapath port map.
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlatorTests
{
    private static TestBridge Bridge(params string[] flows)
    {
        var bridge = new TestBridge();
        bridge.AddPorts([new XlatePort(65534, 100, "br0"), new XlatePort(1, 1, "p1"), new XlatePort(2, 2, "p2"), new XlatePort(3, 3, "p3")]);
        foreach (string f in flows)
        {
            bridge.AddFlow(f);
        }

        return bridge;
    }

    private static FlowData Flow(TestBridge bridge, string text)
    {
        Assert.Null(TraceFlowParser.Parse(text, bridge.Ports, out FlowData flow));
        return flow;
    }

    private static string Actions(XlateResult r)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, r.OdpActions);
        return sb.ToString();
    }

    [Fact]
    public void WithoutMaskedSetsTheWholeKeyIsSetAndJoinsTheMegaflow()
    {
        TestBridge bridge = Bridge("in_port=1,ip actions=mod_nw_src:10.0.0.1,output:2");
        bridge.Support = new XlateSupport(MaskedSet: false);
        FlowData flow = Flow(bridge, "in_port=1,ip,nw_src=1.1.1.1,nw_dst=2.2.2.2,nw_proto=6,nw_ttl=9");
        XlateResult r = Xlator.Translate(bridge, in flow);
        Assert.Equal("set(ipv4(src=10.0.0.1,dst=2.2.2.2,proto=6,tos=0,ttl=9,frag=no)),2", Actions(r));
        Assert.Equal(uint.MaxValue, r.Megaflow.Masks.U32(FlowLayout.NwDst));
        Assert.Equal(0xff, r.Megaflow.Masks.U8(FlowLayout.NwTtl));
    }

    [Fact]
    public void WithMaskedSetsOnlyTheChangedFieldIsWritten()
    {
        TestBridge bridge = Bridge("in_port=1,ip actions=mod_nw_src:10.0.0.1,output:2");
        FlowData flow = Flow(bridge, "in_port=1,ip,nw_src=1.1.1.1,nw_dst=2.2.2.2,nw_proto=6,nw_ttl=9");
        XlateResult r = Xlator.Translate(bridge, in flow);
        Assert.Equal("set(ipv4(src=10.0.0.1)),2", Actions(r));
        Assert.Equal(0u, r.Megaflow.Masks.U32(FlowLayout.NwDst));
    }

    [Fact]
    public void ControllerActionIsAPacketInOnlyWithSideEffects()
    {
        TestBridge bridge = Bridge("in_port=1,cookie=0x77 actions=controller(max_len=64,id=3),output:2");
        FlowData flow = Flow(bridge, "in_port=1");
        XlateResult quiet = Xlator.Translate(bridge, in flow);
        Assert.Empty(quiet.PacketIns);
        Assert.Contains("dont_send=1", Actions(quiet), StringComparison.Ordinal);

        XlateResult real = Xlator.Translate(bridge, in flow, sideEffects: true);
        PacketInRequest pin = Assert.Single(real.PacketIns);
        Assert.Equal((byte)1, pin.Reason);
        Assert.Equal(0x77UL, pin.Cookie);
        Assert.Equal((ushort)64, pin.MaxLen);
        Assert.Equal((ushort)3, pin.ControllerId);
        Assert.Contains("dont_send=0", Actions(real), StringComparison.Ordinal);
        Assert.EndsWith("),2", Actions(real), StringComparison.Ordinal);
    }

    [Fact]
    public void ResubmitsToLaterTablesDoNotDeepenButCountTowardsTheTotal()
    {
        // 70 chained tables: deeper than 64 levels of table number, but always forward, so no depth error.
        var flows = new List<string>();
        for (int t = 0; t < 70; t++)
        {
            flows.Add($"table={t} actions=resubmit(,{t + 1})");
        }

        flows.Add("table=70 actions=output:2");
        TestBridge bridge = Bridge([.. flows]);
        FlowData flow = Flow(bridge, "in_port=1");
        XlateResult r = Xlator.Translate(bridge, in flow);
        Assert.Equal(XlateError.None, r.Error);
        Assert.Equal("2", Actions(r));
    }

    [Fact]
    public void DatapathFlowsNameDatapathPorts()
    {
        TestBridge bridge = Bridge("in_port=LOCAL actions=output:1");
        Assert.Null(TraceFlowParser.Parse("in_port(100),eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0900)", bridge.Ports, out FlowData flow));
        Assert.Equal((ushort)65534, flow.U16(FlowLayout.InPort));
        Assert.Equal("1", Actions(Xlator.Translate(bridge, in flow)));
        Assert.NotNull(TraceFlowParser.Parse("in_port(42),eth_type(0x0900)", bridge.Ports, out _));
    }

    [Fact]
    public void FloodOrderFollowsUpstreamsPortHashMap()
    {
        // Debian's order for LOCAL and ports 1..5 added in that order (see the ports and flood-flags goldens).
        var ports = new List<XlatePort> { new(65534, 100, "br0") };
        for (ushort p = 1; p <= 5; p++)
        {
            ports.Add(new XlatePort(p, p, "p" + p));
        }

        Assert.Equal([4, 65534, 1, 5, 2, 3], PortHashOrder.FloodOrder(ports).Select(p => (int)p.OfPort));
    }
}
