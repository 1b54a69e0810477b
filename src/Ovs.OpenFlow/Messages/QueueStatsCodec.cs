// Upstream: lib/ofp-queue.c, ofputil_append_queue_stat(), ofputil_start_queue_get_config_reply() and
// ofputil_append_queue_get_config_reply() (OVS 3.1)
//
// Replies about queues as a switch sends them. Queue statistics entries carry the port, the queue id and three
// transmit counters, all unknown (all ones) here, plus from OpenFlow 1.3 an unknown duration; 1.4 entries are
// length-prefixed. Queue configuration replies list each queue with no rate properties (none of the queues a switch
// here has define them): OpenFlow 1.0-1.3 in OFPT_QUEUE_GET_CONFIG_REPLY after the requested port, 1.4 and later as
// OFPMP_QUEUE_DESC entries.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static class QueueStatsCodec
{
    public static void EncodeReply(byte version, uint xid, IReadOnlyList<(ushort Port, uint Queue)> queues, IBufferWriter<byte> writer)
    {
        (OfpRaw raw, int size) = version switch
        {
            (byte)OfpVersion.Of10 => (OfpRaw.Ofpst10QueueReply, 32),
            < (byte)OfpVersion.Of13 => (OfpRaw.Ofpst11QueueReply, 32),
            (byte)OfpVersion.Of13 => (OfpRaw.Ofpst13QueueReply, 40),
            _ => (OfpRaw.Ofpst14QueueReply, 48),
        };
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, size * queues.Count, out int total);
        body.Fill(0xff);
        for (int i = 0; i < queues.Count; i++)
        {
            Span<byte> e = body.Slice(i * size, size);
            if (version >= (byte)OfpVersion.Of14)
            {
                BinaryPrimitives.WriteUInt16BigEndian(e, (ushort)size);
                e[2..8].Clear();
                e = e[8..];
            }

            if (version == (byte)OfpVersion.Of10)
            {
                BinaryPrimitives.WriteUInt16BigEndian(e, queues[i].Port);
                e[2..4].Clear();
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(e, SwitchFeatures.PortTo11(queues[i].Port));
            }

            BinaryPrimitives.WriteUInt32BigEndian(e[4..], queues[i].Queue);
        }

        writer.Advance(total);
    }

    /// <summary>
    /// The reply to <paramref name="request"/> (a queue get-config request or, from 1.4, a queue description
    /// request) for <paramref name="wirePort"/> as the request spelled it.
    /// </summary>
    public static void EncodeConfigReply(OfpRaw request, byte version, uint xid, uint wirePort, IReadOnlyList<(ushort Port, uint Queue)> queues, IBufferWriter<byte> writer)
    {
        (OfpRaw raw, int header, int size) = request switch
        {
            OfpRaw.Ofpt10QueueGetConfigRequest => (OfpRaw.Ofpt10QueueGetConfigReply, 8, 8),
            OfpRaw.Ofpt11QueueGetConfigRequest => (OfpRaw.Ofpt11QueueGetConfigReply, 8, version >= (byte)OfpVersion.Of12 ? 16 : 8),
            _ => (OfpRaw.Ofpst14QueueDescReply, 0, 16),
        };
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, header + (size * queues.Count), out int total);
        body.Clear();
        if (header > 0)
        {
            if (raw == OfpRaw.Ofpt10QueueGetConfigReply)
            {
                BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)wirePort);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(body, wirePort);
            }
        }

        for (int i = 0; i < queues.Count; i++)
        {
            Span<byte> e = body.Slice(header + (i * size), size);
            uint port = SwitchFeatures.PortTo11(queues[i].Port);
            if (raw == OfpRaw.Ofpst14QueueDescReply)
            {
                // ofp14_queue_desc: port, queue, length.
                BinaryPrimitives.WriteUInt32BigEndian(e, port);
                BinaryPrimitives.WriteUInt32BigEndian(e[4..], queues[i].Queue);
                BinaryPrimitives.WriteUInt16BigEndian(e[8..], (ushort)size);
            }
            else if (size == 16)
            {
                // ofp12_packet_queue: queue, port, length.
                BinaryPrimitives.WriteUInt32BigEndian(e, queues[i].Queue);
                BinaryPrimitives.WriteUInt32BigEndian(e[4..], port);
                BinaryPrimitives.WriteUInt16BigEndian(e[8..], (ushort)size);
            }
            else
            {
                // ofp10_packet_queue: queue, length.
                BinaryPrimitives.WriteUInt32BigEndian(e, queues[i].Queue);
                BinaryPrimitives.WriteUInt16BigEndian(e[4..], (ushort)size);
            }
        }

        writer.Advance(total);
    }
}
