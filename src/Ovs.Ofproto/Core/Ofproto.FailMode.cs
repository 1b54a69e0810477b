// Upstream: connmgr_set_fail_mode(), connmgr_flushed() and the flush at the end of connmgr_set_controllers() in
// ofproto/connmgr.c, with ofproto_flush_flows() and ofproto_add_flow() of ofproto/ofproto.c (OVS 3.1)
//
// What a switch does without a controller. A new switch is in secure mode with no controllers, and empty. Whenever the
// fail mode changes while there are no controllers, or controllers come or all go, every flow is deleted; then a
// switch in standalone mode without controllers gets the flow "priority=0 actions=NORMAL" in table 0, so it behaves
// as a learning switch. In secure mode, or with controllers, it passes nothing until told to. A standalone switch with
// controllers fails open when they stay away (ConnectionManager.FailOpen.cs); the flows that takes are made here.
using Ovs.Flow;
using Ovs.Ofproto.Connmgr;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class Ofproto : IFailOpenSwitch
{
    private bool _standalone;
    private bool _hasControllers;

    /// <summary>
    /// Applies the bridge's fail_mode (standalone unless "secure") and whether it has controllers, in upstream's
    /// order: controllers first, then the fail mode.
    /// </summary>
    public void ConfigureFailMode(bool standalone, bool hasControllers)
    {
        if (_connections is { } connections)
        {
            connections.FailOpenSwitch ??= this;
            connections.SetFailMode(standalone);
        }

        if (hasControllers != _hasControllers)
        {
            _hasControllers = hasControllers;
            FlushFlows();
        }

        if (standalone != _standalone)
        {
            _standalone = standalone;
            if (!_hasControllers)
            {
                FlushFlows();
            }
        }
    }

    /// <summary>ofproto_flush_flows(): deletes every flow, then puts back the standalone flow when it applies.</summary>
    private void FlushFlows()
    {
        Tables.Flush();
        _connections?.FailOpenFlushed();
        if (_hasControllers || !_standalone)
        {
            return;
        }

        var fm = new FlowMod
        {
            Command = FlowModCommand.ModifyStrict,
            Match = Match.CatchAll,
            Priority = 0,
            NewCookie = 0,
            TableId = 0,
            Actions = [new OutputAct(OfpPorts.Normal, 0)],
        };
        Tables.Apply(fm, modifyCookie: false);
    }

    void IFailOpenSwitch.FlushFlows() => FlushFlows();

    void IFailOpenSwitch.AddFailOpenFlow() =>
        Tables.AddHidden(Match.CatchAll, ConnectionManager.FailOpenPriority, [new OutputAct(OfpPorts.Normal, 0)]);

    void IFailOpenSwitch.DeleteFailOpenFlow() => Tables.DeleteHidden(Match.CatchAll, ConnectionManager.FailOpenPriority);

    void IFailOpenSwitch.SendBogusPacketIn()
    {
        if (_connections is { } connections)
        {
            FailOpenPacketIn.Send(connections);
        }
    }
}
