// Upstream: send_bogus_packet_ins() of ofproto/fail-open.c, with compose_rarp() and eth_addr_nicira_random() of
// lib/packets.c (OVS 3.1)
//
// The packet-in a switch in fail-open sends its controllers every 2 s: a RARP request from a random address in
// Nicira's OUI (00:23:20), as if it came in on the LOCAL port and missed every table, the whole packet, cookie all
// ones. A controller that accepts the switch answers it (a flow_mod or packet-out), which ends fail-open.
using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Connmgr;

internal static class FailOpenPacketIn
{
    /// <summary>Sends the bogus packet-in to every connection of <paramref name="connections"/> that takes table misses.</summary>
    public static void Send(ConnectionManager connections)
    {
        byte[] packet = Rarp();
        var metadata = default(Match);
        Span<byte> port = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(port, OfpPorts.Local);
        FieldAccess.SetExact(ref metadata, FieldTable.Get(FieldId.InPort), port);
        foreach (OfConnection connection in connections.Connections)
        {
            if (connection.ControllerId != 0 || !connection.ReceivesAsync(AsyncTypes.PacketIn, PacketInReasons.NoMatch))
            {
                continue;
            }

            var pin = new PacketIn
            {
                FlowMetadata = metadata,
                Cookie = ulong.MaxValue,
                Reason = PacketInReasons.NoMatch,
                TotalLength = packet.Length,
                Packet = packet,
            };
            var writer = new ArrayBufferWriter<byte>();
            pin.Encode(PacketInSender.RawFor(connection.PacketInFormat, connection.Version), connection.Version, 0, writer);
            connection.Send(writer);
        }
    }

    /// <summary>compose_rarp(): broadcast Ethernet, RARP request "who is" a random Nicira MAC.</summary>
    internal static byte[] Rarp()
    {
        Span<byte> mac = stackalloc byte[6];
        RandomNumberGenerator.Fill(mac);
        mac[0] = 0x00;
        mac[1] = 0x23;
        mac[2] = 0x20;

        byte[] packet = new byte[42];
        packet.AsSpan(0, 6).Fill(0xff);
        mac.CopyTo(packet.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), 0x8035);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1);      // Ethernet hardware
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(16), 0x0800); // IPv4
        packet[18] = 6;
        packet[19] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), 3);      // reverse request
        mac.CopyTo(packet.AsSpan(22));
        mac.CopyTo(packet.AsSpan(32));
        return packet;
    }
}
