// Differential tests against BruteForceClassifier on random rules and flows (upstream tests/test-classifier.c
// does the same against its "tcls"). Every lookup must return the oracle's rule, and the wildcards it reports
// must be enough: flows that differ only in bits the wildcards leave free get the same answer from the oracle.
// Seeds are fixed, plus one fresh seed per run; the seed is in the test name and in every failure message.
using Ovs.Flow;
using Ovs.Flow.Fields;

namespace Ovs.Classifier.Tests;

public sealed class DifferentialTests
{
    private const int PerturbationsPerLookup = 8;

    private static readonly int s_freshSeed = Environment.TickCount & 0x7fffffff;

    public static TheoryData<int, string> SeedsAndTries()
    {
        var data = new TheoryData<int, string>();
        foreach (int seed in new[] { 1, 2, 3, s_freshSeed })
        {
            foreach (string tries in new[] { "", "ip_dst,ip_src", "ipv6_src,ip_src,ip_dst" })
            {
                data.Add(seed, tries);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedsAndTries))]
    public void LookupAgreesWithBruteForce_UniquePriorities(int seed, string tries)
    {
        var gen = new RandomRules(seed);
        var cls = new Classifier<int>(ParseTries(tries));
        var oracle = new BruteForceClassifier();
        int[] priorities = UniquePriorities(gen.Random, 300);
        var rules = new List<ClassifierRule<int>>();
        for (int i = 0; i < priorities.Length; i++)
        {
            var rule = new ClassifierRule<int>(gen.NextMatch(), priorities[i], i);
            Assert.Null(cls.Insert(rule, ClassifierVersion.Min));
            oracle.Add(rule);
            rules.Add(rule);
        }

        CheckFlows(cls, oracle, gen, ClassifierVersion.Min, 400, $"seed {seed}, tries '{tries}'");

        // Remove a third of the rules (subtables empty out, tries shrink) and check again.
        for (int i = 0; i < 100; i++)
        {
            ClassifierRule<int> rule = rules[gen.Random.Next(rules.Count)];
            rules.Remove(rule);
            Assert.True(cls.Remove(rule));
            oracle.Remove(rule);
        }

        Assert.Equal(rules.Count, cls.Count);
        CheckFlows(cls, oracle, gen, ClassifierVersion.Min, 400, $"seed {seed}, tries '{tries}', after removals");
    }

    [Theory]
    [MemberData(nameof(SeedsAndTries))]
    public void LookupAgreesWithBruteForce_SharedPriorities(int seed, string tries)
    {
        // Few priorities: ties, identical matches at several priorities, and replacement of identical rules.
        var gen = new RandomRules(seed);
        var cls = new Classifier<int>(ParseTries(tries));
        var oracle = new BruteForceClassifier();
        for (int i = 0; i < 300; i++)
        {
            var rule = new ClassifierRule<int>(gen.NextMatch(), gen.Random.Next(6), i);
            ClassifierRule<int>? displaced = cls.Insert(rule, ClassifierVersion.Min);
            if (displaced is not null)
            {
                Assert.Equal(rule.Match, displaced.Match);
                Assert.Equal(rule.Priority, displaced.Priority);
                Assert.False(displaced.IsInClassifier);
                oracle.Remove(displaced);
            }

            oracle.Add(rule);
        }

        Assert.Equal(oracle.Rules.Count, cls.Count);
        for (int n = 0; n < 400; n++)
        {
            FlowData flow = gen.NextFlow();
            var wildcards = default(FlowWildcards);
            ClassifierRule<int>? found = cls.Lookup(ClassifierVersion.Min, flow, ref wildcards);
            ClassifierRule<int>? expected = oracle.Lookup(ClassifierVersion.Min, flow);
            string context = $"seed {seed}, tries '{tries}', flow {n}";
            Assert.True(expected?.Priority == found?.Priority, $"{context}: priority {found?.Priority} instead of {expected?.Priority}");
            Assert.True(found is null || BruteForceClassifier.Matches(found.Match, flow), $"{context}: returned a rule that does not match");
            for (int k = 0; k < PerturbationsPerLookup; k++)
            {
                FlowData other = gen.Perturb(flow, wildcards);
                Assert.True(
                    expected?.Priority == oracle.Lookup(ClassifierVersion.Min, other)?.Priority,
                    $"{context}, perturbation {k}: a flow equal under the wildcards gets another priority");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeedsAndTries))]
    public void LookupAgreesWithBruteForce_Versions(int seed, string tries)
    {
        var gen = new RandomRules(seed);
        var cls = new Classifier<int>(ParseTries(tries));
        var oracle = new BruteForceClassifier();
        int[] priorities = UniquePriorities(gen.Random, 200);
        for (int i = 0; i < priorities.Length; i++)
        {
            ulong added = (ulong)gen.Random.Next(0, 6);
            var rule = new ClassifierRule<int>(gen.NextMatch(), priorities[i], i);
            cls.Insert(rule, added);
            if (gen.Random.Next(3) == 0)
            {
                rule.MakeInvisibleInVersion(added + (ulong)gen.Random.Next(0, 4));
            }

            oracle.Add(rule);
        }

        for (ulong version = 0; version < 9; version++)
        {
            CheckFlows(cls, oracle, gen, version, 100, $"seed {seed}, tries '{tries}', version {version}");
        }
    }

