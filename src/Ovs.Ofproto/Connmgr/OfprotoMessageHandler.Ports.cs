// Upstream: ofproto/ofproto.c, handle_port_stats_request(), handle_queue_stats_request(),
// handle_queue_get_config_request() and handle_port_mod(); lib/ofp-port.c ofputil_decode_port_mod() (OVS 3.1)
//
// Port statistics come from the device's counters (and its custom counters, shown from OpenFlow 1.4 on) with the
// time since the port was added. Queues are whatever the device reports (a dummy device has queue 0); no device
// here keeps queue counters, so their statistics are unknown. Port-mod changes a port's config bits after checking
// the port number and hardware address, as upstream does.
// Threading: main loop only.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static partial class OfprotoMessageHandler
{
    private const ushort PortAny = 0xffff;
    private const ushort PortAll10 = 0xfffc;
    private const ushort PortMax = 0xff00;
    private const uint QueueAll = uint.MaxValue;

    private static OfpError PortStatsRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        OfpError error = PortStats.TryDecodeRequest(request.Version, request.Body, out ushort number);
        if (error != OfpError.None)
        {
            return error;
        }

        long now = ofproto.NowMs;
        var entries = new List<PortStats>();
        foreach (OfprotoPort port in ofproto.PortsInHashOrder)
        {
            if (number == PortAny || port.OfpPort == number)
            {
                entries.Add(CollectPortStats(port, now));
            }
        }

        var writer = new ArrayBufferWriter<byte>();
        PortStats.EncodeReply(request.Version, request.Xid, entries, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static PortStats CollectPortStats(OfprotoPort port, long nowMs)
    {
        var entry = new PortStats(port.OfpPort);
        if (port.Netdev.GetStats(out NetdevStats s) == 0)
        {
            ulong[] c = entry.Counters;
            (c[0], c[1], c[2], c[3]) = (s.RxPackets, s.TxPackets, s.RxBytes, s.TxBytes);
            (c[4], c[5], c[6], c[7]) = (s.RxDropped, s.TxDropped, s.RxErrors, s.TxErrors);
            (c[8], c[9], c[10], c[11]) = (s.RxFrameErrors, s.RxOverErrors, s.RxCrcErrors, s.Collisions);
        }

        port.Netdev.GetCustomStats(entry.Custom);
        long age = Math.Max(nowMs - port.CreatedMs, 0);
        entry.DurationSec = (uint)(age / 1000);
        entry.DurationNsec = (uint)(age % 1000 * 1_000_000);
        return entry;
    }

    private static OfpError QueueStatsRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        ushort number;
        if (request.Version == OfpVersions.Min)
        {
            number = BinaryPrimitives.ReadUInt16BigEndian(request.Body);
            number = number == PortAll10 ? PortAny : number;
        }
        else if (!PhyPort.TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(request.Body), out number))
        {
            return OfpError.OfpqofcBadPort;
        }

        uint queue = BinaryPrimitives.ReadUInt32BigEndian(request.Body[4..]);
        var entries = new List<(ushort Port, uint Queue)>();
        OfpError error = ForEachQueue(ofproto, number, queue, (port, id) => entries.Add((port.OfpPort, id)));
        if (error != OfpError.None)
        {
            return error;
        }

        var writer = new ArrayBufferWriter<byte>();
        QueueStatsCodec.EncodeReply(request.Version, request.Xid, entries, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError QueueGetConfigRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        ushort number;
        uint queue = QueueAll;
        uint wirePort;
        if (request.Info.Raw == OfpRaw.Ofpt10QueueGetConfigRequest)
        {
            number = BinaryPrimitives.ReadUInt16BigEndian(request.Body);
            wirePort = number;
        }
        else
        {
            wirePort = BinaryPrimitives.ReadUInt32BigEndian(request.Body);
            if (!PhyPort.TryPortFrom11(wirePort, out number))
            {
                return OfpError.OfpbacBadOutPort;
            }

            if (request.Info.Raw == OfpRaw.Ofpst14QueueDescRequest)
            {
                queue = BinaryPrimitives.ReadUInt32BigEndian(request.Body[4..]);
            }
        }

        bool anyAllowed = request.Info.Raw != OfpRaw.Ofpt10QueueGetConfigRequest;
        if (!(number < PortMax || (anyAllowed && number == PortAny)))
        {
            return OfpError.OfpqofcBadPort;
        }

        var entries = new List<(ushort Port, uint Queue)>();
        OfpError error = ForEachQueue(ofproto, number, queue, (port, id) => entries.Add((port.OfpPort, id)));
        if (error != OfpError.None)
        {
            return error;
        }

        var writer = new ArrayBufferWriter<byte>();
        QueueStatsCodec.EncodeConfigReply(request.Info.Raw, request.Version, request.Xid, wirePort, entries, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    /// <summary>
    /// The queues of port <paramref name="number"/> (or of every port for OFPP_ANY) that <paramref name="queue"/>
    /// selects (OFPQ_ALL for every one). A missing port is OFPQOFC_BAD_PORT; a queue no port has, OFPQOFC_BAD_QUEUE.
    /// </summary>
    private static OfpError ForEachQueue(Ofproto.Core.Ofproto ofproto, ushort number, uint queue, Action<OfprotoPort, uint> visit)
    {
        if (number != PortAny && ofproto.FindPort(number) is null)
        {
            return OfpError.OfpqofcBadPort;
        }

        bool found = false;
        var ids = new List<uint>();
        foreach (OfprotoPort port in ofproto.PortsInHashOrder)
        {
            if (number != PortAny && port.OfpPort != number)
            {
                continue;
            }

            ids.Clear();
            bool portOk = port.Netdev.DumpQueues(ids) == 0;
            if (queue == QueueAll)
            {
                // Dumping every queue succeeds even for a device without queues (it then has none to show).
                found = true;
                ids.ForEach(id => visit(port, id));
            }
            else if (portOk && ids.Contains(queue))
            {
                found = true;
                visit(port, queue);
            }
        }

        return found ? OfpError.None : OfpError.OfpqofcBadQueue;
    }

    private static OfpError PortModHandler(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        OfpError error = RejectSecondary(connection);
        if (error != OfpError.None)
        {
            return error;
        }

        error = StartPortMod(ofproto, request.Version, request.Body, out PortModRequest pm);
        if (error == OfpError.None)
        {
            ofproto.ModifyPortConfig(pm.Port, pm.Config, pm.Mask, connection);
        }

        return error;
    }

    /// <summary>
    /// ofputil_decode_port_mod() and port_mod_start(): the port a port-mod names, which must exist and have the
    /// hardware address the message gives, and the config bits to change.
    /// </summary>
    internal static OfpError StartPortMod(Ofproto.Core.Ofproto ofproto, byte version, ReadOnlySpan<byte> b, out PortModRequest pm)
    {
        pm = default;
        ushort number;
        ulong mac;
        uint config, mask;
        if (version == OfpVersions.Min)
        {
            number = BinaryPrimitives.ReadUInt16BigEndian(b);
            mac = ReadMac(b[2..]);
            config = BinaryPrimitives.ReadUInt32BigEndian(b[8..]) & 0x7f;
            mask = BinaryPrimitives.ReadUInt32BigEndian(b[12..]) & 0x7f;
        }
        else
        {
            if (!PhyPort.TryPortFrom11(BinaryPrimitives.ReadUInt32BigEndian(b), out number))
            {
                return OfpError.OfpbacBadOutPort;
            }

            mac = ReadMac(b[8..]);
            config = BinaryPrimitives.ReadUInt32BigEndian(b[16..]) & 0x65;
            mask = BinaryPrimitives.ReadUInt32BigEndian(b[20..]) & 0x65;
        }

        OfprotoPort? port = ofproto.FindPort(number);
        if (port is null)
        {
            return OfpError.OfppmfcBadPort;
        }

        if (Describe(port).HardwareAddress != mac)
        {
            return OfpError.OfppmfcBadHwAddr;
        }

        pm = new PortModRequest(port, config, mask);
        return OfpError.None;
    }

    private static ulong ReadMac(ReadOnlySpan<byte> p) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(p) << 32) | BinaryPrimitives.ReadUInt32BigEndian(p[2..]);

    /// <summary>A checked port-mod: the port and the config bits of mask to set as config has them.</summary>
    internal readonly record struct PortModRequest(OfprotoPort Port, uint Config, uint Mask);
}
