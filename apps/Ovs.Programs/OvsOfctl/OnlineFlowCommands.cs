// Upstream: utilities/ovs-ofctl.c, ofctl_dump_flows(), ofctl_dump_aggregate(), prepare_dump_flows(),
// ofctl_flow_mod(), ofctl_flow_mod_file() and ofctl_flow_mod__() (OVS 3.1)
//
// Flow tables over a connection. Dumps parse the optional match, pick a dump protocol the switch accepts (NXM on an
// OpenFlow 1.0 connection when the match allows, after NXT_SET_FLOW_FORMAT), and print the replies as ofp-print does;
// with --no-stats or --sort the flows are collected and printed one per line instead. Flow mods parse first (the
// switch's port and table names are fetched beforehand, each over its own connection, as upstream does), then
// connect, pick a protocol that can carry every flow, and send each flow_mod followed by a barrier: an error from the
// switch is printed on stderr and ends the program with status 1.
using System.Buffers;
using System.Text;
using Ovs.Cli;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.Programs.OvsOfctl;

internal static class OnlineFlowCommands
{
    public static void DumpFlows(OfctlContext ctx)
    {
        bool showStats = ctx.Options.ShowStats ?? true;
        if (ctx.Options.SortCriteria.Count == 0 && !ShowNames(ctx.Options) && showStats)
        {
            DumpFlowsRaw(ctx, aggregate: false);
            return;
        }

        using OfctlVconn vconn = PrepareDump(ctx, aggregate: false, out byte[] request);
        List<FlowStats> flows = CollectFlows(vconn, request);
        if (ctx.Options.SortCriteria.Count > 0)
        {
            Sort(flows, ctx.Options.SortCriteria);
        }

        var sb = new StringBuilder();
        foreach (FlowStats fs in flows)
        {
            sb.Append(' ');
            ActionMessageFormatters.AppendFlowStats(sb, fs, showStats);
            sb.Append('\n');
        }

        ctx.Out.Write(sb.ToString());
    }

    public static void DumpAggregate(OfctlContext ctx) => DumpFlowsRaw(ctx, aggregate: true);

