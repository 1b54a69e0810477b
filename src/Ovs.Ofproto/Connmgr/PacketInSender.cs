// Upstream: process_upcall()'s CONTROLLER_UPCALL case in ofproto/ofproto-dpif-upcall.c, and connmgr_send_async_msg(),
// ofconn_receives_async_msg(), wire_reason() and the default asynchronous configuration of ofproto/connmgr.c (OVS 3.1)
//
// A userspace(controller(...)) action ran on a packet: the switch that froze the state sends the packet as a
// packet-in to each connection that wants it. A connection receives packet-ins unless it is a secondary controller,
// a service connection (ovs-ofctl monitor, snoop) that has not asked for them with a miss_send_len, a controller
// with another controller id than the action names, or one whose (default) asynchronous configuration excludes the
// reason. The reason is told in the connection's OpenFlow version: before 1.4, action-set, group and packet-out
// reasons read "action", and a table-miss flow's controller action reads "no_match" from OpenFlow 1.3 on. The
// packet is cut to the action's max_len (to the connection's miss_send_len for an implicit table miss) and the
// packet-in carries the pipeline metadata that was current when the action ran: the input port always, the other
// pipeline fields when they are not zero. The message's form follows the connection's packet-in format.
// Threading: Deliver is called on datapath threads and posts the sending to the main loop.
using System.Buffers;
using Ovs.Flow;
using Ovs.Flow.Fields;
using Ovs.Ofproto.Dpif;
using Ovs.Ofproto.Dpif.Upcall;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class PacketInSender
{
    /// <summary>Reasons that ofproto uses internally for table misses (upstream OFPR_EXPLICIT_MISS, OFPR_IMPLICIT_MISS).</summary>
    private const ushort ExplicitMiss = 6, ImplicitMiss = 7;

    private static readonly FieldId[] s_metadataFields = BuildMetadataFields();

    /// <summary>The UpcallDispatcher.PacketIn callback: hands the packet-in to the switch's main loop.</summary>
    public static void Deliver(IXlateBridge bridge, ReadOnlyMemory<byte> packet, ControllerCookie cookie, FrozenState? frozen)
    {
        if (bridge is not OfprotoXlateBridge { Ofproto: { Post: { } post } ofproto })
        {
            return;
        }

        byte[] data = packet.ToArray();
        post(() => Send(ofproto, data, cookie, frozen));
    }

    /// <summary>Sends the packet-in to every connection of <paramref name="ofproto"/> that receives it.</summary>
    public static void Send(Core.Ofproto ofproto, byte[] packet, ControllerCookie cookie, FrozenState? frozen)
    {
        if (ofproto.Connections is not { } connections)
        {
            return;
        }

        Match metadata = Metadata(frozen);
        foreach (OfConnection connection in connections.Connections)
        {
            byte version = connection.Version;
            byte reason = WireReason(cookie.Reason, version);
            if (!Receives(connection, cookie, reason))
            {
                continue;
            }

            int maxLen = cookie.Reason == ImplicitMiss ? connection.MissSendLength : cookie.MaxLen;
            var pin = new PacketIn
            {
                FlowMetadata = metadata,
                Cookie = cookie.RuleCookie,
                Reason = reason,
                TableId = frozen?.TableId ?? 0,
                TotalLength = packet.Length,
                Packet = packet.Length > maxLen ? packet[..maxLen] : packet,
                Userdata = frozen?.Userdata ?? [],
            };
            OfpRaw raw = RawFor(connection.PacketInFormat, version);
            if (raw == OfpRaw.NxtPacketIn2 && cookie.Continuation && frozen is { Continuation: true })
            {
                ContinuationMessages.AddContinuation(pin, cookie, frozen, version);
            }

            var writer = new ArrayBufferWriter<byte>();
            pin.Encode(raw, version, 0, writer);
            connection.Send(writer);
        }
    }

    /// <summary>
    /// Whether the packet-in is for this connection: the controller id the action named, and the connection's
    /// asynchronous configuration for the reason as its version says it (ofconn_receives_async_msg()).
    /// </summary>
    private static bool Receives(OfConnection connection, ControllerCookie cookie, byte reason) =>
        cookie.ControllerId == connection.ControllerId && connection.ReceivesAsync(AsyncTypes.PacketIn, reason);

    private static byte WireReason(ushort reason, byte version) => reason switch
    {
        ExplicitMiss => version >= (byte)OfpVersion.Of13 ? PacketInReasons.NoMatch : PacketInReasons.Action,
        ImplicitMiss => PacketInReasons.NoMatch,
        PacketInReasons.ActionSet or PacketInReasons.Group or PacketInReasons.PacketOut
            when version < (byte)OfpVersion.Of14 => PacketInReasons.Action,
        _ => (byte)reason,
    };

    internal static OfpRaw RawFor(uint format, byte version) => format switch
    {
        1 => OfpRaw.NxtPacketIn,
        2 => OfpRaw.NxtPacketIn2,
        _ => version switch
        {
            (byte)OfpVersion.Of10 => OfpRaw.Ofpt10PacketIn,
            (byte)OfpVersion.Of11 => OfpRaw.Ofpt11PacketIn,
            (byte)OfpVersion.Of12 => OfpRaw.Ofpt12PacketIn,
            _ => OfpRaw.Ofpt13PacketIn,
        },
    };

    /// <summary>The packet-in's metadata match: in_port always, the other pipeline fields when not zero.</summary>
    private static Match Metadata(FrozenState? frozen)
    {
        var source = default(Match);
        if (frozen is not null)
        {
            source.Flow = frozen.Flow;
        }
        else
        {
            source.Flow.SetU16(FlowLayout.InPort, OfpPorts.None);
        }

        var match = default(Match);
        Span<byte> value = stackalloc byte[16];
        FieldAccess.GetValue(in source, FieldTable.Get(FieldId.InPort), value[..2]);
        FieldAccess.SetExact(ref match, FieldTable.Get(FieldId.InPort), value[..2]);
        foreach (FieldId id in s_metadataFields)
        {
            FieldInfo field = FieldTable.Get(id);
            Span<byte> v = value[..field.Size];
            FieldAccess.GetValue(in source, field, v);
            if (v.ContainsAnyExcept((byte)0))
            {
                FieldAccess.SetExact(ref match, field, v);
            }
        }

        return match;
    }

    private static FieldId[] BuildMetadataFields()
    {
        var ids = new List<FieldId> { FieldId.TunId, FieldId.TunSrc, FieldId.TunDst, FieldId.Metadata, FieldId.PktMark, FieldId.CtState, FieldId.CtZone, FieldId.CtMark };
        for (FieldId r = FieldId.Reg0; r <= FieldId.Reg15; r++)
        {
            ids.Add(r);
        }

        return [.. ids];
    }
}
