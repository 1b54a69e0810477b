// Port mirroring in translation over a test bridge: ingress and egress selection, one copy per destination, VLAN
// selection and its megaflow bits, snaplen as a datapath trunc, output VLANs, mirror output ports, and the mirror
// set's indexes and counters.
using System.Text;
using Ovs.Common;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.L2;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class MirrorTranslationTests
{
    private const string Icmp = "eth(src=50:54:00:00:00:05,dst=50:54:00:00:00:07),eth_type(0x0800),ipv4(src=192.168.0.1,dst=192.168.0.2,proto=1,tos=0,ttl=128,frag=no),icmp(type=8,code=0)";
    private static readonly Dictionary<string, string> s_none = [];
    private static readonly HashSet<string> s_all = ["br0", "p1", "p2", "p3"];

    /// <summary>br0 and p1..p3, all trunks; in_port=1 goes to 2 and in_port=2 to 1; mirrors as given.</summary>
    private static TestBridge NewBridge(params XlateMirror[] mirrors)
    {
        var bridge = new TestBridge();
        bridge.AddPorts([new XlatePort(65534, 100, "br0"), new XlatePort(1, 1, "p1"), new XlatePort(2, 2, "p2"), new XlatePort(3, 3, "p3")]);
        bridge.AddFlow("in_port=1 actions=output:2");
        bridge.AddFlow("in_port=2 actions=output:1");
        var clock = new OvsClock();
        clock.Stop();
        var normal = new BridgeNormal(clock, static () => { });
        normal.SetBundles(
        [
            XlateBundle.FromColumns("br0", null, [], [], "", s_none, [65534]),
            XlateBundle.FromColumns("p1", null, [], [], "", s_none, [1]),
            XlateBundle.FromColumns("p2", null, [], [], "", s_none, [2]),
            XlateBundle.FromColumns("p3", null, [], [], "", s_none, [3]),
        ]);
        bridge.Normal = normal;
        var holder = new BridgeMirrors(static () => { });
        Assert.Empty(holder.Set(mirrors));
        bridge.Mirrors = holder.Current;
        return bridge;
    }

    private static XlateMirror ToPort(string name, IReadOnlySet<string> src, IReadOnlySet<string> dst, string outPort, int snaplen = 0, VlanSet? vlans = null) =>
        new(name, src, dst, vlans, outPort, -1, snaplen);

    private static string Tagged(int vid) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"in_port(1),eth(src=50:54:00:00:00:05,dst=50:54:00:00:00:07),eth_type(0x8100),vlan(vid={vid},pcp=7),encap(eth_type(0x0800),ipv4(src=192.168.0.1,dst=192.168.0.2,proto=1,tos=0,ttl=128,frag=no),icmp(type=8,code=0))");

    private static XlateResult Run(TestBridge bridge, string flow, XlateCache? cache = null)
    {
        Assert.Null(TraceFlowParser.Parse(flow, bridge.Ports, out FlowData f));
        return Xlator.Translate(bridge, in f, cache: cache);
    }

    private static ushort MaskedTci(XlateResult r)
    {
        FlowWildcards wc = r.Megaflow;
        return VlanHeaders.Tci(in wc.Masks, 0);
    }

    private static string Actions(XlateResult r)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, r.OdpActions);
        return sb.ToString();
    }

    [Fact]
    public void SelectAllMirrorsOnIngressOnlyOnce()
    {
        TestBridge bridge = NewBridge(ToPort("m", s_all, s_all, "p3"));
        Assert.Equal("3,2", Actions(Run(bridge, $"in_port(1),{Icmp}")));
        Assert.Equal("3,1", Actions(Run(bridge, $"in_port(2),{Icmp}")));
    }

    [Fact]
    public void APacketMirroredBeforeARecirculationIsNotMirroredAgainAfterIt()
    {
        TestBridge bridge = NewBridge(ToPort("m", s_all, s_all, "p3"));
        bridge.AddFlow("table=0 priority=40000 in_port=1 actions=debug_recirc,output:2");
        Assert.Equal("3,recirc(0x1)", Actions(Run(bridge, $"in_port(1),{Icmp}")));
        Assert.Equal("2", Actions(Run(bridge, $"recirc_id(0x1),in_port(1),{Icmp}")));
    }

    [Fact]
    public void SourceSelectionMirrorsOnlyPacketsFromThatPort()
    {
        TestBridge bridge = NewBridge(ToPort("m", new HashSet<string> { "p1" }, new HashSet<string>(), "p3"));
        Assert.Equal("3,2", Actions(Run(bridge, $"in_port(1),{Icmp}")));
        Assert.Equal("1", Actions(Run(bridge, $"in_port(2),{Icmp}")));
    }

    [Fact]
    public void DestinationSelectionMirrorsAfterTheOutput()
    {
        TestBridge bridge = NewBridge(ToPort("m", new HashSet<string>(), new HashSet<string> { "p2" }, "p3", snaplen: 100));
        Assert.Equal("2,trunc(100),3", Actions(Run(bridge, $"in_port(1),{Icmp}")));
        Assert.Equal("1", Actions(Run(bridge, $"in_port(2),{Icmp}")));
    }

    [Fact]
    public void SnaplenBecomesATruncUnlessItIsTheWholePacket()
    {
        Assert.Equal("trunc(77),3,2", Actions(Run(NewBridge(ToPort("m", s_all, s_all, "p3", snaplen: 77)), $"in_port(1),{Icmp}")));
        Assert.Equal("3,2", Actions(Run(NewBridge(ToPort("m", s_all, s_all, "p3", snaplen: 65535)), $"in_port(1),{Icmp}")));
    }

    [Fact]
    public void VlanSelectionMatchesTheVidAndUnwildcardsIt()
    {
        TestBridge bridge = NewBridge(ToPort("m", s_all, s_all, "p3", vlans: new VlanSet([11])));
        XlateResult untagged = Run(bridge, $"in_port(1),{Icmp}");
        Assert.Equal("2", Actions(untagged));
        Assert.Equal("2", Actions(Run(bridge, Tagged(10))));
        XlateResult selected = Run(bridge, Tagged(11));
        Assert.Equal("3,2", Actions(selected));
        Assert.Equal(VlanHeaders.Cfi | 0x0fff, MaskedTci(selected));
    }

    [Fact]
    public void WithoutVlanSelectionTheVlanStaysWildcarded()
    {
        XlateResult r = Run(NewBridge(ToPort("m", s_all, s_all, "p3")), Tagged(11));
        Assert.Equal("3,2", Actions(r));
        Assert.Equal(0, MaskedTci(r));
    }

    [Fact]
    public void PacketsReceivedOnAMirrorOutputAreDropped()
    {
        TestBridge bridge = NewBridge(ToPort("m", s_all, s_all, "p3"));
        bridge.AddFlow("in_port=3 actions=output:1");
        Assert.Equal("drop", Actions(Run(bridge, $"in_port(3),{Icmp}")));
    }

    [Fact]
    public void MirrorsToTheSameOutputSendOneCopy()
    {
        TestBridge bridge = NewBridge(
            ToPort("a", new HashSet<string> { "p1" }, new HashSet<string>(), "p3"),
            ToPort("b", new HashSet<string>(), new HashSet<string> { "p2" }, "p3"));
        Assert.Equal("3,2", Actions(Run(bridge, $"in_port(1),{Icmp}")));
    }

    [Fact]
    public void AnOutputVlanGoesToEveryBundleCarryingIt()
    {
        TestBridge bridge = NewBridge(new XlateMirror("m", s_all, s_all, null, null, 12, 0));
        string actions = Actions(Run(bridge, $"in_port(1),{Icmp}"));
        Assert.StartsWith("push_vlan(vid=12,pcp=0),", actions, StringComparison.Ordinal);
        string[] outputs = actions["push_vlan(vid=12,pcp=0),".Length..].Split(',');
        // p1 (the input bundle too), p2, p3 and br0 carry VLAN 12 tagged; then the untagged output to 2.
        Assert.Equal(["1", "100", "2", "3", "pop_vlan", "2"], outputs[..4].Order(StringComparer.Ordinal).Concat(outputs[4..]));
    }

    [Fact]
    public void CountersGrowWithTheCachedPackets()
    {
        TestBridge bridge = NewBridge(ToPort("m", s_all, s_all, "p3"));
        var cache = new XlateCache();
        Run(bridge, $"in_port(1),{Icmp}", cache);
        cache.Push(new XlateStats(3, 300, 0));
        (int index, _) = bridge.Mirrors!.Named("m")!.Value;
        Assert.Equal(3, bridge.Mirrors.CountersAt(index)!.Packets);
        Assert.Equal(300, bridge.Mirrors.CountersAt(index)!.Bytes);
    }

    [Fact]
    public void MirrorsKeepTheirIndexAndCountersAcrossReconfiguration()
    {
        int invalidations = 0;
        var holder = new BridgeMirrors(() => invalidations++);
        XlateMirror a = ToPort("a", s_all, s_all, "p3"), b = ToPort("b", s_all, s_all, "p2");
        holder.Set([a, b]);
        holder.Current.CountersAt(1)!.Add(5, 50);
        holder.Set([b]);
        Assert.Equal(1, holder.Current.Named("b")!.Value.Index);
        Assert.Equal((5L, 50L), holder.Statistics("b"));
        holder.Set([b with { Snaplen = 100 }, a]);
        Assert.Equal(0, holder.Current.Named("a")!.Value.Index);
        Assert.Equal(3, invalidations);
        holder.Set([b with { Snaplen = 100 }, a]);
        Assert.Equal(3, invalidations);
        Assert.Null(holder.Statistics("c"));
    }

    [Fact]
    public void AtMostThirtyTwoMirrors()
    {
        var holder = new BridgeMirrors(static () => { });
        var many = new List<XlateMirror>();
        for (int i = 0; i < 33; i++)
        {
            many.Add(ToPort($"m{i}", s_all, s_all, "p3"));
        }

        Assert.Equal(["m32"], holder.Set(many));
        Assert.Equal(0xffffffffu, holder.Current.DuplicatesOf(0));
    }
}
