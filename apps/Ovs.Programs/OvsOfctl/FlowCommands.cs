// Upstream: utilities/ovs-ofctl.c, ofctl_parse_flow(), ofctl_parse_flows() and ofctl_parse_flows__(), with
// parse_ofp_flow_mod_file() of lib/ofp-flow.c (OVS 3.1)
//
// The hidden test commands for the flow syntax: parse one flow (or a file of them, "-" for standard input) as
// "add" flow_mods, print the protocols that can express all of them, choose the first of those that the -O/-F
// options allow, and print each flow_mod encoded in that protocol as ofp-print shows it (more detail with -m).
using System.Buffers;
using System.Text;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Programs.OvsOfctl;

internal static class FlowCommands
{
    // Printed text is handed to the output in blocks of about this many characters.
    private const int OutputBlock = 32 * 1024;

    // Each encoded message takes the next transaction id, as upstream's alloc_xid() hands them out.
    private static uint s_nextXid = 1;

    public static void ParseFlow(OfctlContext ctx)
    {
        string? error = FlowModParser.Parse(ctx.Args[0], FlowModCommand.Add, out FlowMod fm, out ProtocolSet usable, ActionCommands.Warn);
        if (error is not null)
        {
            throw new CliException(error);
        }

        PrintFlowMods(ctx, [fm], usable);
    }

    /// <summary>
    /// ofctl_parse_flows(): every line is parsed (and its warnings and errors reported) before anything is printed,
    /// since one protocol is chosen for all flows; the lines are then parsed again one at a time to be encoded and
    /// printed, so no parsed flow outlives its line, and the text goes out in blocks as it is produced.
    /// </summary>
    public static void ParseFlows(OfctlContext ctx)
    {
        using FlowFile file = FlowFile.Open(ctx.Args[0]);
        ProtocolSet usable = ProtocolSet.Any;
        foreach ((int number, string text) in file.Lines())
        {
            usable &= ParseLine(file, number, text, FlowModCommand.Add, ActionCommands.Warn, out _);
        }

        var sb = new StringBuilder();
        string? error = FlowModListPrinter.AppendHeader(sb, usable, ctx.Options.AllowedProtocols, out ProtocolSet protocol);
        if (error is null)
        {
            var context = new OfpPrintContext(ctx.Options.Verbosity, ActionCommands.Warn);
            var scratch = new ArrayBufferWriter<byte>();
            foreach ((int number, string text) in file.Lines())
            {
                // The first reading reported the warnings already.
                ParseLine(file, number, text, FlowModCommand.Add, null, out FlowMod fm);
                FlowModListPrinter.AppendFlowMod(sb, fm, protocol, context, ref s_nextXid, scratch);
                if (sb.Length >= OutputBlock)
                {
                    ctx.Out.Write(sb);
                    sb.Clear();
                }
            }
        }

        WriteReport(ctx, sb, error);
    }

    /// <summary>parse_ofp_flow_mod_file(): one flow per line, '#' comments and blank lines skipped.</summary>
    internal static List<FlowMod> ReadFlowModFile(
        string fileName, FlowModCommand? command, out ProtocolSet usable, IReadOnlyDictionary<string, ushort>? portNames = null)
    {
        using FlowFile file = FlowFile.Open(fileName);
        var fms = new List<FlowMod>();
        usable = ProtocolSet.Any;
        foreach ((int number, string text) in file.Lines())
        {
            usable &= ParseLine(file, number, text, command, ActionCommands.Warn, out FlowMod fm, portNames);
            fms.Add(fm);
        }

        return fms;
    }

    private static ProtocolSet ParseLine(
        FlowFile file, int number, string text, FlowModCommand? command, OfpWarningSink? warn, out FlowMod fm,
        IReadOnlyDictionary<string, ushort>? portNames = null)
    {
        string? error = FlowModParser.Parse(text, command, out fm, out ProtocolSet usable, warn, portNames);
        return error is null ? usable : throw new CliException($"{file.Name}:{number}: {error}");
    }

    private static void PrintFlowMods(OfctlContext ctx, List<FlowMod> fms, ProtocolSet usable)
    {
        var sb = new StringBuilder();
        var context = new OfpPrintContext(ctx.Options.Verbosity, ActionCommands.Warn);
        string? error = FlowModListPrinter.Append(sb, fms, usable, ctx.Options.AllowedProtocols, context, ref s_nextXid);
        WriteReport(ctx, sb, error);
    }

    private static void WriteReport(OfctlContext ctx, StringBuilder sb, string? error)
    {
        ctx.Out.Write(sb);
        if (error is not null)
        {
            ctx.Out.Flush();
            throw new CliException(error);
        }
    }
}
