// Differential tests of action translation and ofproto/trace against Debian's ovs-vswitchd 3.1: the same flow
// set, the same traced flow, and the recorded `ovs-appctl ofproto/trace` text (tests/testdata/xlate). The
// datapath actions and megaflow lines are the core measure; the whole trace text is checked separately.
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Trace;

namespace Ovs.Ofproto.Tests.Dpif.Xlate;

public sealed class XlateGoldenTests
{
    public static TheoryData<string, int> Traces()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in XlateGolden.CaseNames())
        {
            XlateGolden g = XlateGolden.Load(name);
            for (int i = 0; i < g.Traces.Count; i++)
            {
                data.Add(name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void DatapathActionsAndMegaflowMatchDebian(string name, int index)
    {
        XlateGolden g = XlateGolden.Load(name);
        string expected = g.Traces[index].Output;
        string actual = Run(g, index);
        if (!expected.StartsWith("Flow: ", StringComparison.Ordinal))
        {
            // Debian refused the flow: so must we, with the same message.
            Assert.Equal(expected, actual);
            return;
        }

        Assert.Equal(Line(expected, "Megaflow: "), Line(actual, "Megaflow: "));
        Assert.Equal(Tail(expected, "Datapath actions: "), Tail(actual, "Datapath actions: "));
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void WholeTraceMatchesDebian(string name, int index)
    {
        XlateGolden g = XlateGolden.Load(name);
        string expected = g.Traces[index].Output;
        Assert.Equal(expected, Run(g, index).TrimEnd('\n'));
    }

    /// <summary>
    /// Our ofproto/trace of the case's trace number index: the report, or the error text as ovs-appctl prints it.
    /// The traces before it run first on the same bridge, as they did in the recording daemon (recirculation ids
    /// that controller actions take are handed out in order).
    /// </summary>
    internal static string Run(XlateGolden g, int index)
    {
        TestBridge bridge = g.BuildBridge();
        string result = "";
        for (int i = 0; i <= index; i++)
        {
            result = RunOne(bridge, g.Traces[i].Flow);
        }

        return result;
    }

    private static string RunOne(TestBridge bridge, string flowText)
    {
        string? error = TraceFlowParser.Parse(flowText, bridge.Ports, out FlowData flow);
        if (error is not null)
        {
            return error + "\novs-appctl: ovs-vswitchd: server returned an error";
        }

        return TraceFormatter.Trace(bridge, in flow);
    }

    internal static string Line(string text, string prefix)
    {
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }

        return $"(no {prefix} line)";
    }

    /// <summary>From the line starting with prefix to the end (the datapath actions and any failure remarks).</summary>
    internal static string Tail(string text, string prefix)
    {
        int i = text.IndexOf("\n" + prefix, StringComparison.Ordinal);
        return i < 0 ? $"(no {prefix} line)" : text[(i + 1)..].TrimEnd('\n');
    }
}
