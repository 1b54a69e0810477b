// Freezing and thawing: debug_recirc and dp_hash select groups end the translation in recirc(id) with the rest of
// the pipeline frozen; the recirculated packet (the flow with that recirc_id) resumes where it stopped. Select
// groups: dp_hash buckets after the recirculation, and the hash methods that choose in translation.
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlatorRecircTests
{
    private const string Icmp = "in_port=1,icmp,dl_src=50:54:00:00:00:05,dl_dst=50:54:00:00:00:07,nw_src=192.168.0.1,nw_dst=192.168.0.2";

    private static TestBridge Bridge(params string[] flows)
    {
        var bridge = new TestBridge();
        bridge.AddPorts([new XlatePort(1, 1, "p1"), new XlatePort(2, 2, "p2"), new XlatePort(3, 3, "p3"), new XlatePort(10, 10, "p10"), new XlatePort(11, 11, "p11")]);
        foreach (string f in flows)
        {
            bridge.AddFlow(f);
        }

        return bridge;
    }

    private static FlowData Flow(TestBridge bridge, string text, uint recircId = 0, uint dpHash = 0)
    {
        Assert.Null(Ovs.Ofproto.Dpif.Trace.TraceFlowParser.Parse(text, bridge.Ports, out FlowData flow));
        flow.SetU32(FlowLayout.RecircId, recircId);
        flow.SetU32(FlowLayout.DpHash, dpHash);
        return flow;
    }

    private static string Actions(XlateResult r)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, r.OdpActions);
        return sb.ToString();
    }

    [Fact]
    public void DebugRecircFreezesTheRestOfTheResubmitAndThawResumesIt()
    {
        TestBridge bridge = Bridge("table=0 in_port=1 actions=2,resubmit(,1)", "table=1 in_port=1 actions=debug_recirc,resubmit:55", "table=1 in_port=55 actions=3");
        Assert.Equal("2,recirc(0x1)", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp))));
        Assert.Equal("3", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp, recircId: 1))));
    }

    [Fact]
    public void ActionsAfterAResubmitThatFrozeRunAfterTheThawOnlyOnce()
    {
        TestBridge bridge = Bridge("table=0 in_port=1 actions=resubmit(,1),2", "table=1 in_port=1 actions=debug_recirc");
        Assert.Equal("recirc(0x1)", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp))));
        Assert.Equal("2", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp, recircId: 1))));

        // The same frozen state again: the same id.
        Assert.Equal("recirc(0x1)", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp.Replace("192.168.0.2", "10.0.0.9", StringComparison.Ordinal)))));
        Assert.Single(bridge.Frozen);
    }

    [Fact]
    public void FrozenRegistersComeBackAfterTheThaw()
    {
        TestBridge bridge = Bridge("table=0 in_port=1 actions=load:7->NXM_NX_REG0[],debug_recirc,resubmit(,1)", "table=1 reg0=7 actions=3");
        Assert.Equal("recirc(0x1)", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp))));
        Assert.Equal("3", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp, recircId: 1))));
    }

    [Fact]
    public void UnknownRecirculationIdIsAnError()
    {
        TestBridge bridge = Bridge("table=0 in_port=1 actions=2");
        XlateResult r = Xlator.Translate(bridge, Flow(bridge, Icmp, recircId: 9));
        Assert.Equal(XlateError.NoRecirculationContext, r.Error);
    }

    [Fact]
    public void DpHashGroupHashesRecirculatesThenPicksTheBucketOfTheMaskedHash()
    {
        TestBridge bridge = Bridge();
        bridge.AddGroup("group_id=1234,type=select,bucket=output:10,bucket=output:11");
        bridge.AddFlow("table=0 ip actions=write_actions(group:1234)", Ovs.Flow.Fields.ProtocolSet.Of13Oxm);
        XlateResult first = Xlator.Translate(bridge, Flow(bridge, Icmp));
        Assert.Equal("hash(sym_l4(0)),recirc(0x1)", Actions(first));
        Assert.Equal(0u, first.Megaflow.Masks.U32(FlowLayout.NwSrc));

        XlateGroup group = bridge.Find(1234)!;
        var seen = new HashSet<string>();
        for (uint hash = 1; hash <= 32; hash++)
        {
            XlateResult r = Xlator.Translate(bridge, Flow(bridge, Icmp, recircId: 1, dpHash: hash));
            string expected = group.Selection.HashMap[hash & 15] == 0 ? "10" : "11";
            Assert.Equal(expected, Actions(r));
            Assert.Equal(15u, r.Megaflow.Masks.U32(FlowLayout.DpHash));
            seen.Add(Actions(r));
        }

        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void DpHashWithDeadBucketsTakesTheNextLiveOne()
    {
        TestBridge bridge = Bridge("table=0 ip actions=group:1");
        bridge.AddGroup("group_id=1,type=select,bucket=weight:1,output:10,bucket=weight:0,output:11");
        for (uint hash = 1; hash <= 16; hash++)
        {
            Assert.Equal("10", Actions(Xlator.Translate(bridge, Flow(bridge, Icmp, recircId: 0, dpHash: hash))));
        }
    }

    [Fact]
    public void DefaultHashChoosesInTranslationAndMatchesTheHashedFields()
    {
        TestBridge bridge = Bridge("table=0 ip actions=group:1");
        bridge.AddGroup("group_id=1,type=select,selection_method=dp_hash,bucket=weight:1,output:10,bucket=weight:1000,output:11");
        Assert.Equal(SelectMethod.Default, bridge.Find(1)!.Selection.Method);
        XlateResult r = Xlator.Translate(bridge, Flow(bridge, Icmp));
        Assert.Matches("^1[01]$", Actions(r));
        Assert.Equal(uint.MaxValue, r.Megaflow.Masks.U32(FlowLayout.NwSrc));
        Assert.Equal(uint.MaxValue, r.Megaflow.Masks.U32(FlowLayout.NwDst));
        Assert.Equal(0xff, r.Megaflow.Masks.U8(FlowLayout.NwProto));

        // Symmetric: the reply direction takes the same bucket.
        string reply = "in_port=1,icmp,dl_src=50:54:00:00:00:07,dl_dst=50:54:00:00:00:05,nw_src=192.168.0.2,nw_dst=192.168.0.1";
        Assert.Equal(Actions(r), Actions(Xlator.Translate(bridge, Flow(bridge, reply))));
    }

    [Fact]
    public void HashFieldsMethodHashesOnlyTheListedFields()
    {
        TestBridge bridge = Bridge("table=0 ip actions=group:1");
        bridge.AddGroup("group_id=1,type=select,selection_method=hash,fields(ip_dst),bucket=output:10,bucket=output:11");
        Assert.Equal(SelectMethod.Hash, bridge.Find(1)!.Selection.Method);
        XlateResult r = Xlator.Translate(bridge, Flow(bridge, Icmp));
        Assert.Equal(uint.MaxValue, r.Megaflow.Masks.U32(FlowLayout.NwDst));
        Assert.Equal(0u, r.Megaflow.Masks.U32(FlowLayout.NwSrc));

        // Only ip_dst counts: another source picks the same bucket.
        string other = Icmp.Replace("nw_src=192.168.0.1", "nw_src=10.1.1.1", StringComparison.Ordinal);
        Assert.Equal(Actions(r), Actions(Xlator.Translate(bridge, Flow(bridge, other))));
        var seen = new HashSet<string>();
        for (int d = 0; d < 16; d++)
        {
            seen.Add(Actions(Xlator.Translate(bridge, Flow(bridge, Icmp.Replace("192.168.0.2", $"192.168.7.{d}", StringComparison.Ordinal)))));
        }

        Assert.Equal(2, seen.Count);
    }
}
