// The fast path must not allocate: a lookup that hits (EMC, SMC or classifier) or misses allocates nothing once the
// caches are warm. Measured with the current thread's allocation counter over 10,000 batches.
using System.Runtime.CompilerServices;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Caches;

public sealed class ZeroAllocationTests
{
    [Theory]
    [InlineData(1, false)] // EMC hits
    [InlineData(0, true)] // SMC hits
    [InlineData(0, false)] // classifier hits
    public void LookupHitsDoNotAllocate(int emcInverseProbability, bool smc)
    {
        (DpNetdevFlowTable table, NetdevFlowKey[] keys) = Build(hits: true);
        var cache = new DatapathFlowCache(table, emcInverseProbability, smc, smcEntryCount: 1 << 12);
        var flows = new DpNetdevFlow?[keys.Length];
        Assert.Equal(0u, cache.Lookup(keys, flows)); // fills the caches
        WarmUp(cache, keys, flows);

        long allocated = Measure(cache, keys, flows, out _);
        Assert.Equal(0, allocated);
        Assert.All(flows, Assert.NotNull);

        // Every batch after the first (which went through the classifier to fill the caches) hit the tested level.
        long expectedHits = (10_000L + (WarmUpRounds * WarmUpBatches)) * keys.Length;
        Assert.Equal(expectedHits, emcInverseProbability == 1 ? cache.EmcHits : smc ? cache.SmcHits : cache.MegaflowHits - keys.Length);
    }

    [Fact]
    public void MissesDoNotAllocate()
    {
        (DpNetdevFlowTable table, NetdevFlowKey[] keys) = Build(hits: false);
        var cache = new DatapathFlowCache(table, 1, smcEnabled: true, smcEntryCount: 1 << 12);
        var flows = new DpNetdevFlow?[keys.Length];
        cache.Lookup(keys, flows);
        WarmUp(cache, keys, flows);
        Assert.Equal(0, Measure(cache, keys, flows, out uint missed));
        Assert.Equal(uint.MaxValue, missed);
        Assert.Equal((10_001L + (WarmUpRounds * WarmUpBatches)) * keys.Length, cache.Misses);
    }

    private const int WarmUpRounds = 3;
    private const int WarmUpBatches = 500;

    // Lets tiered compilation promote the lookup path before measuring: its call-counting and on-stack-replacement
    // transitions may allocate once on the calling thread, which is JIT work, not the lookup's.
    private static void WarmUp(DatapathFlowCache cache, NetdevFlowKey[] keys, DpNetdevFlow?[] flows)
    {
        for (int round = 0; round < WarmUpRounds; round++)
        {
            for (int n = 0; n < WarmUpBatches; n++)
            {
                cache.Lookup(keys, flows);
            }

            Thread.Sleep(150);
        }
    }

    // Fully optimised from the start (no tiering, hence no on-stack replacement inside the measured loop).
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static long Measure(DatapathFlowCache cache, NetdevFlowKey[] keys, DpNetdevFlow?[] flows, out uint missed)
    {
        missed = uint.MaxValue;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 10_000; n++)
        {
            missed &= cache.Lookup(keys, flows);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static (DpNetdevFlowTable Table, NetdevFlowKey[] Keys) Build(bool hits)
    {
        var table = new DpNetdevFlowTable();
        var keys = new NetdevFlowKey[32];
        for (uint i = 0; i < 256; i++)
        {
            var key = default(FlowData);
            key.SetU32(FlowLayout.InPort, 1);
            key.SetU16(FlowLayout.DlType, 0x0800);
            key.SetU32(FlowLayout.NwSrc, 0x0a000000 + i);
            key.SetU16(FlowLayout.TpDst, (ushort)(i % 7));
            var mask = default(FlowWildcards);
            mask.Masks.SetU32(FlowLayout.InPort, uint.MaxValue);
            mask.Masks.SetU16(FlowLayout.DlType, 0xffff);
            mask.Masks.SetU32(FlowLayout.NwSrc, uint.MaxValue);
            mask.Masks.SetU16(FlowLayout.TpDst, (ushort)(i % 2 == 0 ? 0xffff : 0xff00));
            Assert.Equal(FlowTableError.None, table.Put(key, mask, [1, 2], null, FlowPutFlags.Create, out _, out _));
            if (i < keys.Length)
            {
                key.SetU16(FlowLayout.TpSrc, (ushort)(1000 + i)); // unmasked field: still a hit
                if (!hits)
                {
                    key.SetU16(FlowLayout.DlType, 0x86dd);
                }

                keys[i] = NetdevFlowKey.FromFlow(key);
            }
        }

        return (table, keys);
    }
}
