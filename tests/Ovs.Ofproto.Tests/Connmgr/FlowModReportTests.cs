// The flow_mod summary a connection logs when it closes (upstream's ofconn_log_flow_mods() wording).
using Ovs.Ofproto.Connmgr;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Tests.Connmgr;

public sealed class FlowModReportTests
{
    [Fact]
    public void NothingCountedMeansNoReport() => Assert.Null(new FlowModReport().Format(1000));

    [Fact]
    public void CountsByKindLeavingOutZeroes()
    {
        var report = new FlowModReport();
        foreach (FlowModCommand command in (FlowModCommand[])[FlowModCommand.Add, FlowModCommand.Delete, FlowModCommand.Add, FlowModCommand.DeleteStrict])
        {
            report.Add(command, 5000);
        }

        Assert.Equal("4 flow_mods in the last 0 s (2 adds, 2 deletes)", report.Format(5400));
    }

    [Fact]
    public void OldFlowModsSayWhen()
    {
        var report = new FlowModReport();
        report.Add(FlowModCommand.Modify, 1000);
        Assert.Equal("1 flow_mods 9 s ago (1 modifications)", report.Format(10_000));
        report.Add(FlowModCommand.ModifyStrict, 4000);
        Assert.Equal("2 flow_mods in the 3 s starting 9 s ago (2 modifications)", report.Format(10_000));
        Assert.Equal("2 flow_mods in the last 3 s (2 modifications)", report.Format(4000));
    }
}
