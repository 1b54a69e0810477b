using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Caches;

public sealed class ExactMatchCacheTests
{
    [Fact]
    public void HitsOnlyTheExactKey()
    {
        var emc = new ExactMatchCache(insertInverseProbability: 1);
        var gen = new FlowGen(11);
        FlowData packet = gen.RandomFlow();
        FlowData other = packet;
        other.SetU8(FlowLayout.NwTtl, (byte)(other.U8(FlowLayout.NwTtl) + 1));
        DpNetdevFlow flow = FlowGen.NewFlow(packet, default);

        Assert.Null(emc.Lookup(FlowGen.Key(packet)));
        emc.ProbabilisticInsert(FlowGen.Key(packet), flow);
        Assert.Same(flow, emc.Lookup(FlowGen.Key(packet)));
        Assert.Null(emc.Lookup(FlowGen.Key(other)));

        // Re-inserting the same key replaces its flow in place.
        DpNetdevFlow replacement = FlowGen.NewFlow(packet, default);
        emc.Insert(FlowGen.Key(packet), replacement);
        Assert.Same(replacement, emc.Lookup(FlowGen.Key(packet)));
        Assert.Equal(1, emc.LiveCount());
    }

    [Fact]
    public void DeadFlowsMissAndAreSweptAndReplaced()
    {
        var emc = new ExactMatchCache(insertInverseProbability: 1);
        var gen = new FlowGen(12);
        FlowData packet = gen.RandomFlow();
        DpNetdevFlow flow = FlowGen.NewFlow(packet, default);
        emc.Insert(FlowGen.Key(packet), flow);
        flow.MarkDead();
        Assert.Null(emc.Lookup(FlowGen.Key(packet)));
        Assert.Equal(0, emc.LiveCount());

        DpNetdevFlow fresh = FlowGen.NewFlow(packet, default);
        emc.Insert(FlowGen.Key(packet), fresh);
        Assert.Same(fresh, emc.Lookup(FlowGen.Key(packet)));

        fresh.MarkDead();
        for (int i = 0; i < ExactMatchCache.EntryCount; i++)
        {
            emc.SlowSweep();
        }

        Assert.Null(emc.Lookup(FlowGen.Key(packet)));
    }

    [Fact]
    public void InsertionProbabilityFollowsTheInverseProbability()
    {
        var gen = new FlowGen(13);
        var keys = new NetdevFlowKey[20000];
        for (int i = 0; i < keys.Length; i++)
        {
            FlowData f = default;
            f.SetU32(FlowLayout.NwSrc, (uint)i + 1);
            f.SetU32(FlowLayout.NwDst, (uint)gen.Random.Next());
            keys[i] = FlowGen.Key(f);
        }

        DpNetdevFlow flow = FlowGen.NewFlow(default, default);

        // 1/100: about 200 of 20000 distinct keys get in (8192 entries, so evictions are rare at that count).
        var emc = new ExactMatchCache(insertInverseProbability: 100, seed: 99);
        foreach (NetdevFlowKey key in keys)
        {
            emc.ProbabilisticInsert(key, flow);
        }

        Assert.InRange(emc.LiveCount(), 120, 280);

        var off = new ExactMatchCache(insertInverseProbability: 0);
        Assert.False(off.IsEnabled);
        foreach (NetdevFlowKey key in keys.AsSpan(0, 100))
        {
            off.ProbabilisticInsert(key, flow);
        }

        Assert.Equal(0, off.LiveCount());

        var always = new ExactMatchCache(insertInverseProbability: 1);
        foreach (NetdevFlowKey key in keys.AsSpan(0, 1000))
        {
            always.ProbabilisticInsert(key, flow);
        }

        // Two ways per key: with 1000 keys in 8192 entries nearly all fit; whatever is cached answers correctly.
        Assert.InRange(always.LiveCount(), 950, 1000);
    }

    [Fact]
    public void NeverHoldsMoreThanItsEntriesAndNeverAnswersWrongly()
    {
        var emc = new ExactMatchCache(insertInverseProbability: 1);
        var flows = new DpNetdevFlow[30000];
        var keys = new NetdevFlowKey[flows.Length];
        for (int i = 0; i < flows.Length; i++)
        {
            FlowData f = default;
            f.SetU64(FlowLayout.Metadata, (ulong)i + 1);
            keys[i] = FlowGen.Key(f);
            flows[i] = FlowGen.NewFlow(f, default);
            emc.Insert(keys[i], flows[i]);
        }

        Assert.Equal(ExactMatchCache.EntryCount, emc.LiveCount(), tolerance: 64);
        Assert.True(emc.LiveCount() <= ExactMatchCache.EntryCount);
        int hits = 0;
        for (int i = 0; i < flows.Length; i++)
        {
            DpNetdevFlow? found = emc.Lookup(keys[i]);
            if (found is not null)
            {
                Assert.Same(flows[i], found);
                hits++;
            }
        }

        Assert.Equal(emc.LiveCount(), hits);

        // The most recent insertions always stay (each took one of its own two ways).
        Assert.Same(flows[^1], emc.Lookup(keys[^1]));
    }
}
