using System.Text;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Dpif.Tests.Odp;

namespace Ovs.Dpif.Tests;

public class DpifFlowFormatterTests
{
    public static TheoryData<int> Accepted() => OdpActionTextTests.Accepted();

    /// <summary>Builds the flow the userspace datapath would report for a golden add-flow and prints it.</summary>
    [Theory]
    [MemberData(nameof(Accepted))]
    public void Dump_lines_match_dpctl(int index)
    {
        OdpGoldenCase c = OdpGoldens.All[index];
        var key = new NlWriter(new byte[4096]);
        var mask = new NlWriter(new byte[4096]);
        Assert.Null(OdpKeyParser.Parse(c.Key, ref key, ref mask));
        var outKey = new NlWriter(new byte[4096]);
        var outMask = new NlWriter(new byte[4096]);
        if (OdpFlowKey.Canonicalize(key.Written, mask.Written, true, ref outKey, ref outMask) != OdpKeyFitness.Perfect)
        {
            return;
        }

        var actions = new NlWriter(new byte[8192]);
        Assert.True(OdpActionParser.Parse(c.Actions, ref actions));
        Assert.Equal(41, Ufid.TryParsePrefix(c.Verbose!, out Ufid ufid));
        var flow = new DpifFlow(outKey.Written.ToArray(), outMask.Written.ToArray(), actions.Written.ToArray(), ufid, default);
        string extra = c.Verbose![(c.Verbose!.IndexOf(", dp-extra-info:", StringComparison.Ordinal) + 16)..];

        var plain = new StringBuilder();
        DpifFlowFormatter.Format(plain, flow, new DpifFlowAttrs(false, "ovs", extra), false, 0);
        Assert.Equal(c.Plain, plain.ToString());
        var verbose = new StringBuilder();
        DpifFlowFormatter.Format(verbose, flow, new DpifFlowAttrs(false, "ovs", extra), true, 0);
        Assert.Equal(c.Verbose, verbose.ToString());
    }

    [Theory]
    [InlineData(0, 0, 0, "packets:0, bytes:0, used:never")]
    [InlineData(10_000, 2_500, 0, "packets:3, bytes:180, used:7.500s")]
    [InlineData(1_000, 1_000, 0x012, "packets:3, bytes:180, used:0.000s, flags:S.")]
    [InlineData(1_000, 1_000, 0xfff, "packets:3, bytes:180, used:0.000s, flags:SFPRU.ECN[200][400][800]")]
    public void Stats_print_as_dpif_flow_stats_format(long now, long used, int flags, string expected)
    {
        var sb = new StringBuilder();
        DpifFlowFormatter.FormatStats(sb, new DpifFlowStats(used == 0 ? 0UL : 3, used == 0 ? 0UL : 180, used, (ushort)flags), now);
        Assert.Equal(expected, sb.ToString());
    }
}
