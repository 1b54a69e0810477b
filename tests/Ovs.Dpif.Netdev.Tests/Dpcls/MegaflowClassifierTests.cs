// Differential tests of the megaflow classifier against a brute-force list of (key, mask) rules: random masks,
// non-overlapping random rules (as datapath flows are), lookups of packets built to hit a rule and of random
// packets, single and batched, with deletions and re-insertions in between.
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Dpcls;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Dpcls;

public sealed class MegaflowClassifierTests
{
    [Theory]
    [InlineData(1, 4, 200)]
    [InlineData(2, 12, 600)]
    [InlineData(3, 1, 50)]
    [InlineData(4, 30, 1500)]
    public void MatchesBruteForce(int seed, int maskCount, int ruleAttempts)
    {
        var gen = new FlowGen(seed);
        var masks = new FlowWildcards[maskCount];
        for (int i = 0; i < masks.Length; i++)
        {
            masks[i] = gen.RandomMask();
        }

        var classifier = new MegaflowClassifier();
        var oracle = new List<(FlowData Key, FlowWildcards Mask, DpclsRule Rule)>();
        for (int round = 0; round < 4; round++)
        {
            for (int n = 0; n < ruleAttempts; n++)
            {
                FlowData key = gen.RandomFlow();
                FlowWildcards mask = masks[gen.Random.Next(masks.Length)];
                bool overlaps = oracle.Exists(r => FlowGen.Overlap(key, mask, r.Key, r.Mask));
                var rule = new DpclsRule(key, mask);
                if (overlaps)
                {
                    continue;
                }

                Assert.True(classifier.Insert(rule, mask));
                Assert.False(classifier.Insert(new DpclsRule(key, mask), mask));
                oracle.Add((key, mask, rule));
            }

            Assert.Equal(oracle.Count, classifier.RuleCount);
            CheckLookups(gen, classifier, oracle);

            // Delete about half, then check again (the next round re-inserts into the holes).
            for (int i = oracle.Count - 1; i >= 0; i--)
            {
                if (gen.Random.Next(2) == 0)
                {
                    Assert.True(classifier.Remove(oracle[i].Rule));
                    Assert.False(classifier.Remove(oracle[i].Rule));
                    oracle.RemoveAt(i);
                }
            }

            Assert.Equal(oracle.Count, classifier.RuleCount);
            CheckLookups(gen, classifier, oracle);
            classifier.Optimize();
            CheckLookups(gen, classifier, oracle);
        }

        Assert.True(classifier.Subtables.Count <= maskCount);
        foreach ((_, _, DpclsRule rule) in oracle.ToArray())
        {
            Assert.True(classifier.Remove(rule));
        }

        Assert.Empty(classifier.Subtables);
        Assert.Equal(0, classifier.RuleCount);
    }

    [Fact]
    public void OptimizeRanksSubtablesByHits()
    {
        var classifier = new MegaflowClassifier();
        var masks = new FlowWildcards[3];
        var keys = new FlowData[3];
        for (int i = 0; i < 3; i++)
        {
            masks[i] = default;
            masks[i].Masks.SetU32(FlowLayout.NwSrc + (i == 2 ? 4 : 0), i == 1 ? 0xffff0000u : 0xffffffffu);
            keys[i] = default;
            keys[i].SetU32(FlowLayout.NwSrc + (i == 2 ? 4 : 0), 0x0a000000u + (uint)i);
            Assert.True(classifier.Insert(new DpclsRule(keys[i], masks[i]), masks[i]));
        }

        // Hits: subtable 2 most, then 1, then 0 none.
        for (int n = 0; n < 5; n++)
        {
            Assert.NotNull(classifier.Lookup(FlowGen.Key(keys[2])));
        }

        Assert.NotNull(classifier.Lookup(FlowGen.Key(keys[1])));
        classifier.Optimize();
        IReadOnlyList<DpclsSubtable> order = classifier.Subtables;
        Assert.Equal(masks[2], order[0].Mask);
        Assert.Equal(masks[1], order[1].Mask);
        Assert.Equal(masks[0], order[2].Mask);
        Assert.All(order, s => Assert.Equal(0, s.HitCount));
        Assert.True(classifier.OptimizeIfDue(5000));
        Assert.False(classifier.OptimizeIfDue(5999));
        Assert.True(classifier.OptimizeIfDue(6000));
    }

    [Fact]
    public void CatchAllMaskMatchesEverything()
    {
        var classifier = new MegaflowClassifier();
        var rule = new DpclsRule(default, default);
        Assert.True(classifier.Insert(rule, default));
        var gen = new FlowGen(3);
        for (int n = 0; n < 50; n++)
        {
            Assert.Same(rule, classifier.Lookup(FlowGen.Key(gen.RandomFlow())));
        }
    }

    private static void CheckLookups(
        FlowGen gen, MegaflowClassifier classifier, List<(FlowData Key, FlowWildcards Mask, DpclsRule Rule)> oracle)
    {
        const int BatchSize = MegaflowClassifier.MaxBatch;
        var packets = new FlowData[BatchSize * 20];
        for (int i = 0; i < packets.Length; i++)
        {
            if (oracle.Count > 0 && gen.Random.Next(3) != 0)
            {
                (FlowData key, FlowWildcards mask, _) = oracle[gen.Random.Next(oracle.Count)];
                packets[i] = gen.PacketFor(key, mask);
            }
            else
            {
                packets[i] = gen.RandomFlow();
            }
        }

        var keys = new NetdevFlowKey[BatchSize];
        var results = new DpclsRule?[BatchSize];
        for (int start = 0; start < packets.Length; start += BatchSize)
        {
            // Batches of varying length, with a random subset of keys asked for.
            int count = 1 + gen.Random.Next(BatchSize);
            uint wanted = (uint)gen.Random.NextInt64() | 1u;
            for (int i = 0; i < count; i++)
            {
                keys[i] = FlowGen.Key(packets[start + i]);
                results[i] = null;
            }

            uint unmatched = classifier.Lookup(keys.AsSpan(0, count), wanted, results);
            for (int i = 0; i < count; i++)
            {
                FlowData packet = packets[start + i];
                List<DpclsRule> expected = oracle.FindAll(r => FlowGen.Matches(packet, r.Key, r.Mask)).ConvertAll(r => r.Rule);
                Assert.True(expected.Count <= 1, "the test's rules must not overlap");
                DpclsRule? single = classifier.Lookup(keys[i]);
                Assert.Same(expected.Count == 0 ? null : expected[0], single);
                if ((wanted & (1u << i)) == 0)
                {
                    Assert.Null(results[i]);
                    Assert.Equal(0u, unmatched & (1u << i));
                }
                else
                {
                    Assert.Same(single, results[i]);
                    Assert.Equal(single is null, (unmatched & (1u << i)) != 0);
                    Assert.Equal(single is not null, single?.Matches(keys[i]) ?? false);
                }
            }
        }
    }
}
