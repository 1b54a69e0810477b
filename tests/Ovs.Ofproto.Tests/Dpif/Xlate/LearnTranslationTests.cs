// Translation of learn and fin_timeout: the flow_mod a learn makes of a packet (match, actions, timeouts), the
// megaflow bits it reads, which translations learn (only those with side effects), result_dst and the limit, and
// fin_timeout on TCP FIN/RST.
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class LearnTranslationTests
{
    private const string MacLearning =
        "table=0 actions=learn(table=1,hard_timeout=60,NXM_OF_VLAN_TCI[0..11],NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],output:NXM_OF_IN_PORT[]),resubmit(,1)";

    private const string Arp = "in_port=3,arp,dl_src=50:54:00:00:00:05,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=192.168.0.1,arp_tpa=192.168.0.2,arp_op=1";

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

    private static string MatchText(FlowMod fm)
    {
        var s = new StringBuilder();
        Match match = fm.Match;
        MatchFormatter.Append(s, in match);
        return s.ToString();
    }

    [Fact]
    public void LearnWithSideEffectsInstallsTheFlowItBuildsFromThePacket()
    {
        TestBridge bridge = Bridge(MacLearning, "table=1 priority=0 actions=flood");
        FlowData flow = Flow(bridge, Arp);
        XlateResult r = Xlator.Translate(bridge, in flow, sideEffects: true);

        (FlowMod fm, uint limit) = Assert.Single(bridge.Learned);
        Assert.Equal(0u, limit);
        Assert.Equal(FlowModCommand.ModifyStrict, fm.Command);
        Assert.Equal((byte)1, fm.TableId);
        Assert.Equal((ushort)60, fm.HardTimeout);
        Assert.Equal(FlowMod.DefaultPriority, fm.Priority);
        Assert.Equal("vlan_tci=0x0000/0x0fff,dl_dst=50:54:00:00:00:05", MatchText(fm));
        Assert.Equal("output:3", OfpActions.Format(fm.Actions));

        // The learned fields of the packet join the megaflow.
        Assert.Equal(0xffff, r.Megaflow.Masks.U16(FlowLayout.InPort));
        Assert.True(r.Megaflow.Masks.Bytes.Slice(FlowLayout.DlSrc, 6).IndexOfAnyExcept((byte)0xff) < 0);
    }

    [Fact]
    public void TranslationWithoutSideEffectsDoesNotLearnButTracesTheFlow()
    {
        TestBridge bridge = Bridge(MacLearning, "table=1 priority=0 actions=flood");
        FlowData flow = Flow(bridge, Arp);
        XlateResult r = Xlator.Translate(bridge, in flow, trace: true);
        Assert.Empty(bridge.Learned);
        Assert.False(r.AvoidCaching);
        Assert.Contains("table=1 vlan_tci=0x0000/0x0fff,dl_dst=50:54:00:00:00:05 priority=32768 hard=60 actions=output:3", TraceFormatter.Format(r), StringComparison.Ordinal);
    }

    [Fact]
    public void RevalidationOfAFlowWithoutNewPacketsDoesNotLearnAgain()
    {
        // Revalidation keeps side effects on (the actions must come out as at upcall time) but passes learn: false
        // for a flow that saw no packets: a learned flow a controller deleted must not come back by itself.
        TestBridge bridge = Bridge("in_port=1 actions=learn(table=1,dl_dst=dl_src,cookie=0x1,limit=1),2");
        FlowData flow = Flow(bridge, "in_port=1,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:ff,dl_type=0x1234");
        XlateResult idle = Xlator.Translate(bridge, in flow, sideEffects: true, learn: false);
        Assert.Empty(bridge.Learned);
        Assert.True(idle.AvoidCaching); // its learned flow is not in the table: the datapath flow must go
        XlateResult busy = Xlator.Translate(bridge, in flow, sideEffects: true, learn: true);
        Assert.Single(bridge.Learned);
        Assert.False(busy.AvoidCaching);
        Assert.Equal(idle.OdpActions, busy.OdpActions);
    }

    [Fact]
    public void LimitedLearnWithoutSideEffectsWhoseFlowIsMissingIsNotCached()
    {
        TestBridge bridge = Bridge("in_port=1 actions=learn(table=1,dl_dst=dl_src,cookie=0x1,limit=1),2");
        FlowData flow = Flow(bridge, "in_port=1,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:ff,dl_type=0x1234");
        Assert.True(Xlator.Translate(bridge, in flow).AvoidCaching);
        Assert.False(Xlator.Translate(bridge, in flow, sideEffects: true).AvoidCaching);
        Assert.Equal(1u, Assert.Single(bridge.Learned).Limit);
        Assert.Equal(1UL, bridge.Learned[0].FlowMod.NewCookie);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void ResultDstSaysWhetherTheLimitLetTheLearnThrough(bool succeeds, int expected)
    {
        TestBridge bridge = Bridge("in_port=1 actions=learn(table=1,dl_dst=dl_src,cookie=0x1,limit=1,result_dst=reg0[0]),output:2");
        bridge.LearnSucceeds = succeeds;
        FlowData flow = Flow(bridge, "in_port=1,reg0=0xfe,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:ff,dl_type=0x1234");
        XlateResult r = Xlator.Translate(bridge, in flow, trace: true, sideEffects: true);
        Assert.Equal((uint)(0xfe | expected), r.FinalFlow.U32(FlowLayout.Regs));
        Assert.Equal(!succeeds, TraceFormatter.Format(r).Contains("Limit exceeded, learn failed", StringComparison.Ordinal));
    }

    [Fact]
    public void LearnedFlowStartsWithFinTimeoutAndLoadsImmediatesAndFields()
    {
        TestBridge bridge = Bridge(
            "actions=load:3->NXM_NX_REG0[0..15],learn(fin_hard_timeout=10,fin_idle_timeout=5,priority=65535,cookie=0x9,eth_type=0x800,"
            + "NXM_OF_ETH_SRC[],load:NXM_NX_REG0[0..15]->NXM_NX_REG1[16..31],load:0x2a->NXM_NX_REG2[],output:NXM_NX_REG0[0..15])");
        FlowData flow = Flow(bridge, "in_port=1,ip,dl_src=50:54:00:00:00:05");
        Xlator.Translate(bridge, in flow, sideEffects: true);
        FlowMod fm = Assert.Single(bridge.Learned).FlowMod;
        Assert.Equal((ushort)65535, fm.Priority);
        Assert.Equal(9UL, fm.NewCookie);
        Assert.Equal("ip,dl_src=50:54:00:00:00:05", MatchText(fm));
        Assert.Equal(
            "fin_timeout(idle_timeout=5,hard_timeout=10),load:0x3->NXM_NX_REG1[16..31],load:0x2a->NXM_NX_REG2[],output:3",
            OfpActions.Format(fm.Actions));
    }

    [Fact]
    public void OutputSpecToAReservedPortThatMayNotBeLearnedIsDropped()
    {
        // 0xfffd (CONTROLLER) is not one of the ports a learned output may name.
        TestBridge bridge = Bridge("actions=load:0xfffd->NXM_NX_REG0[0..15],learn(NXM_OF_ETH_SRC[],output:NXM_NX_REG0[0..15])");
        FlowData flow = Flow(bridge, "in_port=1,dl_src=50:54:00:00:00:05");
        Xlator.Translate(bridge, in flow, sideEffects: true);
        Assert.Equal("drop", OfpActions.Format(Assert.Single(bridge.Learned).FlowMod.Actions));
    }

    [Theory]
    [InlineData("0x001", true)]
    [InlineData("0x004", true)]
    [InlineData("0x002", false)]
    public void FinTimeoutShortensTheRulesTimeoutsOnFinOrRst(string flag, bool reduces)
    {
        TestBridge bridge = Bridge("tcp actions=fin_timeout(idle_timeout=5,hard_timeout=10),output:2");
        FlowData flow = Flow(bridge, $"in_port=1,tcp,tcp_flags={flag}");
        XlateResult r = Xlator.Translate(bridge, in flow, sideEffects: true);
        Assert.Equal(0xff, r.Megaflow.Masks.U8(FlowLayout.NwProto));
        if (reduces)
        {
            (byte table, XlateRule _, ushort idle, ushort hard) = Assert.Single(bridge.ReducedTimeouts);
            Assert.Equal((0, 5, 10), (table, idle, hard));
        }
        else
        {
            Assert.Empty(bridge.ReducedTimeouts);
        }

        Xlator.Translate(bridge, in flow);
        Assert.Equal(reduces ? 1 : 0, bridge.ReducedTimeouts.Count);
        var s = new StringBuilder();
        OdpActionFormatter.Format(s, r.OdpActions);
        Assert.Equal("2", s.ToString());
    }
}
