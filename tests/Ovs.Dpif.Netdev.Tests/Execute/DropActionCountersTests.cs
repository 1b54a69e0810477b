// The explicit drop action counts its packets under the coverage counter of the reason it carries.
using Ovs.Common.Diagnostics;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class DropActionCountersTests
{
    private readonly ExecHarness _h = new();

    [Theory]
    [InlineData(0u, "drop_action_of_pipeline")]
    [InlineData(3u, "drop_action_too_many_resubmit")]
    [InlineData(7u, "drop_action_too_many_mpls_labels")]
    public void DropCountsPacketsUnderItsReason(uint reason, string counter)
    {
        byte[] frame = Ethernet(Mac("00:00:00:00:00:02"), Mac("00:00:00:00:00:01"), 0x1234, [1, 2, 3, 4]);
        long before = CoverageCounters.ReadCounter(counter) ?? 0;
        Assert.Empty(_h.Run(frame, new NlBuilder().U32(Ovs.Dpif.Odp.OdpActionAttr.Drop, reason).ToArray()));
        Assert.Empty(_h.Run(frame, new NlBuilder().U32(Ovs.Dpif.Odp.OdpActionAttr.Drop, reason).ToArray()));
        Assert.True(CoverageCounters.ReadCounter(counter) - before >= 2);
    }
}
