// The switch's flow tables under flow_mods, as ofproto.at exercises them through ovs-ofctl: replacement and counters,
// modify semantics with cookies, delete filters, overlap and size limits, eviction with fairness groups, timeouts
// and the FLOW_REMOVED reports, table ids, and what lookups see.
using Ovs.Flow;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class FlowTablesTests
{
    private readonly SteppedClock _clock = new();
    private readonly FlowTables _tables;
    private readonly List<OfRule> _removed = [];

    public FlowTablesTests()
    {
        _tables = new FlowTables(_clock) { RuleRemoved = _removed.Add };
    }

    [Fact]
    public void AddedRuleIsFoundByLookupWhichReportsTheBitsItLookedAt()
    {
        Assert.Equal(OfpError.None, Apply("in_port=1,actions=output:2"));
        FlowWildcards wc = default;
        XlateRule? rule = _tables.Lookup(0, Packet(inPort: 1), ref wc);
        Assert.NotNull(rule);
        Assert.Equal("output:2", string.Join(',', rule.Actions));
        Assert.Equal(0xffff, wc.Masks.U16(FlowLayout.InPort));

        wc = default;
        Assert.Null(_tables.Lookup(0, Packet(inPort: 3), ref wc));
    }

    [Fact]
    public void TableAllMeansTableZeroForAddAndTheInternalTableIsReadOnly()
    {
        Assert.Equal(OfpError.None, Apply("in_port=1,actions=drop"));
        Assert.Equal(0, Assert.Single(_tables.Rules()).TableId);
        Assert.Equal(OfpError.OfpbrcEperm, Apply("table=254,in_port=1,actions=drop"));
    }

    [Fact]
    public void AddReplacesTheSameMatchAndKeepsCountersUnlessResetCounts()
    {
        Apply("priority=5,in_port=1,actions=drop");
        Single().AddStats(3, 300, _tables.NowMs);
        Apply("priority=5,in_port=1,actions=output:1");
        Assert.Equal(3UL, Single().PacketCount);
        Assert.Equal("output:1", string.Join(',', Single().Actions));

        Apply("reset_counts,priority=5,in_port=1,actions=output:2");
        Assert.Equal(0UL, Single().PacketCount);
        Assert.Empty(_removed);
    }

    [Fact]
    public void ModifyKeepsMatchTimeoutsAndCookieButChangesActions()
    {
        Apply("cookie=0x1,idle_timeout=50,in_port=1,actions=drop");
        Apply("in_port=1,idle_timeout=7,actions=output:3", FlowModCommand.Modify);
        OfRule rule = Single();
        Assert.Equal((ushort)50, rule.IdleTimeout);
        Assert.Equal(1UL, rule.Cookie);
        Assert.Equal("output:3", string.Join(',', rule.Actions));
    }

    [Fact]
    public void ModifyWithCookieMissAddsOnlyWhenItSetsACookieWithoutMatchingOne()
    {
        // OpenFlow 1.0 / NXM: a modify that selects nothing and matches no cookie adds the flow with its cookie.
        Assert.Equal(OfpError.None, Apply("cookie=0x2,in_port=1,actions=drop", FlowModCommand.Modify, modifyCookie: true));
        Assert.Equal(2UL, Single().Cookie);

        // A modify that matches on the cookie never adds.
        Apply("cookie=0x3/0xff,in_port=2,actions=drop", FlowModCommand.Modify);
        Assert.Single(_tables.Rules());

        // An OpenFlow 1.0 modify of an existing flow may change its cookie; OpenFlow 1.1+ never does.
        Apply("cookie=0x9,in_port=1,actions=output:1", FlowModCommand.Modify, modifyCookie: false);
        Assert.Equal(2UL, Single().Cookie);
        Apply("cookie=0x9,in_port=1,actions=output:1", FlowModCommand.Modify, modifyCookie: true);
        Assert.Equal(9UL, Single().Cookie);
    }

    [Fact]
    public void ModifyStrictSelectsOnlyTheExactMatchAndPriority()
    {
        Apply("priority=5,in_port=1,actions=drop");
        Apply("priority=6,in_port=1,actions=drop");
        Apply("priority=5,in_port=1,actions=output:9", FlowModCommand.ModifyStrict);
        var text = _tables.Rules().Select(r => $"{r.Priority}:{string.Join(',', r.Actions)}").ToList();
        Assert.Equal(["6:", "5:output:9"], text);
    }

    [Fact]
    public void DeleteHonoursCookieMaskOutPortAndTable()
    {
        Apply("cookie=0x1,in_port=1,actions=output:2");
        Apply("cookie=0x2,in_port=2,actions=output:3");
        Apply("table=1,cookie=0x1,in_port=3,actions=output:2");

        Apply("out_port=3", FlowModCommand.Delete);
        Assert.DoesNotContain(_tables.Rules(), r => r.Cookie == 2);

        Apply("table=1,cookie=0x1/0xff", FlowModCommand.Delete);
        OfRule left = Single();
        Assert.Equal(0, left.TableId);
        Assert.Equal(OfpError.None, Apply("", FlowModCommand.Delete));
        Assert.Empty(_tables.Rules());
    }

    [Fact]
    public void DeleteReportsFlowRemovedOnlyForRulesThatAskedForIt()
    {
        Apply("send_flow_rem,in_port=1,actions=drop");
        Apply("in_port=2,actions=drop");
        Apply("", FlowModCommand.Delete);
        OfRule removed = Assert.Single(_removed);
        Assert.Equal(RuleRemovedReason.Delete, removed.RemovedReason);
    }

    [Fact]
    public void CheckOverlapRefusesAnOverlappingFlowOfTheSamePriority()
    {
        Apply("priority=5,in_port=1,actions=drop");
        Assert.Equal(OfpError.OfpfmfcOverlap, Apply("check_overlap,priority=5,dl_type=0x0800,actions=drop"));
        Assert.Equal(OfpError.None, Apply("check_overlap,priority=6,dl_type=0x0800,actions=drop"));
    }

    [Fact]
    public void AFullTableRefusesUnlessItEvictsTheRuleThatExpiresFirst()
    {
        _tables.Configure(0, new TableSettings(null, 2, false, [], null));
        Apply("idle_timeout=20,in_port=1,actions=drop");
        Apply("idle_timeout=10,in_port=2,actions=drop");
        Assert.Equal(OfpError.OfpfmfcTableFull, Apply("in_port=3,actions=drop"));

        _tables.Configure(0, new TableSettings(null, 2, true, [], null));
        Assert.Equal(OfpError.None, Apply("in_port=3,actions=drop"));
        Assert.Equal([1, 3], InPorts());

        // Rules without timeouts are never evicted.
        Assert.Equal(OfpError.None, Apply("in_port=4,actions=drop"));
        Assert.Equal(OfpError.OfpfmfcTableFull, Apply("in_port=5,actions=drop"));
    }

    [Fact]
    public void EvictionTakesFromTheLargestFairnessGroup()
    {
        Assert.Null(Ovs.Flow.Fields.Subfield.TryParse("NXM_OF_IN_PORT[]", out Ovs.Flow.Fields.Subfield inPort));
        _tables.Configure(0, new TableSettings(null, 3, true, [inPort], null));
        Apply("idle_timeout=10,in_port=2,dl_src=00:00:00:00:00:01,actions=drop");
        Apply("idle_timeout=20,in_port=1,dl_src=00:00:00:00:00:02,actions=drop");
        Apply("idle_timeout=30,in_port=1,dl_src=00:00:00:00:00:03,actions=drop");
        Apply("in_port=2,dl_src=00:00:00:00:00:04,actions=drop");
        Assert.DoesNotContain(_tables.Rules(), r => r.IdleTimeout == 20);
        Assert.Contains(_tables.Rules(), r => r.IdleTimeout == 10);
    }

    [Fact]
    public void ShrinkingTheLimitEvictsDownToIt()
    {
        _tables.Configure(0, new TableSettings(null, 10, true, [], null));
        for (int i = 1; i <= 4; i++)
        {
            Apply($"idle_timeout={i}0,in_port={i},actions=drop");
        }

        _tables.Configure(0, new TableSettings(null, 2, true, [], null));
        _tables.EvictOverflow();
        Assert.Equal([3, 4], InPorts());
    }

    [Fact]
    public void TimeoutsExpireRulesWithTheirReason()
    {
        Apply("send_flow_rem,hard_timeout=5,in_port=1,actions=drop");
        Apply("send_flow_rem,idle_timeout=2,in_port=2,actions=drop");
        Apply("in_port=3,actions=drop");

        _clock.Advance(TimeSpan.FromMilliseconds(2500));
        _tables.Expire();
        Assert.Equal(RuleRemovedReason.IdleTimeout, Assert.Single(_removed).RemovedReason);

        _clock.Advance(TimeSpan.FromSeconds(3));
        _tables.Expire();
        Assert.Equal(RuleRemovedReason.HardTimeout, _removed[1].RemovedReason);
        Assert.Equal([3], InPorts());
    }

    [Fact]
    public void GroupActionsNeedAnExistingGroup()
    {
        Assert.Equal(OfpError.OfpbacBadOutGroup, Apply("in_port=1,actions=group:5"));
        _tables.GroupExists = id => id == 5;
        Assert.Equal(OfpError.None, Apply("in_port=1,actions=group:5"));

        Apply("out_group=6", FlowModCommand.Delete);
        Assert.Single(_tables.Rules());
        Apply("out_group=5", FlowModCommand.Delete);
        Assert.Empty(_tables.Rules());
    }

    [Fact]
    public void FlushDeletesEverything()
    {
        Apply("in_port=1,actions=drop");
        Apply("table=3,in_port=1,actions=drop");
        _tables.Flush();
        Assert.Empty(_tables.Rules());
        Assert.Equal(0, _tables.RuleCount);
    }

    private OfpError Apply(string text, FlowModCommand command = FlowModCommand.Add, bool modifyCookie = false)
    {
        Assert.Null(FlowModParser.Parse(text, command, out FlowMod fm, out _));
        return _tables.Apply(fm, modifyCookie || command == FlowModCommand.Add);
    }

    private OfRule Single() => Assert.Single(_tables.Rules());

    private int[] InPorts() => [.. _tables.Rules().Select(r => (int)r.Match.Flow.U16(FlowLayout.InPort)).Order()];

    private static FlowData Packet(ushort inPort)
    {
        var flow = default(FlowData);
        flow.SetU16(FlowLayout.InPort, inPort);
        return flow;
    }

    /// <summary>A monotonic clock that moves only when the test advances it.</summary>
    internal sealed class SteppedClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
