// Upstream counterpart: classifier_insert() of lib/classifier.c (what ofproto does per added flow).
// Builds a classifier of RuleCount rules over 10 subtables from scratch; the reported time is for the whole
// build (divide by RuleCount for the time per rule), including creating the ClassifierRule objects (the matches
// are prebuilt).
using BenchmarkDotNet.Attributes;
using Ovs.Classifier;
using Ovs.Flow;

namespace Ovs.Benchmarks.Classifier;

[MemoryDiagnoser]
public class ClassifierInsertBenchmarks
{
    private Match[] _matches = [];
    private int[] _priorities = [];

    [Params(1_000, 100_000)]
    public int RuleCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int perSubtable = RuleCount / ClassifierRuleSet.SubtableCount;
        _matches = new Match[RuleCount];
        _priorities = new int[RuleCount];
        for (int m = 0; m < ClassifierRuleSet.SubtableCount; m++)
        {
            for (int i = 0; i < perSubtable; i++)
            {
                _matches[(m * perSubtable) + i] = ClassifierRuleSet.RuleMatch(m, i, out _priorities[(m * perSubtable) + i]);
            }
        }
    }

    [Benchmark]
    public int Insert()
    {
        var cls = new Classifier<int>(Ovs.Classifier.Classifier.DefaultPrefixFields);
        for (int i = 0; i < _matches.Length; i++)
        {
            cls.Insert(new ClassifierRule<int>(_matches[i], _priorities[i], i), ClassifierVersion.Min);
        }

        return cls.Count;
    }
}
