// What flow monitors hear from the flow tables (the ofmonitor_report() calls of ofproto.c): additions, replacements
// by add and by modify (only when actions or cookie change, with the old actions), deletions and expiry with their
// reasons, evictions, the request behind each change, and one flush per change. Then which monitors of a connection
// see a change (FlowMonitorSet.Watching): kinds of change, table, out_port before and after a modify, and the match.
using Ovs.Ofproto.Connmgr;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class FlowTablesMonitorTests
{
    private readonly FlowTablesTests.SteppedClock _clock = new();
    private readonly FlowTables _tables;
    private readonly RecordingSink _sink = new();

    public FlowTablesMonitorTests()
    {
        _tables = new FlowTables(_clock) { Monitor = _sink };
    }

    [Fact]
    public void AddsAndReplacementsByAddAreReportedAsAdded()
    {
        Apply("in_port=1,actions=output:2");
        Apply("in_port=1,actions=output:2");
        Assert.Equal(["Added in_port=1 output:2", "Added in_port=1 output:2"], _sink.Lines);
        Assert.Equal(2, _sink.Flushes);
    }

    [Fact]
    public void ModifyIsReportedOnlyWhenActionsOrCookieChangeWithTheOldActions()
    {
        Apply("in_port=1,actions=output:2");
        _sink.Clear();

        Apply("in_port=1,actions=output:2", FlowModCommand.Modify);
        Assert.Empty(_sink.Lines);
        Assert.Equal(1, _sink.Flushes);

        Apply("in_port=1,actions=output:3", FlowModCommand.Modify);
        Assert.Equal(["Modified in_port=1 output:3 (was output:2)"], _sink.Lines);

        _sink.Clear();
        Apply("cookie=0x5,in_port=1,actions=output:3", FlowModCommand.Modify, modifyCookie: true);
        Assert.Equal(["Modified in_port=1 output:3"], _sink.Lines);
    }

    [Fact]
    public void DeletesAndExpiryAreReportedAsRemovedWithTheirReason()
    {
        Apply("in_port=1,actions=drop");
        Apply("hard_timeout=5,in_port=2,actions=drop");
        _sink.Clear();

        Apply("in_port=1", FlowModCommand.Delete);
        Assert.Equal(["Removed(Delete) in_port=1 drop"], _sink.Lines);

        _sink.Clear();
        _clock.Advance(TimeSpan.FromSeconds(6));
        _tables.Expire();
        Assert.Equal(["Removed(HardTimeout) in_port=2 drop"], _sink.Lines);
        Assert.Null(Assert.Single(_sink.Requesters));
        Assert.Equal(1, _sink.Flushes);
    }

    [Fact]
    public void AnEvictingAddReportsOnlyTheEvictedRule()
    {
        _tables.Configure(0, new TableSettings(null, 1, true, [], null));
        Apply("idle_timeout=10,in_port=1,actions=drop");
        _sink.Clear();

        Apply("in_port=2,actions=drop");
        Assert.Equal(["Removed(Eviction) in_port=1 drop"], _sink.Lines);
    }

    [Fact]
    public void EachChangeNamesTheRequestThatMadeIt()
    {
        var requester = new FlowModRequester(new OfConnection(null!, isService: true), 0x1234);
        Assert.True(FlowModParser.Parse("in_port=1,actions=drop", FlowModCommand.Add, out FlowMod fm, out _) is null);
        Assert.Equal(OfpError.None, _tables.Apply(fm, modifyCookie: true, requester));
        Assert.Same(requester, Assert.Single(_sink.Requesters));
    }

    [Fact]
    public void MonitorsSeeChangesOfTheirKindTableOutPortAndMatch()
    {
        Apply("table=1,in_port=1,dl_vlan=5,actions=output:2");
        OfRule rule = Assert.Single(_tables.Rules());
        var set = new FlowMonitorSet();
        Assert.True(set.TryAdd(Monitor(1, "watch:!modify,in_port=1", m => { })));
        Assert.True(set.TryAdd(Monitor(2, "watch:out_port=3", m => { })));
        Assert.False(set.TryAdd(Monitor(2, "watch:", m => { })));

        // Monitor 1 takes adds, not modifies; monitor 2 wants output to port 3, which the rule only had before.
        Assert.NotEqual(0, set.Watching(rule, FlowMonitorRequest.Add, null));
        Assert.Equal(0, set.Watching(rule, FlowMonitorRequest.Modify, null));
        Assert.NotEqual(0, set.Watching(rule, FlowMonitorRequest.Modify, [new OutputAct(3, 0)]));

        var other = new FlowMonitorSet();
        Assert.True(other.TryAdd(Monitor(3, "watch:in_port=2", m => { })));
        Assert.True(other.TryAdd(Monitor(4, "watch:", m => m.TableId = 0)));
        Assert.Equal(0, other.Watching(rule, FlowMonitorRequest.Add, null));
    }

    private static FlowMonitorRequest Monitor(uint id, string text, Action<FlowMonitorRequest> adjust)
    {
        Assert.Null(FlowMonitorParser.TryParse(text["watch:".Length..], null, out FlowMonitorRequest m, out _));
        m.Id = id;
        adjust(m);
        return m;
    }

    private void Apply(string text, FlowModCommand command = FlowModCommand.Add, bool modifyCookie = false)
    {
        Assert.Null(FlowModParser.Parse(text, command, out FlowMod fm, out _));
        Assert.Equal(OfpError.None, _tables.Apply(fm, modifyCookie || command == FlowModCommand.Add));
    }

    private sealed class RecordingSink : IFlowMonitorSink
    {
        public List<string> Lines { get; } = [];

        public List<FlowModRequester?> Requesters { get; } = [];

        public int Flushes { get; private set; }

        public void Report(OfRule rule, FlowUpdateEvent ev, RuleRemovedReason reason, FlowModRequester? requester, IReadOnlyList<OfpAct>? oldActions)
        {
            string kind = ev == FlowUpdateEvent.Removed ? $"Removed({reason})" : ev.ToString();
            string actions = rule.Actions.Count == 0 ? "drop" : string.Join(',', rule.Actions);
            string was = oldActions is null ? string.Empty : $" (was {string.Join(',', oldActions)})";
            Lines.Add($"{kind} {Ovs.Flow.Text.MatchFormatter.Format(rule.Match, rule.Priority)} {actions}{was}");
            Requesters.Add(requester);
        }

        public void Flush() => Flushes++;

        public void Clear()
        {
            Lines.Clear();
            Requesters.Clear();
            Flushes = 0;
        }
    }
}
