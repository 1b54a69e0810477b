using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Tests.Odp;

public class OdpFlowKeyTests
{
    public static TheoryData<int> Accepted() => OdpActionTextTests.Accepted();

    /// <summary>Text → key/mask → FlowData/mask → key/mask → text, as the userspace datapath stores and dumps a flow.</summary>
    private static (OdpKeyFitness Fit, string Plain, string Verbose) Install(string text)
    {
        byte[] keyBuf = new byte[4096];
        byte[] maskBuf = new byte[4096];
        var key = new NlWriter(keyBuf);
        var mask = new NlWriter(maskBuf);
        Assert.Null(OdpKeyParser.Parse(text, ref key, ref mask));
        var outKey = new NlWriter(new byte[4096]);
        var outMask = new NlWriter(new byte[4096]);
        OdpKeyFitness fit = OdpFlowKey.Canonicalize(key.Written, mask.Written, true, ref outKey, ref outMask);
        Assert.NotEqual(OdpKeyFitness.Error, fit);
        var plain = new StringBuilder();
        OdpKeyFormatter.Format(plain, outKey.Written, outMask.Written, false);
        var verbose = new StringBuilder();
        OdpKeyFormatter.Format(verbose, outKey.Written, outMask.Written, true);
        return (fit, plain.ToString(), verbose.ToString());
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Installed_flow_dumps_as_the_userspace_datapath_dumps_it(int index)
    {
        OdpGoldenCase c = OdpGoldens.All[index];
        (OdpKeyFitness fit, string plain, string verbose) = Install(c.Key);
        if (fit == OdpKeyFitness.TooMuch)
        {
            // Only keys with data FlowData cannot hold yet may fit loosely (see OdpFlowKey's header).
            Assert.Matches(@"tp_src=|tp_dst=|geneve\(|erspan\(|gtpu\(|mpls\(.*bos=0", c.Key);
            return;
        }

        Assert.Equal(OdpKeyFitness.Perfect, fit);
        Assert.Equal(OdpGoldens.SplitDumpLine(c.Plain!, false).Key, plain);
        Assert.Equal(OdpGoldens.SplitDumpLine(c.Verbose!, true).Key, verbose);
    }
}
