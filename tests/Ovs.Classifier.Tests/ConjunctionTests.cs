// Conjunctive matches as ovs-fields(7) "Conjunctive Match Fields" describes them (the example there: allow
// traffic from a set of sources to a set of destination ports with one conjunction instead of a cross product).
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

public sealed class ConjunctionTests
{
    private const uint ConjId = 1;

    private static readonly Conjunction s_clause1 = new(ConjId, 0, 2);
    private static readonly Conjunction s_clause2 = new(ConjId, 1, 2);

    private readonly Classifier<string> _cls = new(Classifier.DefaultPrefixFields);

    public ConjunctionTests()
    {
        foreach (byte host in new byte[] { 1, 2 })
        {
            var src = default(Match);
            Fields.Exact(ref src, FlowLayout.DlType, 2, 0x0800);
            Fields.Exact(ref src, FlowLayout.NwSrc, 4, Fields.Ip(10, 0, 0, host));
            _cls.Insert(new ClassifierRule<string>(src, 100, $"src{host}", [s_clause1]), 0);
        }

        foreach (ushort port in new ushort[] { 80, 443 })
        {
            var dst = default(Match);
            Fields.Exact(ref dst, FlowLayout.DlType, 2, 0x0800);
            Fields.Exact(ref dst, FlowLayout.NwProto, 1, 6);
            Fields.Exact(ref dst, FlowLayout.TpDst, 2, port);
            _cls.Insert(new ClassifierRule<string>(dst, 100, $"port{port}", [s_clause2]), 0);
        }

        var conj = default(Match);
        Fields.Exact(ref conj, FlowLayout.ConjId, 4, ConjId);
        _cls.Insert(new ClassifierRule<string>(conj, 100, "allow"), 0);
        _cls.Insert(new ClassifierRule<string>(Match.CatchAll, 0, "drop"), 0);
    }

    [Theory]
    [InlineData(1, 80, "allow")]
    [InlineData(2, 443, "allow")]
    [InlineData(1, 22, "drop")]
    [InlineData(3, 80, "drop")]
    public void BothClausesMatched_SelectsTheConjIdRule(byte host, ushort port, string expected)
    {
        FlowData flow = Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, host), Fields.Ip(10, 9, 9, 9), tpDst: port);
        var wc = default(FlowWildcards);
        Assert.Equal(expected, _cls.Lookup(0, flow, ref wc)?.Payload);

        // The packet itself keeps conj_id 0; the megaflow looked at both clauses' fields (all of nw_src, since
        // 10.0.0.1, .2 and .3 part only in the last two bits, and as much of tp_dst as the ports trie needed).
        Assert.Equal(0u, flow.U32(FlowLayout.ConjId));
        Assert.Equal(uint.MaxValue, wc.Masks.U32(FlowLayout.NwSrc));
        Assert.NotEqual(0, wc.Masks.U16(FlowLayout.TpDst));
    }

    [Fact]
    public void HigherPriorityOrdinaryRuleWins()
    {
        var block = default(Match);
        Fields.Exact(ref block, FlowLayout.NwSrc, 4, Fields.Ip(10, 0, 0, 2));
        _cls.Insert(new ClassifierRule<string>(block, 200, "block"), 0);
        Assert.Equal("block", _cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, 2), 0, tpDst: 80))?.Payload);
        Assert.Equal("allow", _cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, 1), 0, tpDst: 80))?.Payload);
    }

    [Fact]
    public void IncompleteConjunction_FallsBackToLowerPriorityRuleWithTheIdenticalMatch()
    {
        var src = default(Match);
        Fields.Exact(ref src, FlowLayout.DlType, 2, 0x0800);
        Fields.Exact(ref src, FlowLayout.NwSrc, 4, Fields.Ip(10, 0, 0, 1));
        _cls.Insert(new ClassifierRule<string>(src, 50, "src1-plain"), 0);

        Assert.Equal("src1-plain", _cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, 1), 0, tpDst: 22))?.Payload);
        Assert.Equal("allow", _cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, 1), 0, tpDst: 80))?.Payload);
    }

    [Fact]
    public void ConjunctionWithoutConjIdRule_FallsThroughToOrdinaryRules()
    {
        ClassifierRule<string> allow = _cls.GetRules(ClassifierVersion.Max).Single(r => r.Payload == "allow");
        Assert.True(_cls.Remove(allow));
        Assert.Equal("drop", _cls.Lookup(0, Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, 1), 0, tpDst: 80))?.Payload);
    }

    [Fact]
    public void ChangingConjunctions_TakesEffectOnTheNextLookup()
    {
        ClassifierRule<string> port80 = _cls.GetRules(ClassifierVersion.Max).Single(r => r.Payload == "port80");
        FlowData flow = Fields.Ipv4Flow(1, Fields.Ip(10, 0, 0, 1), 0, tpDst: 80);
        port80.SetConjunctions([]);
        Assert.Equal("port80", _cls.Lookup(0, flow)?.Payload);
        port80.SetConjunctions([s_clause2]);
        Assert.Equal("allow", _cls.Lookup(0, flow)?.Payload);
    }

    [Fact]
    public void ConjunctionArgumentsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conjunction(1, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conjunction(1, 0, 65));
        Assert.Equal(63, new Conjunction(1, 63, 64).Clause);
    }
}
