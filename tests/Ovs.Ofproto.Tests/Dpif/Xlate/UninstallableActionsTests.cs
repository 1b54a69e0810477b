// Datapath actions that cannot be installed keep the flow in the slow path: more than a Netlink attribute holds
// (translation also stops resubmitting past 64 kB), or more outputs than the kernel's backlog.
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class UninstallableActionsTests
{
    private static TestBridge Chain(int links, int finalOutputs)
    {
        var bridge = new TestBridge();
        bridge.AddPorts([new XlatePort(65534, 100, "br0"), new XlatePort(1, 1, "p1")]);
        for (int i = 1; i <= links; i++)
        {
            bridge.AddFlow($"in_port={i},actions=resubmit:{i + 1},resubmit:{i + 1},local");
        }

        bridge.AddFlow($"in_port={links + 1},actions={string.Join(',', Enumerable.Repeat("local", finalOutputs))}");
        return bridge;
    }

    private static XlateResult Translate(TestBridge bridge)
    {
        Assert.Null(TraceFlowParser.Parse("in_port=1", bridge.Ports, out FlowData flow));
        return Xlator.Translate(bridge, in flow, trace: true);
    }

    [Fact]
    public void OversizedActionsStopResubmitsAndStayInTheSlowPath()
    {
        XlateResult r = Translate(Chain(12, 8));
        Assert.Equal(SlowPathReasons.Action, r.Slow);
        Assert.Equal(XlateError.None, r.Error);
        string trace = TraceFormatter.Format(r);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(trace, "resubmits yielded over 64 kB of actions"));
        Assert.Contains("- Uses action(s) not supported by datapath", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreOutputsThanTheBacklogStayInTheSlowPath()
    {
        // 2^9 * 4 + 511 outputs of 8 bytes each: under 64 kB but over the default backlog of 1000.
        int backlog = MaxBacklog.Value;
        XlateResult many = Translate(Chain(9, 4));
        int outputs = (512 * 4) + 511;
        Assert.Equal(outputs > backlog ? SlowPathReasons.Action : SlowPathReasons.None, many.Slow);

        XlateResult few = Translate(Chain(3, 4));
        Assert.Equal(SlowPathReasons.None, few.Slow);
    }
}
