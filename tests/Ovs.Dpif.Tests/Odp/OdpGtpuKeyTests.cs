// GTP-U tunnel options in datapath flow keys: parsed from "gtpu(flags=F,msgtype=T)", decoded into the flow's
// tun_gtpu_flags and tun_gtpu_msgtype, and printed the way upstream prints them (flags in hexadecimal, the message
// type in decimal).
using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Dpif.Tests.Odp;

public class OdpGtpuKeyTests
{
    private const string Key = "tunnel(tun_id=0x3,src=1.1.1.1,dst=2.2.2.2,ttl=64,gtpu(flags=0x30,msgtype=255),flags(df|key)),in_port(1)";

    [Fact]
    public void GtpuOptionsDecodeIntoTheFlowAndPrintAsUpstreamDoes()
    {
        var key = new NlWriter(new byte[4096]);
        var mask = new NlWriter(new byte[4096]);
        Assert.Null(OdpKeyParser.Parse(Key, ref key, ref mask));
        Assert.NotEqual(OdpKeyFitness.Error, OdpFlowKey.ToFlow(key.Written, out FlowData flow));
        Assert.Equal(0x30, flow.U8(FlowLayout.TunGtpuFlags));
        Assert.Equal(255, flow.U8(FlowLayout.TunGtpuMsgtype));

        var sb = new StringBuilder();
        OdpKeyFormatter.Format(sb, key.Written, mask.Written, verbose: false);
        Assert.Contains("gtpu(flags=0x30,msgtype=255)", sb.ToString(), StringComparison.Ordinal);
    }
}
