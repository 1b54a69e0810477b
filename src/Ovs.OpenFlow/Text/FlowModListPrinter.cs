// Upstream: ofctl_parse_flows__() in utilities/ovs-ofctl.c (OVS 3.1), the library half.
//
// What "ovs-ofctl parse-flow(s)" prints for parsed flow_mods: the protocols that can carry all of them, the first
// of those the user allows (lowest bit first, as upstream picks), and each flow_mod encoded in that protocol and
// printed back through ofp-print. Each message takes the next transaction id from the caller's counter.
using System.Buffers;
using System.Text;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class FlowModListPrinter
{
    /// <summary>
    /// Appends the report to <paramref name="sb"/>; returns null, or "no usable protocol" (after the first line) when
    /// <paramref name="allowed"/> excludes every usable protocol.
    /// </summary>
    public static string? Append(
        StringBuilder sb, IReadOnlyList<FlowMod> fms, ProtocolSet usable, ProtocolSet allowed, OfpPrintContext context, ref uint xid)
    {
        string? error = AppendHeader(sb, usable, allowed, out ProtocolSet protocol);
        if (error is not null)
        {
            return error;
        }

        var buffer = new ArrayBufferWriter<byte>();
        foreach (FlowMod fm in fms)
        {
            AppendFlowMod(sb, fm, protocol, context, ref xid, buffer);
        }

        return null;
    }

    /// <summary>
    /// The report's first lines: the usable protocols and the one chosen from <paramref name="allowed"/>. Returns
    /// null, or "no usable protocol" (after the first line) when none is allowed.
    /// </summary>
    public static string? AppendHeader(StringBuilder sb, ProtocolSet usable, ProtocolSet allowed, out ProtocolSet protocol)
    {
        sb.Append("usable protocols: ").Append(OfpProtocolNames.Format(usable)).Append('\n');
        ProtocolSet both = usable & allowed;
        protocol = (ProtocolSet)((int)both & -(int)both);
        if (both == ProtocolSet.None)
        {
            return "no usable protocol";
        }

        sb.Append("chosen protocol: ").Append(ProtocolSetText.Name(protocol)).Append('\n');
        return null;
    }

    /// <summary>
    /// One flow_mod of the report: encoded in <paramref name="protocol"/> (into <paramref name="scratch"/>, reused
    /// by the caller) with the next transaction id, and printed as ofp-print prints the message.
    /// </summary>
    public static void AppendFlowMod(
        StringBuilder sb, FlowMod fm, ProtocolSet protocol, OfpPrintContext context, ref uint xid, ArrayBufferWriter<byte> scratch)
    {
        scratch.ResetWrittenCount();
        fm.Encode(protocol, xid++, scratch);
        OfpPrinter.Append(sb, scratch.WrittenSpan, context);
    }
}
