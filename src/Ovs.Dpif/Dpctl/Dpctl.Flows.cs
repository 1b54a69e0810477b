// Upstream: dpctl_dump_flows() and its type filter, dpctl_put_flow_dpif(), dpctl_add_flow(), dpctl_mod_flow(),
// dpctl_get_flow(), dpctl_del_flow_dpif() and dpctl_del_flows() in lib/dpctl.c (OVS 3.1).
// Flows are written as dump-flows prints them. Under ovs-vswitchd a flow given without a UFID gets one hashed
// from its key (upstream does this so the flow could be offloaded), so a later del-flow of the same key finds it.
using System.Text;
using Ovs.Common;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;

namespace Ovs.Dpif.Dpctl;

internal sealed partial class Dpctl
{
    private const int FlowBufferSize = 65536;

    public int AddFlow(string[] argv) => PutFlow(argv, DpifFlowPutFlags.Create);

    public int ModFlow(string[] argv)
    {
        DpifFlowPutFlags flags = DpifFlowPutFlags.Modify;
        if (Options.MayCreate)
        {
            flags |= DpifFlowPutFlags.Create;
        }

        if (Options.ZeroStatistics)
        {
            flags |= DpifFlowPutFlags.ZeroStats;
        }

        return PutFlow(argv, flags);
    }

    private int PutFlow(string[] argv, DpifFlowPutFlags flags)
    {
        IDpif? dpif = OptDpifOpen(argv, 4, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            return PutFlow(dpif, argv[^2], argv[^1], flags);
        }
    }

    private int PutFlow(IDpif dpif, string keyText, string actionsText, DpifFlowPutFlags flags)
    {
        int consumed = Ufid.TryParsePrefix(keyText, out Ufid parsedUfid);
        if (consumed < 0)
        {
            Error(Einval, "parsing flow ufid");
            return Einval;
        }

        Ufid? ufid = consumed > 0 ? parsedUfid : null;
        var key = new NlWriter(new byte[FlowBufferSize]);
        var mask = new NlWriter(new byte[FlowBufferSize]);
        if (OdpKeyParser.Parse(keyText.AsSpan(consumed), ref key, ref mask, PortNameNumbers(dpif)) is string parseError)
        {
            Error(Einval, $"parsing flow key ({parseError})");
            return Einval;
        }

        var actions = new NlWriter(new byte[FlowBufferSize]);
        if (!OdpActionParser.Parse(actionsText, ref actions))
        {
            Error(Einval, "parsing actions");
            return Einval;
        }

        if (ufid is null && Options.IsAppctl)
        {
            ufid = FlowKeyUfid.Compute(key.Written);
        }

        var put = new DpifFlowPut(flags, key.Written.ToArray(), mask.Written.ToArray(), actions.Written.ToArray(), ufid);
        int error = dpif.FlowPut(put, out DpifFlowStats stats);
        if (error != 0)
        {
            Error(error, "updating flow table");
            return error;
        }

        if (Options.PrintStatistics)
        {
            PrintStats(stats);
        }

        return 0;
    }

    private void PrintStats(DpifFlowStats stats)
    {
        var text = new StringBuilder();
        DpifFlowFormatter.FormatStats(text, stats, NowMilliseconds());
        Print(text.Append('\n').ToString());
    }

    public int GetFlow(string[] argv)
    {
        string keyText = argv[^1];
        IDpif? dpif = OptDpifOpen(argv, 3, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            Dictionary<uint, string>? names = PortNumberNames(dpif);
            int consumed = Ufid.TryParsePrefix(keyText, out Ufid ufid);
            if (consumed <= 0)
            {
                // Upstream reports the bad UFID but still answers with success.
                Error(consumed < 0 ? Einval : 0, "parsing flow ufid");
                return 0;
            }

            error = dpif.FlowGet(ReadOnlyMemory<byte>.Empty, ufid, out DpifFlow? flow);
            if (error != 0 || flow is null)
            {
                error = error != 0 ? error : OvsErrno.ENOENT;
                Error(error, "getting flow");
                return error;
            }

            var text = new StringBuilder();
            DpifFlowFormatter.Format(text, flow, flow.Attrs, Options.Verbosity > 0, NowMilliseconds(), names);
            Print(text.Append('\n').ToString());
            return 0;
        }
    }

    public int DelFlow(string[] argv)
    {
        IDpif? dpif = OptDpifOpen(argv, 3, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            return DelFlow(dpif, argv[^1]);
        }
    }

    private int DelFlow(IDpif dpif, string keyText)
    {
        int consumed = Ufid.TryParsePrefix(keyText, out Ufid parsedUfid);
        if (consumed < 0)
        {
            Error(Einval, "parsing flow ufid");
            return Einval;
        }

        Ufid? ufid = consumed > 0 ? parsedUfid : null;
        var key = new NlWriter(new byte[FlowBufferSize]);
        var mask = new NlWriter(new byte[FlowBufferSize]);
        if (OdpKeyParser.Parse(keyText.AsSpan(consumed), ref key, ref mask, PortNameNumbers(dpif)) is string parseError)
        {
            Error(Einval, parseError);
            return Einval;
        }

        if (ufid is null && Options.IsAppctl)
        {
            ufid = FlowKeyUfid.Compute(key.Written);
        }

        int error = dpif.FlowDel(key.Written.ToArray(), ufid, out DpifFlowStats stats);
        if (error != 0)
        {
            Error(error, "deleting flow");
            if (error == OvsErrno.ENOENT)
            {
                // Upstream gives this hint whether or not the flow was named by a UFID.
                Print("Perhaps you need to specify a UFID?\n");
            }

            return error;
        }

        if (Options.PrintStatistics)
        {
            PrintStats(stats);
        }

        return 0;
    }

    public int DelFlows(string[] argv)
    {
        if ((!DpArgExists(argv) && argv.Length == 2) || argv.Length > 2)
        {
            return ProcessFlows(argv);
        }

        IDpif? dpif = OptDpifOpen(argv, 2, out int error);
        if (dpif is null)
        {
            return error;
        }

        using (dpif)
        {
            error = dpif.FlowFlush();
            if (error != 0)
            {
                Error(error, "deleting all flows");
            }

            return error;
        }
    }
}
