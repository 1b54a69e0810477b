using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Dpif.Netdev.Tests.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Caches;

public sealed class SignatureMatchCacheTests
{
    private static readonly byte[] s_actions = [1];

    [Fact]
    public void HitsAfterInsertAndVerifiesAgainstTheFlowMask()
    {
        var table = new DpNetdevFlowTable();
        var smc = new SignatureMatchCache(1 << 10);
        (FlowData key, FlowWildcards mask) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000001, 0xffffff00);
        table.Put(key, mask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
        NetdevFlowKey packet = NetdevFlowKey.FromFlow(key);
        Assert.Null(smc.Lookup(packet, table));
        smc.Insert(packet, flow!);
        Assert.Same(flow, smc.Lookup(packet, table));

        // Another packet of the same megaflow that was never inserted: a miss (its hash picks its own entry).
        (FlowData sibling, _) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000002, 0xffffffff);
        Assert.Null(smc.Lookup(NetdevFlowKey.FromFlow(sibling), table));
    }

    [Fact]
    public void DeletedFlowMissesEvenWhenItsSlotIsReused()
    {
        var table = new DpNetdevFlowTable();
        var smc = new SignatureMatchCache(1 << 10);
        (FlowData key, FlowWildcards mask) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000001, 0xffffffff);
        table.Put(key, mask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
        NetdevFlowKey packet = NetdevFlowKey.FromFlow(key);
        smc.Insert(packet, flow!);
        Assert.Equal(FlowTableError.None, table.Delete(flow!.Ufid, out _));
        Assert.Null(smc.Lookup(packet, table));

        // A new flow takes the freed position but does not match the packet: still a miss.
        (FlowData otherKey, FlowWildcards otherMask) = DpNetdevFlowTableTests.Ipv4Flow(0x0b000001, 0xffffffff);
        table.Put(otherKey, otherMask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? other);
        Assert.Equal(flow.Index, other!.Index);
        Assert.Null(smc.Lookup(packet, table));

        // A wider flow in that position that does match the packet is a correct answer.
        table.Delete(other.Ufid, out _);
        (FlowData wideKey, FlowWildcards wideMask) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000000, 0xff000000);
        table.Put(wideKey, wideMask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? wide);
        Assert.Equal(flow.Index, wide!.Index);
        Assert.Same(wide, smc.Lookup(packet, table));
    }

    [Fact]
    public void BucketsHoldFourAndEvictWhenFull()
    {
        var table = new DpNetdevFlowTable();
        var smc = new SignatureMatchCache(SignatureMatchCache.EntriesPerBucket); // one bucket
        var packets = new List<(NetdevFlowKey Key, DpNetdevFlow Flow)>();
        for (uint i = 0; i < 12; i++)
        {
            (FlowData key, FlowWildcards mask) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000000 + i, 0xffffffff);
            table.Put(key, mask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
            packets.Add((NetdevFlowKey.FromFlow(key), flow!));
            smc.Insert(packets[^1].Key, flow!);
        }

        int hits = 0;
        foreach ((NetdevFlowKey key, DpNetdevFlow flow) in packets)
        {
            DpNetdevFlow? found = smc.Lookup(key, table);
            Assert.True(found is null || ReferenceEquals(found, flow));
            hits += found is null ? 0 : 1;
        }

        Assert.InRange(hits, 1, SignatureMatchCache.EntriesPerBucket);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignatureMatchCache(6));
    }
}
