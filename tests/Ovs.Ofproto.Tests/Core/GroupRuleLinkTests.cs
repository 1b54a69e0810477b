// A switch's flow tables and group table together, as ofproto.at's group tests see them: a flow may name only an
// existing group, a group's ref_count is the number of rules that refer to it, and deleting a group deletes those
// rules with reason OFPRR_GROUP_DELETE.
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Core;

public sealed class GroupRuleLinkTests : IDisposable
{
    private readonly Ofproto.Core.Ofproto _switch;

    public GroupRuleLinkTests()
    {
        var netdevs = NetdevRegistry.CreateDefault();
        var datapaths = new DpifRegistry();
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(datapaths, netdevs, new DpNetdevCatalog()));
        Assert.Equal(0, Ofproto.Core.Ofproto.Create("br0", "dummy", new OfprotoContext(datapaths, netdevs, new ManualTime()), out Ofproto.Core.Ofproto? created));
        _switch = created!;
    }

    public void Dispose() => _switch.Destroy(delete: true);

    [Fact]
    public void FlowsMayNameOnlyExistingGroups()
    {
        Assert.Equal(OfpError.OfpbacBadOutGroup, Flow("in_port=1,actions=group:1"));
        Assert.Equal(OfpError.None, Group(GroupCommand.Add, "group_id=1,type=all,bucket=output:2"));
        Assert.Equal(OfpError.None, Flow("in_port=1,actions=group:1"));
    }

    [Fact]
    public void RefCountFollowsTheRulesThatReferToTheGroup()
    {
        Group(GroupCommand.Add, "group_id=1,type=all,bucket=output:2");
        Group(GroupCommand.Add, "group_id=2,type=all,bucket=output:3");
        Flow("in_port=1,actions=group:1");
        Flow("in_port=2,actions=group:1,group:2");
        Flow("in_port=3,actions=output:1");
        Assert.Equal([2u, 1u], _switch.Groups.Stats(GroupIds.All).Select(s => s.RefCount));

        Flow("in_port=2,actions=output:4");
        Assert.Equal([1u, 0u], _switch.Groups.Stats(GroupIds.All).Select(s => s.RefCount));
    }

    [Fact]
    public void DeletingAGroupDeletesItsRulesAsGroupDelete()
    {
        var removed = new List<(int InPort, RuleRemovedReason Reason)>();
        _switch.Tables.RuleRemoved = rule => removed.Add((rule.Match.Flow.U16(Ovs.Flow.FlowLayout.InPort), rule.RemovedReason));
        Group(GroupCommand.Add, "group_id=1,type=all,bucket=output:2");
        Flow("send_flow_rem,in_port=1,actions=group:1");
        Flow("send_flow_rem,in_port=2,actions=output:3");

        Assert.Equal(OfpError.None, Group(GroupCommand.Delete, "group_id=1"));

        Assert.Equal([(1, RuleRemovedReason.GroupDelete)], removed);
        OfRule left = Assert.Single(_switch.Tables.Rules());
        Assert.Equal(2, left.Match.Flow.U16(Ovs.Flow.FlowLayout.InPort));
    }

    private OfpError Flow(string text)
    {
        Assert.Null(FlowModParser.Parse(text, FlowModCommand.Add, out FlowMod fm, out _));
        return _switch.Tables.Apply(fm, true);
    }

    private OfpError Group(GroupCommand command, string text)
    {
        Assert.Null(GroupParser.Parse(text, command, out GroupMod? gm));
        return _switch.Groups.Apply(gm!);
    }
}
