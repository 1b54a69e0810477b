// Upstream: lib/ofp-print.c, the per-type dispatch of ofp_to_string__() (OVS 3.1)
//
// One table from message variant to body formatter. A formatter appends the body's text after the header line and
// returns None, or returns the OfpError that decoding the body hit.
using System.Collections.Frozen;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

/// <summary>Formats the body of one message; <paramref name="message"/> is the whole message.</summary>
internal delegate OfpError MessageFormatter(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body);

internal static partial class OfpPrinter
{
    private static readonly FrozenDictionary<OfpRaw, MessageFormatter> s_formatters = BuildFormatters();

    private static FrozenDictionary<OfpRaw, MessageFormatter> BuildFormatters()
    {
        var table = new Dictionary<OfpRaw, MessageFormatter>();

        // Messages whose header says it all.
        OfpRaw[] bodiless =
        [
            OfpRaw.OfptFeaturesRequest, OfpRaw.OfptGetConfigRequest,
            OfpRaw.Ofpt10BarrierRequest, OfpRaw.Ofpt11BarrierRequest, OfpRaw.Ofpt10BarrierReply, OfpRaw.Ofpt11BarrierReply,
            OfpRaw.OfpstDescRequest, OfpRaw.Ofpst13MeterFeaturesRequest, OfpRaw.OfpstTableRequest, OfpRaw.NxtFlowAge,
            OfpRaw.Ofpt13GetAsyncRequest, OfpRaw.Ofpt14GetAsyncRequest,
            OfpRaw.Onft13FlowMonitorPaused, OfpRaw.NxtFlowMonitorPaused, OfpRaw.Onft13FlowMonitorResumed, OfpRaw.NxtFlowMonitorResumed,
            OfpRaw.NxstGroupFeaturesRequest, OfpRaw.Ofpst12GroupFeaturesRequest, OfpRaw.NxtTlvTableRequest,
            OfpRaw.NxstIpfixBridgeRequest, OfpRaw.NxstIpfixFlowRequest,
        ];
        foreach (OfpRaw raw in bodiless)
        {
            table.Add(raw, static (_, _, _, _) => OfpError.None);
        }

        table.Add(OfpRaw.OfptHello, BasicFormatters.Hello);
        table.Add(OfpRaw.OfptError, BasicFormatters.Error);
        table.Add(OfpRaw.OfptEchoRequest, BasicFormatters.Echo);
        table.Add(OfpRaw.OfptEchoReply, BasicFormatters.Echo);
        table.Add(OfpRaw.OfptGetConfigReply, BasicFormatters.GetConfigReply);
        table.Add(OfpRaw.OfptSetConfig, BasicFormatters.SetConfig);
        table.Add(OfpRaw.OfpstDescReply, BasicFormatters.DescReply);
        table.Add(OfpRaw.NxtSetControllerId, BasicFormatters.SetControllerId);
        table.Add(OfpRaw.NxtCtFlushZone, BasicFormatters.CtFlushZone);
        table.Add(OfpRaw.NxtFlowModTableId, BasicFormatters.FlowModTableId);
        table.Add(OfpRaw.NxtSetFlowFormat, BasicFormatters.SetFlowFormat);
        table.Add(OfpRaw.NxtSetPacketInFormat, BasicFormatters.SetPacketInFormat);
        table.Add(OfpRaw.Onft13FlowMonitorCancel, BasicFormatters.FlowMonitorCancel);
        table.Add(OfpRaw.NxtFlowMonitorCancel, BasicFormatters.FlowMonitorCancel);
        table.Add(OfpRaw.Ofpt12RoleRequest, RoleFormatters.Role);
        table.Add(OfpRaw.Ofpt12RoleReply, RoleFormatters.Role);
        table.Add(OfpRaw.NxtRoleRequest, RoleFormatters.Role);
        table.Add(OfpRaw.NxtRoleReply, RoleFormatters.Role);
        PortFormatters.Register(table);
        StatsFormatters.Register(table);
        ExtensionFormatters.Register(table);
        StatsReplyFormatters.Register(table);
        QueueConfigFormatters.Register(table);
        MatchMessageFormatters.Register(table);
        MeterFormatters.Register(table);
        TableFormatters.Register(table);
        GroupFormatters.Register(table);
        ActionMessageFormatters.Register(table);
        FlowModFormatter.Register(table);
        return table.ToFrozenDictionary();
    }
}
