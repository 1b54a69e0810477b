// Upstream: ofproto_trace__(), oftrace_node_print_details() and explain_slow_path() of
// ofproto/ofproto-dpif-trace.c (OVS 3.1).
// The text of `ovs-appctl ofproto/trace`: the flow, the tree of what translation did (bridges, tables, actions
// and remarks, indented by nesting), the final flow, the megaflow and the datapath actions, then why translation
// failed or why the flow needs the slow path.
using System.Text;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Text;
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.Dpif.Trace;

internal static class TraceFormatter
{
    /// <summary>
    /// Translates flow through bridge with tracing on and returns the whole report; sideEffects when a packet goes
    /// with the flow (learn actions then learn).
    /// </summary>
    public static string Trace(IXlateBridge bridge, in FlowData flow, bool sideEffects = false)
    {
        XlateResult result = Xlator.Translate(bridge, in flow, trace: true, sideEffects: sideEffects);
        return Format(result);
    }

    public static string Format(XlateResult r)
    {
        var s = new StringBuilder();
        s.Append("Flow: ");
        FlowFormatter.Append(s, r.InitialFlow);
        s.Append('\n');
        AppendNodes(s, r.Trace, 0);
        s.Append("\nFinal flow: ");
        if (r.InitialFlow == r.FinalFlow)
        {
            s.Append("unchanged");
        }
        else
        {
            FlowFormatter.Append(s, r.FinalFlow);
        }

        s.Append('\n');
        s.Append("Megaflow: ");
        Match megaflow = default;
        megaflow.Wildcards = r.Megaflow;
        megaflow.Flow = r.InitialFlow;
        Span<ulong> words = megaflow.Flow.WordSpan;
        ReadOnlySpan<ulong> masks = megaflow.Wildcards.Masks.ReadOnlyWords;
        for (int i = 0; i < words.Length; i++)
        {
            words[i] &= masks[i];
        }

        MatchFormatter.Append(s, in megaflow);
        s.Append('\n');
        s.Append("Datapath actions: ");
        OdpActionFormatter.Format(s, r.OdpActions);
        if (r.Error != XlateError.None)
        {
            s.Append("\nTranslation failed (").Append(XlateErrors.Describe(r.Error)).Append("), packet is dropped.\n");
        }
        else if (r.Slow != SlowPathReasons.None)
        {
            s.Append("\nThis flow is handled by the userspace slow path because it:");
            for (uint bits = (uint)r.Slow; bits != 0; bits &= bits - 1)
            {
                s.Append("\n  - ").Append(Explain(bits & (~bits + 1))).Append('.');
            }
        }

        return s.ToString();
    }

    private static string Explain(uint bit) => bit switch
    {
        0x01 => "Consists of CFM packets",
        0x02 => "Consists of BFD packets",
        0x04 => "Consists of LACP packets",
        0x08 => "Consists of STP packets",
        0x10 => "Consists of LLDP packets",
        0x20 => "Uses action(s) not supported by datapath",
        _ => "Datapath can't match specifically enough",
    };

    /// <summary>oftrace_node_print_details(): a node indents one step more than its list unless it is the list's
    /// last and not a leaf kind; its children indent two steps more in that case.</summary>
    private static void AppendNodes(StringBuilder s, IReadOnlyList<TraceNode> nodes, int level)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            TraceNode node = nodes[i];
            if (node.Type == TraceNodeType.Bridge)
            {
                s.Append('\n');
            }

            int more = i + 1 < nodes.Count || node.IsTerminal ? 1 : 0;
            s.Append(' ', (level + more) * 4);
            switch (node.Type)
            {
                case TraceNodeType.Detail:
                    s.Append(" -> ").Append(node.Text).Append('\n');
                    break;
                case TraceNodeType.Warn:
                    s.Append(" >> ").Append(node.Text).Append('\n');
                    break;
                case TraceNodeType.Error:
                    s.Append(" >>>> ").Append(node.Text).Append(" <<<<\n");
                    break;
                case TraceNodeType.Bridge:
                    s.Append(node.Text).Append('\n');
                    s.Append(' ', (level + more) * 4);
                    s.Append('-', node.Text.Length).Append('\n');
                    break;
                default:
                    s.Append(node.Text).Append('\n');
                    break;
            }

            AppendNodes(s, node.Children, level + more + more);
        }
    }
}
