// Lookups must not allocate (they run per upcall): measured with the thread's allocation counter over many
// lookups on a classifier with several subtables, prefix tries and conjunctions.
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Lookup_DoesNotAllocate()
    {
        var gen = new RandomRules(7);
        var cls = new Classifier<int>(DifferentialTests.ParseTries("ip_src,ip_dst,ipv6_src"));
        for (int i = 0; i < 500; i++)
        {
            Conjunction[] conj = i % 10 == 0 ? [new Conjunction((uint)(i % 3), i % 2, 2)] : [];
            cls.Insert(new ClassifierRule<int>(gen.NextMatch(), i % 97, i, conj), 0);
        }

        var flows = new FlowData[64];
        for (int i = 0; i < flows.Length; i++)
        {
            flows[i] = gen.NextFlow();
        }

        int found = LookupAll(cls, flows, 1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        found += LookupAll(cls, flows, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(found > 0);
    }

    private static int LookupAll(Classifier<int> cls, FlowData[] flows, int rounds)
    {
        int found = 0;
        for (int r = 0; r < rounds; r++)
        {
            var wc = default(FlowWildcards);
            if (cls.Lookup(0, flows[r % flows.Length], ref wc) is not null)
            {
                found++;
            }
        }

        return found;
    }
}