    [Theory]
    [MemberData(nameof(SeedsAndTries))]
    public void LookupAgreesWithBruteForce_Conjunctions(int seed, string tries)
    {
        var gen = new RandomRules(seed);
        var cls = new Classifier<int>(ParseTries(tries));
        var oracle = new BruteForceClassifier();
        int[] priorities = UniquePriorities(gen.Random, 200);
        int next = 0;

        void Add(ClassifierRule<int> rule)
        {
            Assert.Null(cls.Insert(rule, ClassifierVersion.Min));
            oracle.Add(rule);
        }

        // Conjunctions 1..12, each at its own priority, 2 or 3 clauses of 1 to 3 rules; plus the conj_id rules
        // (some conj_id rules also match another field, so the second lookup can fail) and ordinary rules.
        for (uint id = 1; id <= 12; id++)
        {
            int priority = priorities[next++];
            int clauses = gen.Random.Next(2, 4);
            for (int k = 0; k < clauses; k++)
            {
                for (int j = gen.Random.Next(1, 4); j > 0; j--)
                {
                    Add(new ClassifierRule<int>(gen.NextMatch(), priority, next++, [new Conjunction(id, k, clauses)]));
                }
            }

            var target = default(Match);
            Fields.Exact(ref target, FlowLayout.ConjId, 4, id);
            if (gen.Random.Next(3) == 0)
            {
                Fields.Exact(ref target, FlowLayout.NwProto, 1, 6);
            }

            Add(new ClassifierRule<int>(target, priorities[next++], next));
        }

        while (next < priorities.Length)
        {
            Add(new ClassifierRule<int>(gen.NextMatch(), priorities[next++], next));
        }

        CheckFlows(cls, oracle, gen, ClassifierVersion.Min, 600, $"seed {seed}, tries '{tries}', conjunctions");
    }

    internal static FieldId[] ParseTries(string tries)
    {
        var fields = new List<FieldId>();
        foreach (string name in tries.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            fields.Add(name switch
            {
                "ip_src" => FieldId.Ipv4Src,
                "ip_dst" => FieldId.Ipv4Dst,
                "ipv6_src" => FieldId.Ipv6Src,
                "ipv6_dst" => FieldId.Ipv6Dst,
                _ => throw new ArgumentException(name, nameof(tries)),
            });
        }

        return [.. fields];
    }

    private static int[] UniquePriorities(Random random, int count)
    {
        int[] all = Enumerable.Range(0, count * 4).ToArray();
        random.Shuffle(all);
        return all[..count];
    }

    private static void CheckFlows(Classifier<int> cls, BruteForceClassifier oracle, RandomRules gen, ulong version, int count, string context)
    {
        for (int n = 0; n < count; n++)
        {
            FlowData flow = gen.NextFlow();
            var wildcards = default(FlowWildcards);
            ClassifierRule<int>? found = cls.Lookup(version, flow, ref wildcards);
            ClassifierRule<int>? expected = oracle.Lookup(version, flow);
            Assert.True(
                ReferenceEquals(expected, found),
                $"{context}, flow {n}: classifier returned rule {found?.Payload} (priority {found?.Priority}), brute force {expected?.Payload} (priority {expected?.Priority})");
            for (int k = 0; k < PerturbationsPerLookup; k++)
            {
                FlowData other = gen.Perturb(flow, wildcards);
                ClassifierRule<int>? again = oracle.Lookup(version, other);
                Assert.True(
                    ReferenceEquals(expected, again),
                    $"{context}, flow {n}, perturbation {k}: a flow equal under the wildcards gets rule {again?.Payload} instead of {expected?.Payload}");
            }
        }
    }
}
