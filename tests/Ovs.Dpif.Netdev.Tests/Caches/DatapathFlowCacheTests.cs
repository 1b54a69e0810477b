using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Dpif.Netdev.Tests.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Caches;

public sealed class DatapathFlowCacheTests
{
    private static readonly byte[] s_actions = [1];

    [Fact]
    public void MegaflowHitFillsTheEmcAndDeleteInvalidatesIt()
    {
        var table = new DpNetdevFlowTable();
        var cache = new DatapathFlowCache(table, emcInsertInverseProbability: 1);
        (FlowData key, FlowWildcards mask) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000001, 0xffffff00);
        NetdevFlowKey packet = NetdevFlowKey.FromFlow(key);

        Assert.Null(cache.Lookup(packet));
        Assert.Equal(1, cache.Misses);
        table.Put(key, mask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
        Assert.Same(flow, cache.Lookup(packet));
        Assert.Equal(1, cache.MegaflowHits);
        Assert.Same(flow, cache.Lookup(packet));
        Assert.Equal(1, cache.EmcHits);

        table.Delete(flow!.Ufid, out _);
        Assert.Null(cache.Lookup(packet));
        Assert.Equal(2, cache.Misses);
        Assert.Equal(1, cache.EmcHits);

        // A replacement flow is found through the classifier, not the stale EMC entry.
        table.Put(key, mask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? again);
        Assert.Same(again, cache.Lookup(packet));
        Assert.Equal(2, cache.MegaflowHits);
    }

    [Fact]
    public void SmcServesWhatTheEmcDoesNotHold()
    {
        var table = new DpNetdevFlowTable();
        var cache = new DatapathFlowCache(table, emcInsertInverseProbability: 0, smcEnabled: true, smcEntryCount: 1 << 12);
        (FlowData key, FlowWildcards mask) = DpNetdevFlowTableTests.Ipv4Flow(0x0a000001, 0xffffff00);
        table.Put(key, mask, s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
        NetdevFlowKey packet = NetdevFlowKey.FromFlow(key);
        Assert.Same(flow, cache.Lookup(packet));
        Assert.Same(flow, cache.Lookup(packet));
        Assert.Equal((0L, 1L, 1L, 0L), (cache.EmcHits, cache.SmcHits, cache.MegaflowHits, cache.Misses));

        table.Delete(flow!.Ufid, out _);
        Assert.Null(cache.Lookup(packet));
        Assert.Equal(1, cache.SmcHits);
    }

    [Fact]
    public void BatchAgreesWithTheTable()
    {
        var gen = new FlowGen(21);
        var table = new DpNetdevFlowTable();
        var masks = new FlowWildcards[6];
        for (int i = 0; i < masks.Length; i++)
        {
            masks[i] = gen.RandomMask();
        }

        var installed = new List<DpNetdevFlow>();
        for (int n = 0; n < 400; n++)
        {
            // Datapath flows do not overlap (the put path only refuses a flow whose key an installed flow matches;
            // the translation that makes megaflows guarantees the rest), so the test keeps only disjoint ones.
            FlowData key = gen.RandomFlow();
            FlowWildcards m = masks[n % masks.Length];
            if (installed.Exists(f => FlowGen.Overlap(key, m, f.Key, f.Mask)))
            {
                continue;
            }

            if (table.Put(key, masks[n % masks.Length], s_actions, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow) == FlowTableError.None)
            {
                installed.Add(flow!);
            }
        }

        var cache = new DatapathFlowCache(table, emcInsertInverseProbability: 2, smcEnabled: true, smcEntryCount: 1 << 12);
        var keys = new NetdevFlowKey[32];
        var packets = new FlowData[32];
        var flows = new DpNetdevFlow?[32];
        for (int round = 0; round < 200; round++)
        {
            for (int i = 0; i < 32; i++)
            {
                DpNetdevFlow target = installed[gen.Random.Next(installed.Count)];
                packets[i] = gen.Random.Next(4) == 0 ? gen.RandomFlow() : gen.PacketFor(target.Key, target.Mask);
                keys[i] = NetdevFlowKey.FromFlow(packets[i]);
            }

            uint missing = cache.Lookup(keys, flows);
            for (int i = 0; i < 32; i++)
            {
                DpNetdevFlow? expected = installed.Find(f => !f.IsDead && FlowGen.Matches(packets[i], f.Key, f.Mask));
                Assert.Same(expected, flows[i]);
                Assert.Equal(expected is null, (missing & (1u << i)) != 0);
            }

            // Delete a few flows between batches so the caches hold dead entries.
            if (round % 10 == 9)
            {
                DpNetdevFlow victim = installed[gen.Random.Next(installed.Count)];
                table.Delete(victim.Ufid, out _);
            }
        }

        Assert.True(cache.EmcHits > 0 && cache.SmcHits > 0 && cache.MegaflowHits > 0 && cache.Misses > 0);
    }
}
