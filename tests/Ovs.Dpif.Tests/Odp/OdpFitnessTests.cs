using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Dpif.Tests.Odp;

public class OdpFitnessTests
{
    private static OdpKeyFitness Fit(string text)
    {
        var key = new NlWriter(new byte[4096]);
        var mask = new NlWriter(new byte[4096]);
        Assert.Null(OdpKeyParser.Parse(text, ref key, ref mask));
        var outKey = new NlWriter(new byte[4096]);
        var outMask = new NlWriter(new byte[4096]);
        return OdpFlowKey.Canonicalize(key.Written, mask.Written, false, ref outKey, ref outMask);
    }

    [Theory]
    [InlineData("in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(dst=80)", "Perfect")]
    [InlineData("in_port(1),eth(),eth_type(0x0800),ipv4(proto=17,frag=later)", "Perfect")]
    // An IPv4 ethertype without the IPv4 attribute: the flow says less than it should.
    [InlineData("in_port(1),eth(),eth_type(0x0800)", "TooLittle")]
    // TCP over IPv4 without the TCP attribute.
    [InlineData("in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no)", "TooLittle")]
    // A UDP attribute for a TCP packet is more than userspace expects.
    [InlineData("in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=no),tcp(),udp()", "TooMuch")]
    // L4 attributes of a later fragment are not expected.
    [InlineData("in_port(1),eth(),eth_type(0x0800),ipv4(proto=6,frag=later),tcp()", "TooMuch")]
    // A VLAN tag without the CFI bit is malformed.
    [InlineData("in_port(1),eth(),eth_type(0x8100),vlan(vid=5,cfi=0),encap(eth_type(0x0800),ipv4(proto=6,frag=no),tcp())", "Error")]
    // A truncated VLAN header (TCI 0) with an empty encap is well formed.
    [InlineData("in_port(1),eth(),eth_type(0x8100),vlan(vid=0,cfi=0),encap()", "Perfect")]
    [InlineData("in_port(1),eth(),eth_type(0x8100),vlan(vid=5),encap(eth_type(0x0800),ipv4(proto=6,frag=no),tcp())", "Perfect")]
    // Two labels: FlowData keeps only the first.
    [InlineData("in_port(1),eth(),eth_type(0x8847),mpls(label=1,tc=0,ttl=64,bos=0,label=2,tc=0,ttl=64,bos=1)", "TooMuch")]
    // Ethertypes below 0x600 are lengths, not types.
    [InlineData("in_port(1),eth(),eth_type(0x0100)", "Error")]
    public void Fitness_follows_upstreams_rules(string key, string expected) => Assert.Equal(expected, Fit(key).ToString());

    [Fact]
    public void Duplicate_attributes_are_errors() => Assert.Equal(OdpKeyFitness.Error, Fit("in_port(1),in_port(2),eth(),eth_type(0x1234)"));
}

public class OdpL3KeyTests
{
    private static (OdpKeyFitness Key, OdpKeyFitness Mask, FlowData Flow) Decode(string text)
    {
        var key = new NlWriter(new byte[4096]);
        var mask = new NlWriter(new byte[4096]);
        Assert.Null(OdpKeyParser.Parse(text, ref key, ref mask));
        OdpKeyFitness keyFit = OdpFlowKey.ToFlow(key.Written, out FlowData flow);
        OdpKeyFitness maskFit = OdpFlowKey.ToMask(mask.Written, flow, out _);
        return (keyFit, maskFit, flow);
    }

    [Fact]
    public void A_key_with_an_ethertype_and_no_ethernet_header_is_an_L3_packet()
    {
        (OdpKeyFitness keyFit, OdpKeyFitness maskFit, FlowData flow) = Decode("in_port(1),eth_type(0x0806),arp()");
        Assert.Equal(OdpKeyFitness.Perfect, keyFit);
        Assert.Equal(OdpKeyFitness.Perfect, maskFit);
        Assert.Equal(0x10806u, flow.U32(FlowLayout.PacketType));
    }

    [Fact]
    public void An_ethernet_key_without_an_ethertype_needs_one_in_its_mask()
    {
        // Debian's dpctl/add-flow answers "updating flow table (Invalid argument)" to this flow.
        (OdpKeyFitness keyFit, OdpKeyFitness maskFit, FlowData flow) = Decode("in_port(2)");
        Assert.Equal(OdpKeyFitness.Perfect, keyFit);
        Assert.Equal(0u, flow.U32(FlowLayout.PacketType));
        Assert.Equal(OdpKeyFitness.Error, maskFit);
    }
}
