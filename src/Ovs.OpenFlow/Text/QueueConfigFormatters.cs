// Upstream: lib/ofp-queue.c, ofputil_pull_queue_get_config_reply() and ofputil_queue_get_config_reply_format()
// (OVS 3.1)
//
// OFPT_QUEUE_GET_CONFIG_REPLY (1.0-1.3): the port, then queues, each with min-rate and max-rate properties in tenths
// of a percent. Queues print sorted by port and queue id, with a "port=" line whenever the port changes (upstream
// starts from port 0, so queues of port 0 get no such line).
using System.Buffers.Binary;
using System.Text;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Text;

internal static class QueueConfigFormatters
{
    private const ushort RateUnset = ushort.MaxValue;

    public static void Register(Dictionary<OfpRaw, MessageFormatter> table)
    {
        table.Add(OfpRaw.Ofpt10QueueGetConfigReply, QueueGetConfigReply);
        table.Add(OfpRaw.Ofpt11QueueGetConfigReply, QueueGetConfigReply);
        table.Add(OfpRaw.Ofpst14QueueDescReply, QueueDescReply);
    }

    // OpenFlow 1.4's OFPMP_QUEUE_DESC reply: ofp14_queue_desc entries (port, queue, length, padding) followed by
    // min-rate (1) and max-rate (2) properties.
    private static OfpError QueueDescReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        var queues = new List<QueueConfig>();
        OfpError error = OfpError.None;
        while (body.Length > 0 && error == OfpError.None)
        {
            if (body.Length < 16)
            {
                error = OfpError.OfpbrcBadLen;
                break;
            }

            if (!PhyPort.TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(body), out ushort port))
            {
                error = OfpError.OfpbacBadOutPort;
                break;
            }

            uint queue = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
            if (length < 16 || length > body.Length || length % 8 != 0)
            {
                error = OfpError.OfpbrcBadLen;
                break;
            }

            ReadOnlySpan<byte> props = body[16..length];
            body = body[length..];
            ushort min = RateUnset, max = RateUnset;
            while (props.Length > 0)
            {
                error = OfpProperty.TryPull(ref props, out ulong type, out ReadOnlySpan<byte> payload);
                if (error != OfpError.None)
                {
                    break;
                }

                if (type is not (1 or 2))
                {
                    // Unknown properties are skipped, as upstream decodes replies loosely.
                    continue;
                }

                if (payload.Length != 2)
                {
                    error = OfpError.OfpbpcBadLen;
                    break;
                }

                ushort rate = BinaryPrimitives.ReadUInt16BigEndian(payload);
                (min, max) = type == 1 ? (rate, max) : (min, rate);
            }

            if (error == OfpError.None)
            {
                queues.Add(new QueueConfig(port, queue, min, max));
            }
        }

        AppendQueues(sb, queues);
        return error;
    }

    private readonly record struct QueueConfig(ushort Port, uint Queue, ushort MinRate, ushort MaxRate);

    private static OfpError QueueGetConfigReply(StringBuilder sb, OfpPrintContext context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> body)
    {
        byte version = message[0];
        ushort port;
        if (version == OfpVersions.Min)
        {
            port = BinaryPrimitives.ReadUInt16BigEndian(body);
        }
        else if (!PhyPort.TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(body), out port))
        {
            return OfpError.OfpbacBadOutPort;
        }

        var queues = new List<QueueConfig>();
        var reader = new OfpReader(body[8..]);
        OfpError error = OfpError.None;
        int headerSize = version < (byte)OfpVersion.Of12 ? 8 : 16;
        while (reader.Remaining > 0)
        {
            if (!reader.TryRead(headerSize, out ReadOnlySpan<byte> q))
            {
                error = OfpError.OfpbrcBadLen;
                break;
            }

            uint queue = BinaryPrimitives.ReadUInt32BigEndian(q);
            int length = BinaryPrimitives.ReadUInt16BigEndian(q[(headerSize == 8 ? 4 : 8)..]);
            if (length < headerSize || length > reader.Remaining + headerSize || length % 8 != 0)
            {
                error = OfpError.OfpbrcBadLen;
                break;
            }

            ushort min = RateUnset, max = RateUnset;
            reader.TryRead(length - headerSize, out ReadOnlySpan<byte> props);
            while (props.Length > 0 && error == OfpError.None)
            {
                int propLength = props.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(props[2..]) : 0;
                if (propLength < 8 || propLength > props.Length || propLength % 8 != 0)
                {
                    error = OfpError.OfpbrcBadLen;
                    break;
                }

                ushort property = BinaryPrimitives.ReadUInt16BigEndian(props);
                if (property is 1 or 2)
                {
                    if (propLength != 16)
                    {
                        error = OfpError.OfpbrcBadLen;
                        break;
                    }

                    ushort rate = BinaryPrimitives.ReadUInt16BigEndian(props[8..]);
                    if (property == 1)
                    {
                        min = rate;
                    }
                    else
                    {
                        max = rate;
                    }
                }

                else
                {
                    context.Info("ofp_queue", $"unknown queue property {property}");
                }

                props = props[propLength..];
            }

            if (error != OfpError.None)
            {
                break;
            }

            queues.Add(new QueueConfig(port, queue, min, max));
        }

        AppendQueues(sb, queues);
        return error;
    }

    // Sorted by port and queue: " port=P\nqueue Q: rates\n..." with the port given once per run of its queues.
    private static void AppendQueues(StringBuilder sb, List<QueueConfig> queues)
    {
        queues.Sort(static (a, b) => a.Port != b.Port ? a.Port.CompareTo(b.Port) : a.Queue.CompareTo(b.Queue));
        sb.Append(' ');
        ushort current = 0;
        foreach (QueueConfig q in queues)
        {
            if (q.Port != current)
            {
                current = q.Port;
                sb.Append("port=");
                PortFormatters.AppendPortNumber(sb, current);
                sb.Append('\n');
            }

            sb.Append("queue ").Append(q.Queue).Append(':');
            AppendRate(sb, "min_rate", q.MinRate);
            AppendRate(sb, "max_rate", q.MaxRate);
            sb.Append('\n');
        }

        if (sb[^1] == ' ')
        {
            sb.Length--;
        }
    }

    private static void AppendRate(StringBuilder sb, string name, ushort rate)
    {
        if (rate <= 1000)
        {
            sb.Append(' ').Append(name).Append(':').Append(rate / 10).Append('.').Append(rate % 10).Append('%');
        }
        else if (rate < RateUnset)
        {
            sb.Append(' ').Append(name).Append(":(disabled)");
        }
    }
}
