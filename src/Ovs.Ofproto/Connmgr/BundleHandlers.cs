// Upstream: handle_bundle_control(), handle_bundle_add() and do_bundle_commit() of ofproto/ofproto.c;
// bundle_remove_expired() and connmgr_set_bundle_idle_timeout() of ofproto/connmgr.c (OVS 3.1)
//
// OpenFlow bundles of a switch's connections. BUNDLE_CONTROL opens, closes, commits and discards (see OfBundle for
// the state errors) and is answered with the matching reply (flags 0); BUNDLE_ADD_MESSAGE decodes the carried port
// mod, flow mod, group mod or packet-out at once (its errors are reported then, and the bundle stays as it was) and
// keeps it. Secondary controllers may do neither.
//
// Commit applies the bundle's messages in order, all or nothing: flow mods and group mods are made in the next table
// version and group batch; port mods and packet-outs are checked (port mods cannot be atomic: an atomic bundle with a
// port mod fails). On the first error everything is undone, the error goes out referring to the failing add message,
// and the commit itself fails with OFPBFC_MSG_FAILED. Otherwise groups and flows are published together, then port
// mods apply and packet-outs run (after the changes, so they see the bundle's flows and groups). The bundle goes
// away whatever the outcome. Bundles left idle longer than the idle timeout (10 s unless
// other_config:bundle-idle-timeout says otherwise) are thrown away with OFPBFC_TIMEOUT, checked once a second.
// Threading: main loop only.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.Ofproto.Core;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class BundleHandlers
{
    /// <summary>BUNDLE_IDLE_TIMEOUT_DEFAULT: 10 seconds.</summary>
    public const long DefaultIdleTimeoutMs = 10_000;

    private static long s_idleTimeoutMs = DefaultIdleTimeoutMs;

    /// <summary>How long a bundle may stay idle (milliseconds), for every switch, as upstream's global.</summary>
    public static long IdleTimeoutMs => Volatile.Read(ref s_idleTimeoutMs);

    /// <summary>connmgr_set_bundle_idle_timeout(): seconds, 0 for the default.</summary>
    public static void SetIdleTimeout(uint seconds) =>
        Volatile.Write(ref s_idleTimeoutMs, seconds == 0 ? DefaultIdleTimeoutMs : seconds * 1000L);

    public static OfpError Control(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        if (connection.Role == ControllerRole.Secondary)
        {
            return OfpError.OfpbrcIsSecondary;
        }

        BundleControl control = BundleControl.Decode(request.Body);
        long now = ofproto.Tables.NowMs;
        Dictionary<uint, OfBundle> bundles = connection.Bundles;
        (OfpError error, BundleControlType reply) = control.Type switch
        {
            BundleControlType.OpenRequest => (OfBundle.Open(bundles, control.BundleId, control.Flags, request.Message, now), BundleControlType.OpenReply),
            BundleControlType.CloseRequest => (OfBundle.Close(bundles, control.BundleId, control.Flags, now), BundleControlType.CloseReply),
            BundleControlType.CommitRequest => (Commit(ofproto, connection, control.BundleId, control.Flags), BundleControlType.CommitReply),
            BundleControlType.DiscardRequest => (OfBundle.Discard(bundles, control.BundleId), BundleControlType.DiscardReply),
            _ => (OfpError.OfpbfcBadType, BundleControlType.OpenReply),
        };
        if (error == OfpError.None)
        {
            connection.Session.TrySend(new BundleControl(control.BundleId, reply, BundleFlags.None).Encode(request.Version, request.Xid));
        }

        return error;
    }

    public static OfpError Add(Core.Ofproto ofproto, OfConnection connection, in OfprotoMessageHandler.Request request)
    {
        if (connection.Role == ControllerRole.Secondary)
        {
            return OfpError.OfpbrcIsSecondary;
        }

        OfpError error = BundleAdd.TryDecode(request.Message, request.Body, out uint id, out BundleFlags flags, out byte[] inner, out OfpRawInfo? info);
        if (error != OfpError.None)
        {
            return error;
        }

        error = DecodeEntry(ofproto, connection, request.Message, inner, info!.Raw, out BundleEntry? entry);
        return error != OfpError.None ? error : OfBundle.Add(connection.Bundles, id, flags, entry!, ofproto.Tables.NowMs);
    }

    /// <summary>bundle_remove_expired(): throws away every bundle idle for longer than the timeout, with OFPBFC_TIMEOUT.</summary>
    public static void Expire(Core.Ofproto ofproto)
    {
        if (ofproto.Connections is not { } connections)
        {
            return;
        }

        long limit = ofproto.Tables.NowMs - IdleTimeoutMs;
        foreach (OfConnection connection in connections.Connections)
        {
            foreach (OfBundle bundle in connection.Bundles.Values.Where(b => b.UsedMs <= limit).ToList())
            {
                connection.Bundles.Remove(bundle.Id);
                SendError(connection, OfpError.OfpbfcTimeout, bundle.Creator);
            }
        }
    }

    // handle_bundle_add()'s decoding of the carried message, with what upstream checks before the commit.
    private static OfpError DecodeEntry(Core.Ofproto ofproto, OfConnection connection, byte[] message, byte[] inner, OfpRaw raw, out BundleEntry? entry)
    {
        entry = null;
        OfpError error;
        switch (raw)
        {
            case OfpRaw.Ofpt10FlowMod or OfpRaw.Ofpt11FlowMod or OfpRaw.NxtFlowMod:
                error = FlowMod.TryDecode(inner, connection.FlowModTableId, null, out FlowMod fm);
                if (error == OfpError.None)
                {
                    error = ofproto.Tables.CheckInit(fm);
                }

                bool modifyCookie = raw != OfpRaw.Ofpt11FlowMod && fm.NewCookie != ulong.MaxValue;
                entry = new BundleEntry(message, inner, raw) { Flow = fm, ModifyCookie = modifyCookie };
                return error;
            case OfpRaw.NxtGroupMod or OfpRaw.Ofpt11GroupMod or OfpRaw.Ofpt15GroupMod:
                error = GroupCodec.TryDecodeGroupMod(inner, null, out GroupMod? gm);
                entry = new BundleEntry(message, inner, raw) { Group = gm };
                return error;
            case OfpRaw.Ofpt10PacketOut or OfpRaw.Ofpt11PacketOut or OfpRaw.Ofpt15PacketOut:
                OfpRawDecoder.TryDecode(inner, out _, out ReadOnlySpan<byte> poBody, out _);
                error = PacketOutHandler.Prepare(raw, inner[0], poBody, out PacketOut po, out Flow.FlowData flow);
                entry = new BundleEntry(message, inner, raw) { Packet = po, PacketFlow = flow };
                return error;
            default:
                // Port mods are decoded and checked against the ports at commit.
                entry = new BundleEntry(message, inner, raw);
                return OfpError.None;
        }
    }

    // do_bundle_commit().
    private static OfpError Commit(Core.Ofproto ofproto, OfConnection connection, uint id, BundleFlags flags)
    {
        if (!connection.Bundles.Remove(id, out OfBundle? bundle))
        {
            return OfpError.OfpbfcBadId;
        }

        if (bundle.Flags != flags)
        {
            return OfpError.OfpbfcBadFlags;
        }

        FlowTables tables = ofproto.Tables;
        GroupTable groups = ofproto.Groups;
        groups.BeginBatch();
        FlowTables.Transaction batch = tables.BeginBatch();
        var portMods = new List<OfprotoMessageHandler.PortModRequest>();
        foreach (BundleEntry entry in bundle.Entries)
        {
            OfpError error = Start(ofproto, connection, entry, flags, batch, portMods);
            if (error != OfpError.None)
            {
                tables.RevertBatch(batch);
                groups.AbortBatch();
                SendError(connection, error, entry.Message);
                return OfpError.OfpbfcMsgFailed;
            }
        }

        groups.CommitBatch(() => tables.FinishBatch(batch));
        foreach (OfprotoMessageHandler.PortModRequest pm in portMods)
        {
            ofproto.ModifyPortConfig(pm.Port, pm.Config, pm.Mask, connection);
        }

        foreach (BundleEntry entry in bundle.Entries)
        {
            if (entry.Flow is { } fm)
            {
                connection.FlowMods.Add(fm.Command, Environment.TickCount64);
            }
            else if (entry.Group is not null)
            {
                ofproto.Backer.Upcalls.Invalidate();
                ofproto.Connections?.SendRequestForward(connection, RequestForwardReasons.GroupMod, entry.Inner);
            }
            else if (entry.Packet is { } po)
            {
                PacketOutHandler.Execute(ofproto, po.Packet, entry.PacketFlow, po.Actions);
            }
        }

        return OfpError.None;
    }

    // The start phase of one message of a committing bundle: changes that stay invisible until the commit finishes.
    private static OfpError Start(
        Core.Ofproto ofproto, OfConnection connection, BundleEntry entry, BundleFlags flags, FlowTables.Transaction batch, List<OfprotoMessageHandler.PortModRequest> portMods)
    {
        if (entry.Flow is { } fm)
        {
            return ofproto.Tables.StartInBatch(batch, fm, entry.ModifyCookie, new FlowModRequester(connection, BinaryPrimitives.ReadUInt32BigEndian(entry.Inner.AsSpan(4))));
        }

        if (entry.Group is { } gm)
        {
            return ofproto.Groups.Apply(gm);
        }

        if (entry.Packet is { } po)
        {
            return ofproto.Tables.CheckActions(po.Actions);
        }

        if ((flags & BundleFlags.Atomic) != 0)
        {
            // Port mods are not atomic.
            return OfpError.OfpbfcMsgFailed;
        }

        OfpRawDecoder.TryDecode(entry.Inner, out _, out ReadOnlySpan<byte> body, out _);
        OfpError error = OfprotoMessageHandler.StartPortMod(ofproto, entry.Inner[0], body, out OfprotoMessageHandler.PortModRequest pm);
        if (error == OfpError.None)
        {
            portMods.Add(pm);
        }

        return error;
    }

    private static void SendError(OfConnection connection, OfpError error, byte[] message)
    {
        var writer = new ArrayBufferWriter<byte>();
        OfpErrorMessage.EncodeReply(error, message, writer);
        connection.Send(writer);
    }
}
