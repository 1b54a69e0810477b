// Upstream: lib/ofp-print.c, lib/ofp-queue.c, lib/ofp-group.c, lib/ofp-meter.c, lib/ofp-flow.c and
// lib/ofp-connection.c: the statistics requests that name one port, queue, group or meter, the aggregate reply, and
// role status (OVS 3.1)
using System.Buffers.Binary;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class StatsFormatters
{
    private const uint QueueAll = 0xffffffff;
    private const uint GroupAll = 0xfffffffc;
    private const uint GroupAny = 0xffffffff;

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpst10PortRequest, PortStatsRequest);
        table.Add(OfpRaw.Ofpst11PortRequest, PortStatsRequest);
        table.Add(OfpRaw.Ofpst10QueueRequest, QueueStatsRequest);
        table.Add(OfpRaw.Ofpst11QueueRequest, QueueStatsRequest);
        table.Add(OfpRaw.Ofpt10QueueGetConfigRequest, QueueGetConfigRequest);
        table.Add(OfpRaw.Ofpt11QueueGetConfigRequest, QueueGetConfigRequest);
        table.Add(OfpRaw.Ofpst14QueueDescRequest, QueueGetConfigRequest);
        table.Add(OfpRaw.NxstGroupRequest, GroupRequest);
        table.Add(OfpRaw.Ofpst11GroupRequest, GroupRequest);
        table.Add(OfpRaw.NxstGroupDescRequest, GroupRequest);
        table.Add(OfpRaw.Ofpst15GroupDescRequest, GroupRequest);
        table.Add(OfpRaw.Ofpst11GroupDescRequest, static (sb, _, _, _) => AppendGroup(sb.Append(" group_id="), GroupAll));
        table.Add(OfpRaw.Ofpst13MeterRequest, MeterRequest);
        table.Add(OfpRaw.Ofpst13MeterConfigRequest, MeterRequest);
        table.Add(OfpRaw.OfpstAggregateReply, AggregateReply);
        table.Add(OfpRaw.NxstAggregateReply, AggregateReply);
        table.Add(OfpRaw.Onft13RoleStatus, RoleStatus);
        table.Add(OfpRaw.Ofpt14RoleStatus, RoleStatus);
    }

    private static OfpError PortStatsRequest(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        if (!TryPort(message[0], body, context, out ushort port))
        {
            return OfpError.OfpbacBadOutPort;
        }

        sb.Append(" port_no=");
        PortFormatters.AppendPortNumber(sb, port);
        return OfpError.None;
    }

    private static OfpError QueueStatsRequest(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        if (!TryPort(message[0], body, context, out ushort port))
        {
            return OfpError.OfpbacBadOutPort;
        }

        // OpenFlow 1.0 says ALL where later versions say ANY.
        if (message[0] == OfpVersions.Min && port == 0xfffc)
        {
            port = 0xffff;
        }

        sb.Append(" port=");
        PortFormatters.AppendPortNumber(sb, port);
        sb.Append(" queue=");
        AppendQueue(sb, BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
        return OfpError.None;
    }

    private static OfpError QueueGetConfigRequest(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        OfpRawDecoder.TryClassify(message, out OfpRawInfo? info, out _);
        ushort port;
        uint queue = QueueAll;
        if (info!.Raw == OfpRaw.Ofpt10QueueGetConfigRequest)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(body);
        }
        else
        {
            if (!TryPort(message[0], body, context, out port))
            {
                return OfpError.OfpbacBadOutPort;
            }

            if (info.Raw == OfpRaw.Ofpst14QueueDescRequest)
            {
                queue = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
            }
        }

        // OpenFlow 1.1-1.3 also accept ANY; 1.4's queue description accepts every port.
        bool anyOk = port == 0xffff && info.Raw == OfpRaw.Ofpt11QueueGetConfigRequest;
        if (port >= 0xff00 && !anyOk && info.Raw != OfpRaw.Ofpst14QueueDescRequest)
        {
            return OfpError.OfpqofcBadPort;
        }

        sb.Append(" port=");
        PortFormatters.AppendPortNumber(sb, port);
        if (queue != QueueAll)
        {
            sb.Append(" queue=");
            AppendQueue(sb, queue);
        }

        return OfpError.None;
    }

    private static OfpError GroupRequest(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(" group_id=");
        return AppendGroup(sb, BinaryPrimitives.ReadUInt32BigEndian(body));
    }

    private static OfpError MeterRequest(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(' ');
        AppendMeter(sb, BinaryPrimitives.ReadUInt32BigEndian(body), '=');
        return OfpError.None;
    }

    private static OfpError AggregateReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        sb.Append(" packet_count=").Append(BinaryPrimitives.ReadUInt64BigEndian(body))
            .Append(" byte_count=").Append(BinaryPrimitives.ReadUInt64BigEndian(body[8..]))
            .Append(" flow_count=").Append(BinaryPrimitives.ReadUInt32BigEndian(body[16..]));
        return OfpError.None;
    }

    private static OfpError RoleStatus(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        uint role = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (role > 3)
        {
            return OfpError.OfprrfcBadRole;
        }

        RoleFormatters.AppendRole(sb, (ControllerRole)role, BinaryPrimitives.ReadUInt64BigEndian(body[8..]));
        sb.Append(" reason=").Append(body[4] switch
        {
            0 => "primary_request",
            1 => "configuration_changed",
            2 => "experimenter_data_changed",
            _ => "(unknown)",
        });
        return OfpError.None;
    }

    /// <summary>A port field: 16 bits in OpenFlow 1.0, 32 bits mapped into 16 in later versions.</summary>
    private static bool TryPort(byte version, ReadOnlySpan<byte> body, OfpPrintContext context, out ushort port)
    {
        if (version == OfpVersions.Min)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(body);
            return true;
        }

        uint port11 = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (PhyPort.TryPortFrom11(port11, out port))
        {
            return true;
        }

        context.Warning("ofp_port", $"port {port11} is outside the supported range 0 through 65279 or 0xffffff00 through 0xffffffff");
        return false;
    }

    public static void AppendQueue(StringBuilder sb, uint queue)
    {
        if (queue == QueueAll)
        {
            sb.Append("ALL");
        }
        else
        {
            sb.Append(queue);
        }
    }

    public static OfpError AppendGroup(StringBuilder sb, uint group)
    {
        if (group == GroupAll)
        {
            sb.Append("ALL");
        }
        else if (group == GroupAny)
        {
            sb.Append("ANY");
        }
        else
        {
            sb.Append(group);
        }

        return OfpError.None;
    }

    public static void AppendMeter(StringBuilder sb, uint meter, char separator)
    {
        sb.Append("meter").Append(separator);
        if (meter <= 0xffff0000)
        {
            sb.Append(meter);
        }
        else
        {
            sb.Append(meter switch
            {
                0xfffffffd => "slowpath",
                0xfffffffe => "controller",
                0xffffffff => "all",
                _ => "unknown",
            });
        }
    }
}
