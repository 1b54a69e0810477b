// Upstream: ofproto_unixctl_init() of ofproto/ofproto-dpif.c (dpif/dump-dps, dpif/dump-flows) and
// ofproto_dpif_trace_init() of ofproto/ofproto-dpif-trace.c (ofproto/trace) (OVS 3.1)
//
// The unixctl commands of the datapath-backed switches, with upstream's names, usage texts and argument counts:
// dpif/dump-dps lists "type@bridge" for every bridge (dpif/show is in Unixctl/DpifShowCommands.cs);
// dpif/dump-flows a bridge's datapath flows; ofproto/trace explains a flow's translation.
// Threading: the handlers run on the main loop, like the switches they read.
using System.Globalization;
using System.Text;
using Ovs.Dpif;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Trace;
using Ovs.Transport.Unixctl;

namespace Ovs.Ofproto.Dpif;

internal static class OfprotoDpifCommands
{
    /// <summary>Registers the commands over the switches of <paramref name="context"/>.</summary>
    public static void Register(UnixctlCommands commands, OfprotoContext context, Func<long> nowMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(commands);
        commands.Register("dpif/dump-dps", string.Empty, 0, 0, (c, _) => c.Reply(DumpDps(context)));
        Upcall.UpcallCommands.Register(commands, context);
        DpFeatureCommands.Register(commands, context);
        commands.Register("dpif/dump-flows", "[-m] [--names | --no-names] bridge", 1, int.MaxValue, (c, a) =>
        {
            string? error = DumpFlows(context, a, nowMilliseconds(), out string reply);
            if (error is null)
            {
                c.Reply(reply);
            }
            else
            {
                c.ReplyError(error);
            }
        });
        commands.Register("ofproto/trace", TraceCommand.Usage, 1, int.MaxValue, (c, a) =>
        {
            string? error = TraceCommand.Run(context, a, out string reply);
            if (error is null)
            {
                c.Reply(reply);
            }
            else
            {
                c.ReplyError(error);
            }
        });
    }

    public static string DumpDps(OfprotoContext context)
    {
        var s = new StringBuilder();
        foreach (Core.Ofproto ofproto in SortedSwitches(context))
        {
            s.Append(ofproto.Type).Append('@').Append(ofproto.Name).Append('\n');
        }

        return s.ToString();
    }

    /// <summary>dpif/dump-flows: the datapath flows whose input port belongs to the bridge named last.</summary>
    public static string? DumpFlows(OfprotoContext context, IReadOnlyList<string> args, long nowMs, out string reply)
    {
        reply = "";
        if (!context.Switches.TryGetValue(args[^1], out Core.Ofproto? ofproto))
        {
            return "no such bridge";
        }

        bool verbose = false;
        bool? names = null;
        for (int i = 0; i < args.Count - 1; i++)
        {
            switch (args[i])
            {
                case "-m":
                    verbose = true;
                    break;
                case "--names":
                    names = true;
                    break;
                case "--no-names":
                    names = false;
                    break;
            }
        }

        Dictionary<uint, string>? portNames = null;
        if (names ?? verbose)
        {
            portNames = [];
            foreach (DpifPort port in ofproto.Backer.Dpif.PortDump())
            {
                portNames[port.PortNumber] = port.Name;
            }
        }

        var s = new StringBuilder();
        foreach (DpifFlow flow in ofproto.Backer.Dpif.FlowDump())
        {
            if (OdpFlowKey.ToFlow(flow.Key.Span, out FlowData key) == OdpKeyFitness.Error
                || ofproto.Backer.Upcalls.FindInput(in key, out _, out _) != ofproto.Xlate)
            {
                continue;
            }

            DpifFlowFormatter.Format(s, flow, flow.Attrs, verbose, nowMs, portNames);
            s.Append('\n');
        }

        reply = s.ToString();
        return null;
    }

    private static List<Core.Ofproto> SortedSwitches(OfprotoContext context)
    {
        var switches = new List<Core.Ofproto>(context.Switches.Values);
        switches.Sort(static (a, b) => string.CompareOrdinal(a.Type + "@" + a.Name, b.Type + "@" + b.Name));
        return switches;
    }
}
