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
        sb.Append("usable protocols: ").Append(OfpProtocolNames.Format(usable)).Append('\n');
        ProtocolSet both = usable & allowed;
        if (both == ProtocolSet.None)
        {
            return "no usable protocol";
        }

        var protocol = (ProtocolSet)((int)both & -(int)both);
        sb.Append("chosen protocol: ").Append(ProtocolSetText.Name(protocol)).Append('\n');
        var buffer = new ArrayBufferWriter<byte>();
        foreach (FlowMod fm in fms)
        {
            buffer.ResetWrittenCount();
            fm.Encode(protocol, xid++, buffer);
            OfpPrinter.Append(sb, buffer.WrittenSpan, context);
        }

        return null;
    }
}
