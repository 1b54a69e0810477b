// What the tables do with a learn action's flow_mod: add it, refresh an identical rule without publishing a change
// (datapath flows stay), modify a rule with the same match and priority (keeping its timeouts), and refuse a rule
// beyond the learn's limit of rules with its cookie. And fin_timeout's lowering of a rule's timeouts.
using Ovs.Flow;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class FlowTablesLearnTests
{
    private readonly Clock _clock = new();
    private readonly FlowTables _tables;
    private int _changes;

    public FlowTablesLearnTests()
    {
        _tables = new FlowTables(_clock);
        _tables.Changed = () => _changes++;
    }

    [Fact]
    public void LearnAddsTheFlowAndAnIdenticalOneOnlyRefreshesIt()
    {
        Assert.True(_tables.Learn(Learned("table=1,hard_timeout=60,dl_dst=50:54:00:00:00:05,actions=output:3"), 0));
        OfRule rule = Assert.Single(_tables.Rules());
        Assert.Equal(1, _changes);
        Assert.Equal((ushort)60, rule.HardTimeout);

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_tables.Learn(Learned("table=1,hard_timeout=60,dl_dst=50:54:00:00:00:05,actions=output:3"), 0));
        Assert.Same(rule, Assert.Single(_tables.Rules()));
        Assert.Equal(1, _changes);
        Assert.Equal(_tables.NowMs, rule.ModifiedMs);
        Assert.NotNull(_tables.FindLearned(Learned("table=1,hard_timeout=60,dl_dst=50:54:00:00:00:05,actions=output:3")));
    }

    [Fact]
    public void LearnWithOtherActionsModifiesTheRuleKeepingItsTimeouts()
    {
        _tables.Learn(Learned("table=1,hard_timeout=60,dl_dst=50:54:00:00:00:05,actions=output:3"), 0);
        Assert.Null(_tables.FindLearned(Learned("table=1,hard_timeout=60,dl_dst=50:54:00:00:00:05,actions=output:2")));
        _tables.Learn(Learned("table=1,hard_timeout=30,dl_dst=50:54:00:00:00:05,actions=output:2"), 0);
        OfRule rule = Assert.Single(_tables.Rules());
        Assert.Equal("output:2", OfpActions.Format(rule.Actions));
        Assert.Equal((ushort)60, rule.HardTimeout);
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void LimitCountsTheTablesRulesWithTheLearnsCookie()
    {
        Apply("table=1,cookie=0x2,dl_dst=50:54:00:00:00:09,actions=drop");
        Assert.True(_tables.IsBelowLearnLimit(1, 1, 1));
        Assert.True(_tables.Learn(Learned("table=1,cookie=0x1,dl_dst=50:54:00:00:00:01,actions=drop"), 1));
        Assert.False(_tables.IsBelowLearnLimit(1, 1, 1));
        Assert.False(_tables.Learn(Learned("table=1,cookie=0x1,dl_dst=50:54:00:00:00:02,actions=drop"), 1));
        Assert.True(_tables.Learn(Learned("table=1,cookie=0x1,dl_dst=50:54:00:00:00:02,actions=drop"), 2));
        Assert.True(_tables.IsBelowLearnLimit(1, 1, 0));

        // Relearning an existing flow is within any limit.
        Assert.True(_tables.Learn(Learned("table=1,cookie=0x1,dl_dst=50:54:00:00:00:01,actions=drop"), 1));
        Assert.Equal(3, _tables.RuleCount);
    }

    [Fact]
    public void ReduceTimeoutsLowersOnlyLargerOrMissingTimeouts()
    {
        Apply("idle_timeout=3,in_port=1,actions=drop");
        OfRule rule = Assert.Single(_tables.Rules());
        _tables.ReduceTimeouts(0, rule.Xlate, 5, 10);
        Assert.Equal((ushort)3, rule.IdleTimeout);
        Assert.Equal((ushort)10, rule.HardTimeout);

        // A stale view of a rule that left changes nothing.
        var stale = new XlateRule(rule.Match, rule.Priority, 0, []);
        _tables.ReduceTimeouts(0, stale, 1, 1);
        Assert.Equal((ushort)10, rule.HardTimeout);
    }

    /// <summary>A flow_mod shaped as learn_execute() makes them.</summary>
    private static FlowMod Learned(string text)
    {
        Assert.Null(FlowModParser.Parse(text, FlowModCommand.Add, out FlowMod fm, out _));
        fm.Command = FlowModCommand.ModifyStrict;
        return fm;
    }

    private void Apply(string text)
    {
        Assert.Null(FlowModParser.Parse(text, FlowModCommand.Add, out FlowMod fm, out _));
        _tables.Apply(fm, modifyCookie: true);
    }

    private sealed class Clock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
