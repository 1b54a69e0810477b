// Queries that flow_mod processing needs: strict and loose selection, iteration order, and the overlap check.
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

public sealed class QueryTests
{
    private static Match Rule(ushort? inPort, uint? src = null, int srcLength = 32, ushort? tpDst = null)
    {
        var m = default(Match);
        if (inPort is ushort p)
        {
            Fields.Exact(ref m, FlowLayout.InPort, 2, p);
        }

        if (src is uint s)
        {
            Fields.Exact(ref m, FlowLayout.DlType, 2, 0x0800);
            Fields.Prefix(ref m, FlowLayout.NwSrc, 4, s, srcLength);
        }

        if (tpDst is ushort d)
        {
            Fields.Exact(ref m, FlowLayout.TpDst, 2, d);
        }

        return m;
    }

    [Fact]
    public void FindExact_NeedsSameMatchAndPriority()
    {
        var cls = new Classifier<int>();
        var rule = new ClassifierRule<int>(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 10, 1);
        cls.Insert(rule, 0);
        Assert.Same(rule, cls.FindExact(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 10, 0));
        Assert.Null(cls.FindExact(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 11, 0));
        Assert.Null(cls.FindExact(Rule(1, Fields.Ip(10, 0, 0, 0), 16), 10, 0));
        Assert.Null(cls.FindExact(Rule(1), 10, 0));
    }

    [Fact]
    public void LooseSelection_TakesRulesAtLeastAsSpecificAsTheTarget()
    {
        var cls = new Classifier<int>();
        cls.Insert(new ClassifierRule<int>(Rule(1), 5, 1), 0);
        cls.Insert(new ClassifierRule<int>(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 10, 2), 0);
        cls.Insert(new ClassifierRule<int>(Rule(1, Fields.Ip(10, 1, 0, 0), 16), 10, 3), 0);
        cls.Insert(new ClassifierRule<int>(Rule(2, Fields.Ip(10, 1, 0, 0), 16), 10, 4), 0);
        cls.Insert(new ClassifierRule<int>(Rule(null, Fields.Ip(10, 1, 0, 0), 16), 20, 5), 0);
        cls.Insert(new ClassifierRule<int>(Rule(1, tpDst: 80), 30, 6), 0);

        Assert.Equal([6, 2, 3, 1], Payloads(cls.GetRules(Rule(1), 0)));
        Assert.Equal([5, 3, 4], Payloads(cls.GetRules(Rule(null, Fields.Ip(10, 1, 0, 0), 16), 0)));
        Assert.Equal([2, 3], Payloads(cls.GetRules(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 0)));
        Assert.Equal([6, 5, 2, 3, 4, 1], Payloads(cls.GetRules(0)));
    }

    [Fact]
    public void Iteration_IsByPriorityThenInsertionOrder_AndHonoursVersions()
    {
        var cls = new Classifier<int>();
        for (int i = 0; i < 20; i++)
        {
            cls.Insert(new ClassifierRule<int>(Rule((ushort)i), i % 3, i), (ulong)(i % 2));
        }

        List<ClassifierRule<int>> all = cls.GetRules(ClassifierVersion.Max);
        Assert.Equal([2, 5, 8, 11, 14, 17, 1, 4, 7, 10, 13, 16, 19, 0, 3, 6, 9, 12, 15, 18], Payloads(all));
        Assert.Equal([2, 8, 14, 4, 10, 16, 0, 6, 12, 18], Payloads(cls.GetRules(0)));
    }

    [Fact]
    public void Overlap_NeedsSamePriorityAndAgreementOnCommonBits()
    {
        var cls = new Classifier<int>();
        cls.Insert(new ClassifierRule<int>(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 10, 1), 0);

        Assert.True(cls.HasOverlap(Rule(null, Fields.Ip(10, 1, 0, 0), 16), 10, 0));
        Assert.True(cls.HasOverlap(Rule(null, tpDst: 80), 10, 0));
        Assert.True(cls.HasOverlap(Rule(1, Fields.Ip(10, 0, 0, 0), 8), 10, 0));
        Assert.False(cls.HasOverlap(Rule(null, tpDst: 80), 11, 0));
        Assert.False(cls.HasOverlap(Rule(2), 10, 0));
        Assert.False(cls.HasOverlap(Rule(null, Fields.Ip(11, 0, 0, 0), 8), 10, 0));

        // Only rules visible in the given version count.
        cls.Insert(new ClassifierRule<int>(Rule(3), 12, 2), 5);
        Assert.False(cls.HasOverlap(Rule(null, tpDst: 80), 12, 4));
        Assert.True(cls.HasOverlap(Rule(null, tpDst: 80), 12, 5));
    }

    private static int[] Payloads(List<ClassifierRule<int>> rules) => rules.Select(r => r.Payload).ToArray();
}
