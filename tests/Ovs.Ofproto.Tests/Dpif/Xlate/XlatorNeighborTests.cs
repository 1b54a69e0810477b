// Neighbour snooping in translation: with native tunnelling on, ARP replies (and gratuitous ARPs) and neighbour
// advertisements output to a port that has an IP address teach the tunnel neighbour cache, keyed by the bridge's
// name; translations without side effects (traces) only widen the megaflow.
using Ovs.Flow;
using Ovs.Flow.Packets;
using Ovs.Netdev.Routing;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlatorNeighborTests
{
    private static readonly Ipv6Address s_bridgeIp = RouteAddress.MapIpv4(0x01010258);

    private sealed class AddressedBridge(TestBridge inner, NeighborCache cache) : IXlateBridge
    {
        public string Name => inner.Name;

        public IXlateTables Tables => inner.Tables;

        public IXlatePorts Ports => inner.Ports;

        public IXlateGroups Groups => inner.Groups;

        public XlateSupport Support => new();

        public Guid Uuid => inner.Uuid;

        public NeighborCache? Neighbors => cache;

        public uint AllocateRecircId() => inner.AllocateRecircId();

        public bool Learn(FlowMod flowMod, uint limit) => inner.Learn(flowMod, limit);

        public bool HasLearned(FlowMod flowMod) => inner.HasLearned(flowMod);

        public void ReduceTimeouts(byte tableId, XlateRule rule, ushort idle, ushort hard) => inner.ReduceTimeouts(tableId, rule, idle, hard);

        public IReadOnlyList<Ipv6Address> DeviceAddresses(string name) => name == "br0" ? [s_bridgeIp] : [];
    }

    private static (AddressedBridge Bridge, NeighborCache Cache) Bridge()
    {
        var inner = new TestBridge();
        inner.AddPorts([new XlatePort(65534, 100, "br0"), new XlatePort(1, 1, "p0")]);
        inner.AddFlow("actions=LOCAL");
        var cache = new NeighborCache(() => 0);
        return (new AddressedBridge(inner, cache), cache);
    }

    private static XlateResult Translate(IXlateBridge bridge, string text, bool sideEffects)
    {
        Assert.Null(TraceFlowParser.Parse(text, bridge.Ports, out FlowData flow));
        return Xlator.Translate(bridge, in flow, sideEffects: sideEffects);
    }

    [Fact]
    public void AnArpReplyToTheBridgeAddressIsLearnedUnderTheBridgeName()
    {
        (AddressedBridge bridge, NeighborCache cache) = Bridge();
        const string Reply = "in_port=1,arp,arp_op=2,arp_spa=1.1.2.92,arp_tpa=1.1.2.88,arp_sha=f8:bc:12:44:34:b6";
        XlateResult traced = Translate(bridge, Reply, sideEffects: false);
        Assert.Null(cache.Lookup("br0", RouteAddress.MapIpv4(0x0101025c)));
        Assert.Equal(uint.MaxValue, traced.Megaflow.Masks.U32(FlowLayout.NwSrc));

        Translate(bridge, Reply, sideEffects: true);
        Assert.True(EthAddr.TryParse("f8:bc:12:44:34:b6", out EthAddr mac));
        Assert.Equal(mac, cache.Lookup("br0", RouteAddress.MapIpv4(0x0101025c)));
    }

    [Fact]
    public void ArpRequestsAndRepliesToOtherAddressesAreNotLearned()
    {
        (AddressedBridge bridge, NeighborCache cache) = Bridge();
        Translate(bridge, "in_port=1,arp,arp_op=1,arp_spa=1.1.2.93,arp_tpa=1.1.2.88,arp_sha=f8:bc:12:44:34:b7", sideEffects: true);
        Translate(bridge, "in_port=1,arp,arp_op=2,arp_spa=1.1.2.94,arp_tpa=1.1.2.77,arp_sha=f8:bc:12:44:34:b8", sideEffects: true);
        Assert.Null(cache.Lookup("br0", RouteAddress.MapIpv4(0x0101025d)));
        Assert.Null(cache.Lookup("br0", RouteAddress.MapIpv4(0x0101025e)));
    }

    [Fact]
    public void AGratuitousArpIsLearnedWhateverItsTarget()
    {
        (AddressedBridge bridge, NeighborCache cache) = Bridge();
        Translate(bridge, "in_port=1,arp,arp_op=1,arp_spa=1.1.2.95,arp_tpa=1.1.2.95,arp_sha=f8:bc:12:44:34:b9", sideEffects: true);
        Assert.NotNull(cache.Lookup("br0", RouteAddress.MapIpv4(0x0101025f)));
    }
}
