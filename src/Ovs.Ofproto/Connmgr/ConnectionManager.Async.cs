// Upstream: ofproto/connmgr.c, ofconn_receives_async_msg(), connmgr_send_port_status(),
// connmgr_send_requestforward(), ofconn_set_role() and ofconn_send_role_status() (OVS 3.1)
//
// Asynchronous messages: every one the switch sends unasked (packet-in, port status, flow removed, request
// forward, ...) goes through SendAsync, which asks each connection whether it wants that type and reason (its role's
// mask, and service connections only with a nonzero miss_send_len) and encodes the message in the connection's own
// version. Role changes that demote a primary tell it with a role status (OpenFlow 1.3 and later).
// Threading: main loop only.
using System.Buffers;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal sealed partial class ConnectionManager
{
    /// <summary>
    /// Sends an asynchronous message of <paramref name="type"/> (an AsyncTypes value) for <paramref name="reason"/>
    /// to each connection that wants it. <paramref name="encode"/> builds the message for one connection (in its
    /// version) or returns null to leave that connection out.
    /// </summary>
    public void SendAsync(int type, int reason, Func<OfConnection, byte[]?> encode)
    {
        foreach (OfConnection connection in _connections.Values)
        {
            if (connection.ReceivesAsync(type, reason) && encode(connection) is { } message)
            {
                connection.Session.TrySend(message);
            }
        }
    }

    /// <summary>
    /// connmgr_send_port_status(): announces <paramref name="port"/> for <paramref name="reason"/>. Up to OpenFlow
    /// 1.4 the connection whose port-mod caused the change is not told; a modification that looks the same in a
    /// connection's version as <paramref name="old"/> is not sent there.
    /// </summary>
    public void SendPortStatus(byte reason, PhyPort port, PhyPort? old, OfConnection? source)
    {
        SendAsync(AsyncTypes.PortStatus, reason, connection =>
        {
            if (connection == source && connection.Version < (byte)OfpVersion.Of15)
            {
                return null;
            }

            byte[] message = PortStatus.Encode(connection.Version, reason, port);
            return reason == PortStatus.ReasonModify && old is not null
                && message.AsSpan().SequenceEqual(PortStatus.Encode(connection.Version, reason, old)) ? null : message;
        });
    }

    /// <summary>
    /// connmgr_send_requestforward(): forwards a group mod or meter mod that <paramref name="source"/> sent to the
    /// other connections that asked for it. <paramref name="request"/> is the whole original message; it is
    /// forwarded in each receiver's version only when the versions match (the inner message cannot be
    /// re-encoded here), and meter mods only to OpenFlow 1.3 and later.
    /// </summary>
    public void SendRequestForward(OfConnection source, byte reason, byte[] request)
    {
        SendAsync(AsyncTypes.RequestForward, reason, connection =>
        {
            if (connection == source || connection.Version != request[0]
                || (reason == RequestForwardReasons.MeterMod && connection.Version < (byte)OfpVersion.Of13))
            {
                return null;
            }

            OfpRaw raw = connection.Version switch
            {
                >= (byte)OfpVersion.Of14 => OfpRaw.Ofpt14Requestforward,
                (byte)OfpVersion.Of13 => OfpRaw.Onft13Requestforward,
                _ => OfpRaw.NxtRequestforward,
            };
            var writer = new ArrayBufferWriter<byte>(request.Length + 24);
            Span<byte> body = OfpEncoder.Begin(writer, raw, connection.Version, 0, request.Length, out int total);
            request.CopyTo(body);
            writer.Advance(total);
            return writer.WrittenSpan.ToArray();
        });
    }

    /// <summary>
    /// ofconn_set_role(): gives <paramref name="connection"/> <paramref name="role"/>; becoming primary demotes any
    /// other primary to secondary, which hears of it through a role status carrying <paramref name="generationId"/>.
    /// </summary>
    public void SetRole(OfConnection connection, ControllerRole role, ulong generationId)
    {
        if (role != connection.Role && role == ControllerRole.Primary)
        {
            foreach (OfConnection other in _connections.Values)
            {
                if (other.Role == ControllerRole.Primary)
                {
                    other.Role = ControllerRole.Secondary;
                    SendRoleStatus(other, ControllerRole.Secondary, generationId);
                }
            }
        }

        connection.Role = role;
    }

    /// <summary>ofconn_send_role_status() with reason "primary_request"; nothing before OpenFlow 1.3.</summary>
    private static void SendRoleStatus(OfConnection connection, ControllerRole role, ulong generationId)
    {
        if (connection.Version < (byte)OfpVersion.Of13)
        {
            return;
        }

        OfpRaw raw = connection.Version >= (byte)OfpVersion.Of14 ? OfpRaw.Ofpt14RoleStatus : OfpRaw.Onft13RoleStatus;
        var writer = new ArrayBufferWriter<byte>(32);
        Span<byte> body = OfpEncoder.Begin(writer, raw, connection.Version, 0, 16, out int total);
        body.Clear();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(body, (uint)role);
        body[4] = 0; // OFPCRR_PRIMARY_REQUEST
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(body[8..], generationId);
        writer.Advance(total);
        connection.Session.TrySend(writer.WrittenSpan.ToArray());
    }
}

/// <summary>The reasons of a request forward: a group mod or a meter mod.</summary>
internal static class RequestForwardReasons
{
    public const byte GroupMod = 0;
    public const byte MeterMod = 1;
}
