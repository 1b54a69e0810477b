// The fast path must not allocate: a lookup that hits (EMC, SMC or classifier) or misses allocates nothing once the
// caches are warm. Measured with the current thread's allocation counter over 10,000 batches.
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
        Assert.Equal(0u, cache.Lookup(keys, flows)); // warm-up: fills the caches, JITs the path

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 10_000; n++)
        {
            cache.Lookup(keys, flows);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.All(flows, Assert.NotNull);
        long expectedHits = 10_000L * keys.Length;
        Assert.Equal(expectedHits, emcInverseProbability == 1 ? cache.EmcHits : smc ? cache.SmcHits : cache.MegaflowHits - keys.Length);
    }

    [Fact]
    public void MissesDoNotAllocate()
    {
        (DpNetdevFlowTable table, NetdevFlowKey[] keys) = Build(hits: false);
        var cache = new DatapathFlowCache(table, 1, smcEnabled: true, smcEntryCount: 1 << 12);
        var flows = new DpNetdevFlow?[keys.Length];
        cache.Lookup(keys, flows);
        uint missed = uint.MaxValue;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 10_000; n++)
        {
            missed &= cache.Lookup(keys, flows);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(uint.MaxValue, missed);
        Assert.Equal(10_001L * keys.Length, cache.Misses);
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
