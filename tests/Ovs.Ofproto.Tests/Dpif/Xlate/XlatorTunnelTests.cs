// Translation with tunnel ports: output sets the tunnel metadata from the port's options (and the flow where the
// options leave it to the flow) before outputting to the tunnel type's shared datapath port; input from a tunnel
// matches the outer header and applies the ECN decapsulation rules; legacy L3 ports pop and push the Ethernet
// header. Expected actions are those upstream's tests/tunnel.at shows for the same configurations.
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Netdev.Tunnel;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlatorTunnelTests
{
    private static XlateTunnel Tunnel(TunnelKind kind, params (string Key, string Value)[] options)
    {
        var map = options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        TunnelParseResult parsed = TunnelConfigParser.Parse("t", kind, map);
        Assert.NotNull(parsed.Config);
        return new XlateTunnel(kind.Type, parsed.Config);
    }

    private static TestBridge Bridge(IEnumerable<XlatePort> tunnels, params string[] flows)
    {
        var bridge = new TestBridge();
        bridge.Support = new XlateSupport(TunnelPushPop: false);
        bridge.AddPorts([new XlatePort(65534, 100, "br0"), .. tunnels, new XlatePort(2, 2, "p2"), new XlatePort(3, 3, "p3")]);
        foreach (string f in flows)
        {
            bridge.AddFlow(f);
        }

        return bridge;
    }

    private static XlateResult Translate(TestBridge bridge, string flowText)
    {
        Assert.Null(TraceFlowParser.Parse(flowText, bridge.Ports, out FlowData flow));
        return Xlator.Translate(bridge, in flow);
    }

    private static string Actions(XlateResult r)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, r.OdpActions);
        return sb.ToString();
    }

    [Fact]
    public void OutputToAGreTunnelSetsItsKeyAddressesAndFlagsThenOutputsToTheSharedPort()
    {
        XlateTunnel gre = Tunnel(TunnelKind.Gre, ("remote_ip", "1.1.1.1"), ("local_ip", "2.2.2.2"), ("key", "5"));
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: gre)], "actions=output:1");
        XlateResult r = Translate(bridge, "in_port=2,tcp,nw_src=192.168.0.1,nw_dst=192.168.0.2,nw_tos=4,nw_ttl=128");
        Assert.Equal("set(tunnel(tun_id=0x5,src=2.2.2.2,dst=1.1.1.1,ttl=64,flags(df|key))),1", Actions(r));
    }

    [Fact]
    public void TheInnerEcnIsCopiedToTheOuterHeaderAndJoinsTheMegaflow()
    {
        XlateTunnel gre = Tunnel(TunnelKind.Gre, ("remote_ip", "1.1.1.1"), ("local_ip", "2.2.2.2"), ("key", "5"));
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: gre)], "actions=output:1");
        XlateResult r = Translate(bridge, "in_port=2,tcp,nw_src=192.168.0.1,nw_dst=192.168.0.2,nw_ecn=1,nw_ttl=64");
        Assert.Equal("set(tunnel(tun_id=0x5,src=2.2.2.2,dst=1.1.1.1,tos=0x1,ttl=64,flags(df|key))),1", Actions(r));
        Assert.Equal(0x03, r.Megaflow.Masks.U8(FlowLayout.NwTos));
    }

    [Fact]
    public void InheritedTosAndTtlComeFromTheInnerIpHeader()
    {
        XlateTunnel gre = Tunnel(TunnelKind.Gre, ("remote_ip", "1.1.1.1"), ("tos", "inherit"), ("ttl", "inherit"));
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: gre)], "actions=output:1");
        XlateResult r = Translate(bridge, "in_port=2,tcp,nw_tos=4,nw_ecn=1,nw_ttl=128");
        Assert.Equal("set(tunnel(dst=1.1.1.1,tos=0x5,ttl=128,flags(df))),1", Actions(r));
        Assert.Equal(0xff, r.Megaflow.Masks.U8(FlowLayout.NwTtl));
    }

    [Fact]
    public void FlowKeysAndAddressesComeFromTheFlowAndTheTunnelMetadataIsRestoredAfterOutput()
    {
        XlateTunnel keyFlow = Tunnel(TunnelKind.Gre, ("remote_ip", "flow"), ("key", "flow"));
        XlateTunnel fixedKey = Tunnel(TunnelKind.Gre, ("remote_ip", "3.3.3.3"), ("key", "3"));
        TestBridge bridge = Bridge(
            [new XlatePort(1, 1, "p1", Tunnel: keyFlow), new XlatePort(4, 1, "p4", Tunnel: fixedKey)],
            "in_port=2 actions=set_field:9.9.9.9->tun_dst,set_tunnel:7,output:1,output:4,resubmit(,1)",
            "table=1,tun_id=7 actions=output:3");
        XlateResult r = Translate(bridge, "in_port=2,ip");
        Assert.Equal(
            "set(tunnel(tun_id=0x7,dst=9.9.9.9,ttl=64,flags(df|key))),1,set(tunnel(tun_id=0x3,dst=3.3.3.3,ttl=64,flags(df|key))),1,3",
            Actions(r));
    }

    [Fact]
    public void EgressPacketMarkIsSetAfterTheTunnel()
    {
        XlateTunnel gre = Tunnel(TunnelKind.Gre, ("remote_ip", "1.1.1.1"), ("egress_pkt_mark", "7"));
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: gre)], "actions=output:1");
        XlateResult r = Translate(bridge, "in_port=2,ip");
        Assert.Equal("set(tunnel(dst=1.1.1.1,ttl=64,flags(df))),set(skb_mark(0x7)),1", Actions(r));
    }

    [Fact]
    public void AnOuterCongestionMarkIsCopiedInwardsOrDropsANonEcnPacket()
    {
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: Tunnel(TunnelKind.Gre, ("remote_ip", "1.1.1.1")))], "actions=output:2");
        const string Outer = "in_port=1,tun_src=1.1.1.1,tun_dst=2.2.2.2,tun_tos=3,tcp,";
        XlateResult ect1 = Translate(bridge, Outer + "nw_ecn=1");
        Assert.Equal("set(ipv4(tos=0x3/0x3)),2", Actions(ect1));
        Assert.Equal(0x03, ect1.Megaflow.Masks.U8(FlowLayout.NwTos));
        Assert.Equal(ulong.MaxValue, ect1.Megaflow.Masks.U64(FlowLayout.TunId));
        Assert.Equal(0xe, ect1.Megaflow.Masks.U16(FlowLayout.TunFlags));

        XlateResult notEct = Translate(bridge, Outer + "nw_ecn=0");
        Assert.Equal("drop", Actions(notEct));
    }

    [Fact]
    public void AnOutputBackToTheTunnelWeCameFromIsNotTunnelledToOurOwnAddress()
    {
        XlateTunnel flowRemote = Tunnel(TunnelKind.Gre, ("remote_ip", "flow"));
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: flowRemote)], "actions=output:3,set_field:2.2.2.2->tun_dst,output:1");
        XlateResult r = Translate(bridge, "in_port=2,tun_src=1.1.1.1,tun_dst=2.2.2.2,ip");
        Assert.Equal("3", Actions(r));
    }

    [Fact]
    public void LegacyL3PortsPopTheEthernetHeaderOnOutputAndPushAZeroOneOnInput()
    {
        XlateTunnel gtpu = Tunnel(TunnelKind.Gtpu, ("remote_ip", "1.1.1.1"), ("key", "3"), ("packet_type", "legacy_l3"));
        TestBridge bridge = Bridge([new XlatePort(1, 2152, "p1", Tunnel: gtpu)], "in_port=2 actions=output:1", "in_port=1 actions=output:2");
        XlateResult encap = Translate(bridge, "in_port=2,icmp,nw_src=192.168.0.1");
        Assert.Equal("set(tunnel(tun_id=0x3,dst=1.1.1.1,ttl=64,tp_dst=2152,flags(df|key))),pop_eth,2152", Actions(encap));

        XlateResult decap = Translate(bridge, "in_port=1,packet_type=(1,0x800),tun_id=3,tun_src=1.1.1.1,tun_dst=2.2.2.2,nw_proto=1");
        Assert.Equal("push_eth(src=00:00:00:00:00:00,dst=00:00:00:00:00:00),2", Actions(decap));
    }

    [Fact]
    public void WithNativeTunnellingOnNothingIsOutputThroughTheKernelTunnel()
    {
        TestBridge bridge = Bridge([new XlatePort(1, 1, "p1", Tunnel: Tunnel(TunnelKind.Gre, ("remote_ip", "1.1.1.1")))], "actions=output:1");
        bridge.Support = new XlateSupport();
        XlateResult r = Translate(bridge, "in_port=2,ip");
        Assert.DoesNotContain("set(tunnel", Actions(r), StringComparison.Ordinal);
    }
}
