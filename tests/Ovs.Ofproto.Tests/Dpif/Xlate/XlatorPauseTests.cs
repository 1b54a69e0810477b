// controller(pause) and resuming: what translation freezes (the actions still to run, with unroll_xlate markers
// for their tables and cookies, goto_table and write_metadata as actions, the stack and the action set), the
// controller action that carries the continuation, and the translation of a continuation that completes the
// pipeline where it paused.
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlatorPauseTests
{
    private static TestBridge Bridge(params string[] flows)
    {
        var bridge = new TestBridge();
        bridge.AddPorts([new XlatePort(1, 1, "p1"), new XlatePort(2, 2, "p2"), new XlatePort(3, 3, "p3"), new XlatePort(4, 4, "p4"), new XlatePort(5, 5, "p5")]);
        foreach (string f in flows)
        {
            bridge.AddFlow(f, ProtocolSet.Of13Oxm);
        }

        return bridge;
    }

    private static FlowData Flow(TestBridge bridge)
    {
        Assert.Null(TraceFlowParser.Parse("in_port=1,ip,nw_src=1.1.1.1,nw_dst=2.2.2.2", bridge.Ports, out FlowData flow));
        return flow;
    }

    private static string Actions(XlateResult r)
    {
        var sb = new StringBuilder();
        OdpActionFormatter.Format(sb, r.OdpActions);
        return sb.ToString();
    }

    private static FrozenState Paused(TestBridge bridge, out XlateResult result)
    {
        FlowData flow = Flow(bridge);
        result = Xlator.Translate(bridge, in flow, sideEffects: true);
        return Assert.Single(bridge.Frozen.Values);
    }

    private static XlateResult Resume(TestBridge bridge, FrozenState state)
    {
        FlowData flow = Flow(bridge);
        var continuation = new XlateContinuation(state.Stack, state.Actions, state.ActionSet);
        return Xlator.Resume(bridge, in flow, continuation);
    }

    [Fact]
    public void PauseStopsTranslationAndEndsWithAContinuationControllerAction()
    {
        TestBridge bridge = Bridge("in_port=1 actions=2,controller(pause,max_len=100,id=7),3");
        FrozenState state = Paused(bridge, out XlateResult r);
        Assert.Equal("2,userspace(pid=0,controller(reason=1,dont_send=0,continuation=1,recirc_id=1,rule_cookie=0,controller_id=7,max_len=100))", Actions(r));
        Assert.True(state.Continuation);
        Assert.Equal("unroll_xlate(table=0, cookie=0),output:3", string.Join(',', state.Actions));
        Assert.Equal("3", Actions(Resume(bridge, state)));
    }

    [Fact]
    public void ActionsAfterResubmitsAreFrozenInnermostFirstWithTheirTables()
    {
        TestBridge bridge = Bridge(
            "table=0 in_port=1 actions=resubmit(,1),5",
            "table=1 cookie=0x9 in_port=1 actions=2,controller(pause),3,resubmit(,2),resubmit:1",
            "table=2 actions=4");
        FrozenState state = Paused(bridge, out _);
        Assert.Equal(
            "unroll_xlate(table=1, cookie=9),output:3,resubmit(,2),resubmit:1,unroll_xlate(table=0, cookie=0),output:5",
            string.Join(',', state.Actions));
    }

    [Fact]
    public void PauseLastInAResubmittedRuleDoesNotRepeatTheResubmit()
    {
        TestBridge bridge = Bridge(
            "table=0 in_port=1 actions=resubmit(,1),4",
            "table=1 actions=2,controller(pause)");
        FrozenState state = Paused(bridge, out XlateResult r);
        Assert.StartsWith("2,userspace(", Actions(r), StringComparison.Ordinal);
        Assert.Equal("unroll_xlate(table=0, cookie=0),output:4", string.Join(',', state.Actions));
        Assert.Equal("4", Actions(Resume(bridge, state)));
    }

    [Fact]
    public void GotoTableAndWriteMetadataAreFrozenAsActions()
    {
        TestBridge bridge = Bridge(
            "table=0 in_port=1 actions=controller(pause),write_metadata:0x1/0x1,goto_table:1",
            "table=1 metadata=0x1 actions=2");
        FrozenState state = Paused(bridge, out _);
        Assert.Equal("set_field:0x1/0x1->metadata,resubmit(,1)", string.Join(',', state.Actions));
        Assert.Equal("2", Actions(Resume(bridge, state)));
    }

    [Fact]
    public void StackAndActionSetSurviveThePause()
    {
        TestBridge bridge = Bridge(
            "table=0 in_port=1 actions=set_field:3->reg0,push:NXM_NX_REG0[],resubmit(,1),controller(pause),pop:NXM_NX_REG1[],output:NXM_NX_REG1[]",
            "table=1 actions=write_actions(output:4)");
        FrozenState state = Paused(bridge, out _);
        byte[] entry = Assert.Single(state.Stack);
        Assert.Equal(new byte[] { 0, 0, 0, 3 }, entry);
        Assert.Equal("output:4", string.Join(',', state.ActionSet));
        Assert.Equal("3,4", Actions(Resume(bridge, state)));
    }

    [Fact]
    public void PauseAtTheEndResumesWithoutAnotherLookup()
    {
        TestBridge bridge = Bridge("in_port=1 actions=2,controller(pause)");
        FrozenState state = Paused(bridge, out _);
        Assert.Empty(state.Actions);
        XlateResult resumed = Resume(bridge, state);
        Assert.DoesNotContain("userspace", Actions(resumed), StringComparison.Ordinal);
        Assert.Empty(bridge.Frozen.Values.Skip(1));
    }

    [Fact]
    public void PauseInACloneFinishesInsideTheClone()
    {
        TestBridge bridge = Bridge(
            "table=0 in_port=1 actions=clone(set_field:5->reg1,resubmit(,1)),3",
            "table=1 reg1=5 actions=controller(pause),2");
        FrozenState state = Paused(bridge, out XlateResult r);
        Assert.Equal(5u, state.Flow.U32(FlowLayout.Regs + 4));
        Assert.Contains("continuation=1", Actions(r), StringComparison.Ordinal);
    }

    [Fact]
    public void TracingAPauseSendsNothing()
    {
        TestBridge bridge = Bridge("in_port=1 actions=2,controller(pause),3");
        FlowData flow = Flow(bridge);
        XlateResult r = Xlator.Translate(bridge, in flow, trace: true);
        Assert.Equal("2", Actions(r));
        Assert.Empty(bridge.Frozen);
    }
}
