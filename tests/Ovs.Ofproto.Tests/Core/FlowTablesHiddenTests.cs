// Hidden rules (fail-open's catch-all NORMAL flow, priority above 16 bits): OpenFlow cannot see or delete them, table
// stats do not count them, bridge/dump-flows (AllRules) shows them, and a flush deletes them with the rest.
using Ovs.Flow;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class FlowTablesHiddenTests
{
    private const int Hidden = 0xf0f0f0;

    private readonly FlowTables _tables = new(new ManualTime());

    public FlowTablesHiddenTests() => _tables.AddHidden(Match.CatchAll, Hidden, [new OutputAct(OfpPorts.Normal, 0)]);

    [Fact]
    public void HiddenRuleIsInvisibleToOpenFlow()
    {
        Apply("priority=5,actions=drop", FlowModCommand.Add);
        Assert.Equal([5], _tables.Rules().Select(static r => r.Priority));
        Assert.Equal(1u, _tables.Stats(0).ActiveCount);
        Assert.DoesNotContain(_tables.Collect(FlowMod.TableAll, Match.CatchAll, null, 0, 0, FlowMod.PortAny, FlowMod.GroupAny), static r => r.IsHidden);

        Apply(string.Empty, FlowModCommand.Delete);
        Assert.Empty(_tables.Rules());
        OfRule rule = Assert.Single(_tables.AllRules());
        Assert.True(rule.IsHidden);
        Assert.Equal(Hidden, rule.Priority);
        Assert.Equal(0u, _tables.Stats(0).ActiveCount);
    }

    [Fact]
    public void HiddenRuleGoesByNameOrWithAFlush()
    {
        _tables.AddHidden(Match.CatchAll, Hidden, [new OutputAct(OfpPorts.Normal, 0)]);
        Assert.Single(_tables.AllRules());
        _tables.DeleteHidden(Match.CatchAll, Hidden);
        Assert.Empty(_tables.AllRules());

        _tables.AddHidden(Match.CatchAll, Hidden, [new OutputAct(OfpPorts.Normal, 0)]);
        _tables.Flush();
        Assert.Empty(_tables.AllRules());
        Assert.Equal(0, _tables[0].HiddenCount);
    }

    private void Apply(string text, FlowModCommand command)
    {
        Assert.Null(FlowModParser.Parse(text, command, out FlowMod fm, out _));
        Assert.Equal(OpenFlow.Errors.OfpError.None, _tables.Apply(fm, modifyCookie: true));
    }
}