    /// <summary>vconn_dump_flows(): every flow the request selects, from all the reply parts.</summary>
    internal static List<FlowStats> CollectFlows(OfctlVconn vconn, byte[] request)
    {
        var flows = new List<FlowStats>();
        foreach (byte[] reply in vconn.CollectMultipart(request))
        {
            if (OfctlVconn.IsError(reply))
            {
                throw new CliException("dump flows", Ovs.Common.OvsErrno.EPROTO);
            }

            OfpRawDecoder.TryDecode(reply, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
            while (true)
            {
                OfpError error = FlowStats.TryDecodeNext(info!.Raw, reply[0], ref body, ActionCommands.Warn, out FlowStats? fs);
                if (error != OfpError.None)
                {
                    throw new CliException("dump flows", Ovs.Common.OvsErrno.EPROTO);
                }

                if (fs is null)
                {
                    break;
                }

                // Ages are an ofp-print nicety (upstream decodes collected flows without the flow-age extension).
                fs.IdleAge = -1;
                fs.HardAge = -1;
                flows.Add(fs);
            }
        }

        return flows;
    }

    /// <summary>The flow (or aggregate) statistics request for fsr in protocol.</summary>
    internal static byte[] EncodeDumpRequest(ProtocolSet protocol, FlowStatsRequest fsr)
    {
        byte version = Ovs.OpenFlow.Messages.FlowMod.VersionOf(protocol);
        bool aggregate = fsr.Aggregate;
        OfpRaw raw = protocol switch
        {
            ProtocolSet.Of10Std or ProtocolSet.Of10StdTid => aggregate ? OfpRaw.Ofpst10AggregateRequest : OfpRaw.Ofpst10FlowRequest,
            ProtocolSet.Of10Nxm or ProtocolSet.Of10NxmTid => aggregate ? OfpRaw.NxstAggregateRequest : OfpRaw.NxstFlowRequest,
            _ when aggregate => version >= (byte)OfpVersion.Of15 ? OfpRaw.Ofpst15AggregateRequest : OfpRaw.Ofpst11AggregateRequest,
            _ => OfpRaw.Ofpst11FlowRequest,
        };
        var writer = new ArrayBufferWriter<byte>();
        fsr.Encode(raw, version, OfpXid.Next(), writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void AddFlow(OfctlContext ctx) => FlowMod(ctx, FlowModCommand.Add);

    public static void AddFlows(OfctlContext ctx) => FlowModFile(ctx, null);

    public static void ModFlows(OfctlContext ctx) => FlowMod(ctx, ctx.Options.Strict ? FlowModCommand.ModifyStrict : FlowModCommand.Modify);

    public static void DelFlows(OfctlContext ctx) => FlowMod(ctx, ctx.Options.Strict ? FlowModCommand.DeleteStrict : FlowModCommand.Delete);

    /// <summary>should_show_names(): --names, or by default when stdout is a terminal.</summary>
    internal static bool ShowNames(OfctlOptions options) => options.UseNames ?? !Console.IsOutputRedirected;

    private static void DumpFlowsRaw(OfctlContext ctx, bool aggregate)
    {
        using OfctlVconn vconn = PrepareDump(ctx, aggregate, out byte[] request);
        vconn.DumpTransaction(request, ctx.Out);
    }

    /// <summary>prepare_dump_flows(): parse the match, connect, choose the protocol, encode the request.</summary>
    private static OfctlVconn PrepareDump(OfctlContext ctx, bool aggregate, out byte[] request)
    {
        string target = ctx.Args[0];
        string match = ctx.Args.Count > 1 ? ctx.Args[1] : "";
        IReadOnlyDictionary<string, ushort>? ports = null;
        if (match.Length > 0)
        {
            ports = OfctlVconn.PortMap(target, ctx.Options);
            OfctlVconn.FetchTableNames(target, ctx.Options);
        }

        string? error = FlowModParser.Parse(match, FlowModCommand.Delete, out FlowMod fm, out ProtocolSet usable, ActionCommands.Warn, ports);
        if (error is not null)
        {
            throw new CliException(error);
        }

        // Table ids need no special support in statistics requests.
        if ((usable & ProtocolSet.Of10StdTid) != 0)
        {
            usable |= ProtocolSet.Of10Std;
        }

        if ((usable & ProtocolSet.Of10NxmTid) != 0)
        {
            usable |= ProtocolSet.Of10Nxm;
        }

        OfctlVconn vconn = OfctlVconn.Open(target, ctx.Options);
        ProtocolSet protocol = vconn.SetProtocolForFlowDump(usable);
        var fsr = new FlowStatsRequest
        {
            Aggregate = aggregate,
            Match = fm.Match,
            Cookie = fm.Cookie,
            CookieMask = fm.CookieMask,
            OutPort = fm.OutPort,
            OutGroup = fm.OutGroup,
            TableId = fm.TableId,
        };
        request = EncodeDumpRequest(protocol, fsr);
        return vconn;
    }

    /// <summary>ofctl_flow_mod(): one flow from the command line, or a file when the flow is "-".</summary>
    private static void FlowMod(OfctlContext ctx, FlowModCommand command)
    {
        if (ctx.Args.Count > 1 && ctx.Args[1] == "-")
        {
            // A file may name each line's command; lines without one are adds (upstream's command -2).
            FlowModFile(ctx, command == FlowModCommand.Add ? null : command);
            return;
        }

        string target = ctx.Args[0];
        OfctlVconn.FetchTableNames(target, ctx.Options);
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        string? error = FlowModParser.Parse(ctx.Args.Count > 1 ? ctx.Args[1] : "", command, out FlowMod fm, out ProtocolSet usable, ActionCommands.Warn, ports);
        if (error is not null)
        {
            throw new CliException(error);
        }

        SendFlowMods(ctx, [fm], usable);
    }

    /// <summary>ofctl_flow_mod_file(): a file of flows ("-" for stdin); add-flows lets each line name its command.</summary>
    private static void FlowModFile(OfctlContext ctx, FlowModCommand? command)
    {
        string target = ctx.Args[0];
        OfctlVconn.FetchTableNames(target, ctx.Options);
        IReadOnlyDictionary<string, ushort>? ports = OfctlVconn.PortMap(target, ctx.Options);
        List<FlowMod> fms = FlowCommands.ReadFlowModFile(ctx.Args[1], command, out ProtocolSet usable, ports);
        SendFlowMods(ctx, fms, usable);
    }

    /// <summary>ofctl_flow_mod__(), and bundle_flow_mod__() for --bundle (bundles need OpenFlow 1.3 or later).</summary>
    private static void SendFlowMods(OfctlContext ctx, List<FlowMod> fms, ProtocolSet usable)
    {
        if (ctx.Options.Bundle)
        {
            usable &= BundleTransaction.Protocols;
        }

        OfctlVconn.CheckFlowModProtocols(usable, ctx.Options.AllowedProtocols);
        using OfctlVconn vconn = OfctlVconn.Open(ctx.Args[0], ctx.Options);
        ProtocolSet protocol = vconn.SetProtocolForFlowMod(usable);
        if (ctx.Options.Bundle)
        {
            var requests = new List<byte[]>();
            var encoded = new ArrayBufferWriter<byte>();
            foreach (FlowMod fm in fms)
            {
                encoded.ResetWrittenCount();
                fm.Encode(protocol, OfpXid.Next(), encoded);
                requests.Add(encoded.WrittenSpan.ToArray());
            }

            BundleTransaction.Run(vconn, requests, ctx);
            return;
        }

        var hex = new StringBuilder();
        var writer = new ArrayBufferWriter<byte>();
        foreach (FlowMod fm in fms)
        {
            writer.ResetWrittenCount();
            fm.Encode(protocol, OfpXid.Next(), writer);
            byte[] message = writer.WrittenSpan.ToArray();
            if (ctx.Options.Verbosity == 5)
            {
                HexDump.Append(hex, message, 0, true);
            }
            else if (ctx.Options.Verbosity > 5)
            {
                hex.Append(Convert.ToHexStringLower(message)).Append('\n');
            }

            vconn.TransactNoReply([message]);
        }

        // Upstream prints the dumps only once every flow_mod went through.
        ctx.Out.Write(hex.ToString());
    }

    /// <summary>
    /// compare_flows(): each criterion in turn. A field criterion puts flows that match on the field first (whatever
    /// the order), then compares the field's values as bytes; flows equal on every criterion keep their order.
    /// </summary>
    private static void Sort(List<FlowStats> flows, List<(bool Ascending, string? Field)> criteria)
    {
        var keys = new List<(bool Ascending, FieldInfo? Field)>();
        foreach ((bool ascending, string? name) in criteria)
        {
            FieldInfo? field = null;
            if (name is not null && !name.Equals("priority", StringComparison.OrdinalIgnoreCase))
            {
                field = FieldTable.FromName(name) ?? throw new CliException($"{name}: unknown field name");
            }

            keys.Add((ascending, field));
        }

        List<FlowStats> sorted = [.. flows.Order(Comparer<FlowStats>.Create((a, b) => Compare(a, b, keys)))];
        flows.Clear();
        flows.AddRange(sorted);
    }

    private static int Compare(FlowStats a, FlowStats b, List<(bool Ascending, FieldInfo? Field)> keys)
    {
        foreach ((bool ascending, FieldInfo? field) in keys)
        {
            int c;
            if (field is null)
            {
                c = a.Priority.CompareTo(b.Priority);
            }
            else
            {
                bool inA = Ovs.Flow.Prerequisites.AreMet(a.Match, field) && !Ovs.Flow.FieldAccess.IsAllWild(a.Match, field);
                bool inB = Ovs.Flow.Prerequisites.AreMet(b.Match, field) && !Ovs.Flow.FieldAccess.IsAllWild(b.Match, field);
                if (inA != inB)
                {
                    return inA ? -1 : 1;
                }

                var va = new byte[field.Size];
                var vb = new byte[field.Size];
                Ovs.Flow.FieldAccess.GetValue(a.Match, field, va);
                Ovs.Flow.FieldAccess.GetValue(b.Match, field, vb);
                c = va.AsSpan().SequenceCompareTo(vb);
            }

            if (c != 0)
            {
                return ascending ? c : -c;
            }
        }

        return 0;
    }
}
