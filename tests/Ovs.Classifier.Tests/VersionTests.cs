// Versioned visibility (upstream tests/test-classifier.c versioning and ofproto bundles): a rule is visible in
// [add version, remove version); a bundle replaces rules atomically by inserting the new ones and hiding the old
// ones in the same future version.
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

public sealed class VersionTests
{
    private static Match InPort(ushort port)
    {
        var m = default(Match);
        Fields.Exact(ref m, FlowLayout.InPort, 2, port);
        return m;
    }

    [Fact]
    public void RuleIsVisibleFromItsAddVersionUntilItsRemoveVersion()
    {
        var cls = new Classifier<int>();
        var rule = new ClassifierRule<int>(InPort(1), 10, 1);
        cls.Insert(rule, 5);
        FlowData flow = Fields.Ipv4Flow(1, 0, 0);
        Assert.Null(cls.Lookup(4, flow));
        Assert.Same(rule, cls.Lookup(5, flow));

        rule.MakeInvisibleInVersion(7);
        Assert.Same(rule, cls.Lookup(6, flow));
        Assert.Null(cls.Lookup(7, flow));
        Assert.Null(cls.FindExact(InPort(1), 10, 7));
        Assert.Same(rule, cls.FindExact(InPort(1), 10, 6));

        rule.RestoreVisibility();
        Assert.Same(rule, cls.Lookup(7, flow));
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.MakeInvisibleInVersion(4));
    }

    [Fact]
    public void BundleReplacesIdenticalRuleAtomically()
    {
        var cls = new Classifier<int>();
        var old = new ClassifierRule<int>(InPort(1), 10, 1);
        cls.Insert(old, 1);

        old.MakeInvisibleInVersion(2);
        var replacement = new ClassifierRule<int>(InPort(1), 10, 2);
        Assert.Null(cls.Insert(replacement, 2));
        Assert.Equal(2, cls.Count);

        FlowData flow = Fields.Ipv4Flow(1, 0, 0);
        Assert.Same(old, cls.Lookup(1, flow));
        Assert.Same(replacement, cls.Lookup(2, flow));

        // Once no lookup uses version 1 any more, the owner removes the old rule for good.
        Assert.True(cls.Remove(old));
        Assert.False(cls.Remove(old));
        Assert.Same(replacement, cls.Lookup(2, flow));
        Assert.Null(cls.Lookup(1, flow));
    }

    [Fact]
    public void InsertWithoutBundle_DisplacesTheIdenticalRule()
    {
        var cls = new Classifier<int>();
        var old = new ClassifierRule<int>(InPort(1), 10, 1);
        cls.Insert(old, 0);
        var fresh = new ClassifierRule<int>(InPort(1), 10, 2);
        Assert.Same(old, cls.Insert(fresh, 0));
        Assert.False(old.IsInClassifier);
        Assert.Equal(1, cls.Count);
        Assert.Same(fresh, cls.Lookup(0, Fields.Ipv4Flow(1, 0, 0)));

        // A different priority is a different rule.
        Assert.Null(cls.Insert(new ClassifierRule<int>(InPort(1), 11, 3), 0));
        Assert.Equal(2, cls.Count);
        Assert.Equal(3, cls.Lookup(0, Fields.Ipv4Flow(1, 0, 0))?.Payload);
    }

    [Fact]
    public void LowerPriorityIdenticalRuleShowsWhenTheHigherOneIsHidden()
    {
        var cls = new Classifier<int>();
        var high = new ClassifierRule<int>(InPort(1), 20, 1);
        var low = new ClassifierRule<int>(InPort(1), 10, 2);
        cls.Insert(high, 0);
        cls.Insert(low, 0);
        high.MakeInvisibleInVersion(3);
        Assert.Same(high, cls.Lookup(2, Fields.Ipv4Flow(1, 0, 0)));
        Assert.Same(low, cls.Lookup(3, Fields.Ipv4Flow(1, 0, 0)));
    }

    [Fact]
    public void DeferredBatch_ShowsNewSubtablesOnPublish()
    {
        var cls = new Classifier<int>();
        cls.Insert(new ClassifierRule<int>(InPort(1), 10, 1), 0);
        cls.Defer();

        // Same mask as a published subtable: visible at once. New mask: visible after Publish.
        cls.Insert(new ClassifierRule<int>(InPort(2), 10, 2), 0);
        var wide = default(Match);
        Fields.Exact(ref wide, FlowLayout.TpDst, 2, 80);
        cls.Insert(new ClassifierRule<int>(wide, 5, 3), 0);
        Assert.Equal(2, cls.Lookup(0, Fields.Ipv4Flow(2, 0, 0))?.Payload);
        Assert.Null(cls.Lookup(0, Fields.Ipv4Flow(3, 0, 0, tpDst: 80)));
        Assert.Equal(1, cls.SubtableCount);

        cls.Publish();
        Assert.Equal(3, cls.Lookup(0, Fields.Ipv4Flow(3, 0, 0, tpDst: 80))?.Payload);
        Assert.Equal(2, cls.SubtableCount);
    }

    [Fact]
    public void RuleCannotBeInsertedTwice()
    {
        var cls = new Classifier<int>();
        var rule = new ClassifierRule<int>(InPort(1), 20, 1);
        cls.Insert(rule, 0);
        Assert.Throws<InvalidOperationException>(() => cls.Insert(rule, 1));
        Assert.False(new Classifier<int>().Remove(rule));
    }
}
