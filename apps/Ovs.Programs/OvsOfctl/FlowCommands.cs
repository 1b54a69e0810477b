// Upstream: utilities/ovs-ofctl.c, ofctl_parse_flow(), ofctl_parse_flows() and ofctl_parse_flows__(), with
// parse_ofp_flow_mod_file() of lib/ofp-flow.c (OVS 3.1)
//
// The hidden test commands for the flow syntax: parse one flow (or a file of them, "-" for standard input) as
// "add" flow_mods, print the protocols that can express all of them, choose the first of those that the -O/-F
// options allow, and print each flow_mod encoded in that protocol as ofp-print shows it (more detail with -m).
using System.Text;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Programs.OvsOfctl;

internal static class FlowCommands
{
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

    public static void ParseFlows(OfctlContext ctx)
    {
        List<FlowMod> fms = ReadFlowModFile(ctx.Args[0], FlowModCommand.Add, out ProtocolSet usable);
        PrintFlowMods(ctx, fms, usable);
    }

    /// <summary>parse_ofp_flow_mod_file(): one flow per line, '#' comments and blank lines skipped.</summary>
    internal static List<FlowMod> ReadFlowModFile(
        string fileName, FlowModCommand? command, out ProtocolSet usable, IReadOnlyDictionary<string, ushort>? portNames = null)
    {
        TextReader reader;
        try
        {
            reader = fileName == "-" ? Console.In : new StreamReader(fileName, Encoding.Latin1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{fileName}: open failed ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }

        var fms = new List<FlowMod>();
        usable = ProtocolSet.Any;
        int lineNumber = 0;
        using (fileName == "-" ? null : reader)
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                int comment = line.IndexOf('#', StringComparison.Ordinal);
                if (comment >= 0)
                {
                    line = line[..comment];
                }

                if (line.AsSpan().Trim(" \t\r\n\v\f").IsEmpty)
                {
                    continue;
                }

                string? error = FlowModParser.Parse(line, command, out FlowMod fm, out ProtocolSet lineUsable, ActionCommands.Warn, portNames);
                if (error is not null)
                {
                    throw new CliException($"{fileName}:{lineNumber}: {error}");
                }

                usable &= lineUsable;
                fms.Add(fm);
            }
        }

        return fms;
    }

    private static void PrintFlowMods(OfctlContext ctx, List<FlowMod> fms, ProtocolSet usable)
    {
        var sb = new StringBuilder();
        var context = new OfpPrintContext(ctx.Options.Verbosity, ActionCommands.Warn);
        string? error = FlowModListPrinter.Append(sb, fms, usable, ctx.Options.AllowedProtocols, context, ref s_nextXid);
        ctx.Out.Write(sb.ToString());
        if (error is not null)
        {
            ctx.Out.Flush();
            throw new CliException(error);
        }
    }
}
