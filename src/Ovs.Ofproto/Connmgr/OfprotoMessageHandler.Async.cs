// Upstream: ofproto/ofproto.c, handle_nxt_set_async_config(), handle_nxt_get_async_request() and
// handle_role_request() (OVS 3.1)
//
// The messages that configure which asynchronous messages a connection gets and in which role. OFPT_SET_ASYNC
// (OpenFlow 1.3's three mask pairs or 1.4's properties) and NXT_SET_ASYNC_CONFIG(2) change only what they carry;
// a service connection that asks for asynchronous messages this way also gets the default miss_send_len (128), as
// upstream gives it. Role requests check the generation id (only when becoming primary or secondary) and a new
// primary demotes the old one.
// Threading: main loop only.
using System.Buffers;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static partial class OfprotoMessageHandler
{
    private const ushort DefaultMissSendLength = 128;

    private static OfpError SetAsync(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        OfpError error = AsyncConfig.TryDecode(request.Info.Raw, request.Version, request.Body, loose: false, warn: null, connection.GetAsyncConfig(), out AsyncConfig config);
        if (error != OfpError.None)
        {
            return error;
        }

        connection.SetAsyncConfig(config);
        if (connection.IsService && connection.MissSendLength == 0)
        {
            connection.MissSendLength = DefaultMissSendLength;
        }

        return OfpError.None;
    }

    private static OfpError GetAsyncRequest(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        OfpRaw reply = request.Info.Raw == OfpRaw.Ofpt13GetAsyncRequest ? OfpRaw.Ofpt13GetAsyncReply : OfpRaw.Ofpt14GetAsyncReply;
        var writer = new ArrayBufferWriter<byte>();
        connection.GetAsyncConfig().Encode(reply, request.Version, request.Xid, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    private static OfpError RoleRequestHandler(Ofproto.Core.Ofproto ofproto, OfConnection connection, in Request request)
    {
        OfpError error = RoleRequest.TryDecode(request.Info.Raw, request.Body, out RoleRequest role);
        if (error != OfpError.None)
        {
            return error;
        }

        if (role.Role != ControllerRole.NoChange)
        {
            if (role.Role != ControllerRole.Equal && role.GenerationId is ulong generation)
            {
                if (ofproto.RoleGenerationId is ulong current && (long)(generation - current) < 0)
                {
                    return OfpError.OfprrfcStale;
                }

                ofproto.RoleGenerationId = generation;
            }

            if (ofproto.Connections is { } connections)
            {
                connections.SetRole(connection, role.Role, ofproto.RoleGenerationId ?? 0);
            }
            else
            {
                connection.Role = role.Role;
            }
        }

        var writer = new ArrayBufferWriter<byte>();
        OfpRaw reply = request.Info.Raw == OfpRaw.NxtRoleRequest ? OfpRaw.NxtRoleReply : OfpRaw.Ofpt12RoleReply;
        new RoleRequest(connection.Role, ofproto.RoleGenerationId).Encode(reply, request.Version, request.Xid, writer);
        connection.Send(writer);
        return OfpError.None;
    }

    /// <summary>Whether the connection may change the switch (reject_secondary_controller()).</summary>
    private static OfpError RejectSecondary(OfConnection connection) =>
        connection.Role == ControllerRole.Secondary ? OfpError.OfpbrcIsSecondary : OfpError.None;
}
