// Upstream counterpart: classifier_lookup() of lib/classifier.c, as ofproto-dpif's upcall translation calls it
// (one lookup per OpenFlow table per upcall, with wildcard tracking for the megaflow).
//
// RuleCount rules over 10 subtables (ClassifierRuleSet), prefix tries on ip_dst and ip_src. Each benchmark looks
// up a batch of 32 packets and reports time per lookup (OperationsPerInvoke = 32), wildcards included:
//  - Hit: each packet matches one rule; packets spread evenly over the subtables, so a lookup probes the
//    subtables of higher priority than its own (each misses at the L3 stage) and stops after its hit;
//  - Miss: nw_proto matches no subtable, so all 10 subtables are probed and miss at L3;
//  - HitNoWildcards: Hit without wildcard tracking (the overload ofproto uses when no megaflow is built).
using BenchmarkDotNet.Attributes;
using Ovs.Classifier;
using Ovs.Flow;

namespace Ovs.Benchmarks.Classifier;

[MemoryDiagnoser]
public class ClassifierLookupBenchmarks
{
    private const int Batch = 32;

    private readonly FlowData[] _hits = new FlowData[Batch];
    private readonly FlowData[] _misses = new FlowData[Batch];
    private Classifier<int> _classifier = null!;

    [Params(10, 1_000, 100_000)]
    public int RuleCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _classifier = ClassifierRuleSet.Build(RuleCount);
        int perSubtable = Math.Max(1, RuleCount / ClassifierRuleSet.SubtableCount);
        var random = new Random(1);
        for (int k = 0; k < Batch; k++)
        {
            _hits[k] = ClassifierRuleSet.Packet(k % ClassifierRuleSet.SubtableCount, random.Next(perSubtable), k);
            _misses[k] = _hits[k];
            _misses[k].SetU8(FlowLayout.NwProto, 200);
            if (_classifier.Lookup(0, _hits[k]) is null || _classifier.Lookup(0, _misses[k]) is not null)
            {
                throw new InvalidOperationException("benchmark packets must hit and miss as designed");
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Hit()
    {
        int sum = 0;
        for (int k = 0; k < Batch; k++)
        {
            var wildcards = default(FlowWildcards);
            sum += _classifier.Lookup(0, _hits[k], ref wildcards)!.Priority;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Miss()
    {
        int sum = 0;
        for (int k = 0; k < Batch; k++)
        {
            var wildcards = default(FlowWildcards);
            sum += _classifier.Lookup(0, _misses[k], ref wildcards) is null ? 1 : 0;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int HitNoWildcards()
    {
        int sum = 0;
        for (int k = 0; k < Batch; k++)
        {
            sum += _classifier.Lookup(0, _hits[k])!.Priority;
        }

        return sum;
    }
}
