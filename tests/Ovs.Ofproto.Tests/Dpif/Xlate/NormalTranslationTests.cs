// The NORMAL action over a test bridge: flooding within the input VLAN with each output's tags, learning and then
// forwarding to the learned port, the drops (wrong VLAN, reserved multicast, no bundle), no-flood ports, and the
// megaflow fields NORMAL depends on.
using System.Text;
using Ovs.Common;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.L2;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class NormalTranslationTests
{
    private static readonly Dictionary<string, string> s_none = [];

    private int _invalidations;

    /// <summary>br0 (LOCAL, trunk), p1 trunk of VLANs 10 and 20, p2 access VLAN 10, p3 access VLAN 20, p4 access VLAN 10.</summary>
    private (TestBridge Bridge, BridgeNormal Normal) NewBridge(XlatePortConfig p4Config = XlatePortConfig.None)
    {
        var bridge = new TestBridge();
        bridge.AddPorts([new XlatePort(65534, 100, "br0"), new XlatePort(1, 1, "p1"), new XlatePort(2, 2, "p2"),
            new XlatePort(3, 3, "p3"), new XlatePort(4, 4, "p4", p4Config)]);
        bridge.AddFlow("actions=NORMAL");
        var clock = new OvsClock();
        clock.Stop();
        var normal = new BridgeNormal(clock, () => _invalidations++);
        normal.SetBundles(
        [
            XlateBundle.FromColumns("br0", null, [], [], "", s_none, [65534]),
            XlateBundle.FromColumns("p1", null, [10, 20], [], "", s_none, [1]),
            XlateBundle.FromColumns("p2", 10, [], [], "", s_none, [2]),
            XlateBundle.FromColumns("p3", 20, [], [], "", s_none, [3]),
            XlateBundle.FromColumns("p4", 10, [], [], "", s_none, [4]),
        ]);
        bridge.Normal = normal;
        _invalidations = 0;
        return (bridge, normal);
    }

    private static XlateResult Run(TestBridge bridge, string flow, bool learn = true)
    {
        Assert.Null(TraceFlowParser.Parse(flow, bridge.Ports, out FlowData f));
        return Xlator.Translate(bridge, in f, learn: learn);
    }

    private static string Actions(XlateResult r)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, r.OdpActions);
        return sb.ToString();
    }

    [Fact]
    public void AnUntaggedPacketOnAnAccessPortFloodsItsVlanWithTheRightTags()
    {
        (TestBridge bridge, _) = NewBridge();
        string actions = Actions(Run(bridge, "in_port(2),eth(src=50:54:00:00:00:01,dst=ff:ff:ff:ff:ff:ff),eth_type(0x0800),ipv4(src=1.1.1.1,dst=2.2.2.2,proto=17,tos=0,ttl=64,frag=no),udp(src=1,dst=2)"));
        // Flood order follows the port hash; whichever comes first, p4 gets the packet untagged, p1 and br0 tagged.
        Assert.True(actions is "4,push_vlan(vid=10,pcp=0),1,100" or "4,push_vlan(vid=10,pcp=0),100,1"
            or "push_vlan(vid=10,pcp=0),1,100,pop_vlan,4" or "push_vlan(vid=10,pcp=0),100,1,pop_vlan,4"
            or "push_vlan(vid=10,pcp=0),1,pop_vlan,4,push_vlan(vid=10,pcp=0),100"
            or "push_vlan(vid=10,pcp=0),100,pop_vlan,4,push_vlan(vid=10,pcp=0),1", actions);
    }

    [Fact]
    public void ATaggedPacketOnATrunkLosesItsTagTowardsAccessPorts()
    {
        (TestBridge bridge, _) = NewBridge();
        string actions = Actions(Run(bridge, "in_port(1),eth(src=50:54:00:00:00:01,dst=ff:ff:ff:ff:ff:ff),eth_type(0x8100),vlan(vid=20,pcp=0),encap(eth_type(0xabcd))"));
        Assert.True(actions is "100,pop_vlan,3" or "pop_vlan,3,push_vlan(vid=20,pcp=0),100", actions);
    }

    [Fact]
    public void PacketsInAVlanThePortDoesNotCarryAreDropped()
    {
        (TestBridge bridge, _) = NewBridge();
        Assert.Equal("drop", Actions(Run(bridge, "in_port(2),eth(src=50:54:00:00:00:01,dst=ff:ff:ff:ff:ff:ff),eth_type(0x8100),vlan(vid=20,pcp=0),encap(eth_type(0xabcd))")));
        Assert.Equal("drop", Actions(Run(bridge, "in_port(1),eth(src=50:54:00:00:00:01,dst=ff:ff:ff:ff:ff:ff),eth_type(0x8100),vlan(vid=30,pcp=0),encap(eth_type(0xabcd))")));
    }

    [Fact]
    public void ReservedMulticastIsDropped()
    {
        (TestBridge bridge, _) = NewBridge();
        Assert.Equal("drop", Actions(Run(bridge, "in_port(2),eth(src=50:54:00:00:00:01,dst=01:80:c2:00:00:00),eth_type(0xabcd)")));
    }

    [Fact]
    public void TheSourceIsLearnedAndTheReplyGoesOnlyToIt()
    {
        (TestBridge bridge, BridgeNormal normal) = NewBridge();
        XlateResult first = Run(bridge, "in_port(2),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0xabcd)");
        Assert.Equal(1, first.MacInvalidations);
        Assert.Equal(1, _invalidations);
        Assert.Equal("p2", normal.Macs.Lookup(0x505400000001, 10));

        XlateResult reply = Run(bridge, "in_port(4),eth(src=50:54:00:00:00:02,dst=50:54:00:00:00:01),eth_type(0xabcd)");
        Assert.Equal("2", Actions(reply));
        Assert.Equal(0xffffffffffffUL, reply.Megaflow.Masks.U64(FlowLayout.DlDst) >> 16);
        Assert.Equal(0xffffffffffffUL, reply.Megaflow.Masks.U64(FlowLayout.DlSrc - 2) & 0xffffffffffffUL);

        XlateResult again = Run(bridge, "in_port(4),eth(src=50:54:00:00:00:02,dst=50:54:00:00:00:01),eth_type(0xabcd)");
        Assert.Equal(0, again.MacInvalidations);
    }

    [Fact]
    public void WithoutLearningTheTableStaysEmpty()
    {
        (TestBridge bridge, BridgeNormal normal) = NewBridge();
        Run(bridge, "in_port(2),eth(src=50:54:00:00:00:01,dst=50:54:00:00:00:02),eth_type(0xabcd)", learn: false);
        Assert.Equal(0, normal.Macs.Count);
    }

    [Fact]
    public void NoFloodPortsAreLeftOutOfFloods()
    {
        (TestBridge bridge, _) = NewBridge(XlatePortConfig.NoFlood);
        string actions = Actions(Run(bridge, "in_port(2),eth(src=50:54:00:00:00:01,dst=ff:ff:ff:ff:ff:ff),eth_type(0xabcd)"));
        Assert.DoesNotContain("4", actions.Split(','));
    }

    [Fact]
    public void NativeModesTrunkTheirNativeVlanButNeverVlanZero()
    {
        XlateBundle b = XlateBundle.FromColumns("p", 12, [0, 10], [], "native-untagged", s_none, [1]);
        Assert.True(b.TrunksVlan(12));
        Assert.True(b.TrunksVlan(10));
        Assert.False(b.TrunksVlan(0));
        XlateBundle native = XlateBundle.FromColumns("p", 12, [], [], "native-tagged", s_none, [1]);
        Assert.True(native.TrunksVlan(12) && native.TrunksVlan(4000) && !native.TrunksVlan(0));
        Assert.Equal(PortVlanMode.Access, XlateBundle.FromColumns("p", 5, [], [], "", s_none, [1]).VlanMode);
        Assert.Equal(-1, XlateBundle.FromColumns("p", 5, [], [], "trunk", s_none, [1]).Vlan);
    }

    [Fact]
    public void APortThatLeavesTakesItsMacEntriesAlong()
    {
        (TestBridge bridge, BridgeNormal normal) = NewBridge();
        Run(bridge, "in_port(3),eth(src=50:54:00:00:00:03,dst=ff:ff:ff:ff:ff:ff),eth_type(0xabcd)");
        Assert.Equal(1, normal.Macs.Count);
        normal.SetBundles([.. normal.Bundles.Where(b => b.Name != "p3")]);
        Assert.Equal(0, normal.Macs.Count);
    }
}
