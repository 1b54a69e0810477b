// Upstream: lib/ofp-connection.c, ofputil_decode_role_message() (OVS 3.1)
//
// OFPT_ROLE_REQUEST/REPLY (1.2+) carry (role, generation id); NXT_ROLE_REQUEST/REPLY carry a Nicira role that is
// one less than the standard one and no generation id. A request with role "nochange", or a reply with generation id
// all-ones, has no generation id.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal enum ControllerRole : uint
{
    NoChange = 0,
    Equal = 1,
    Primary = 2,
    Secondary = 3,
}

internal readonly record struct RoleRequest(ControllerRole Role, ulong? GenerationId)
{
    public static OfpError TryDecode(OfpRaw raw, ReadOnlySpan<byte> body, out RoleRequest request)
    {
        request = default;
        uint role = BinaryPrimitives.ReadUInt32BigEndian(body);
        if (raw is OfpRaw.NxtRoleRequest or OfpRaw.NxtRoleReply)
        {
            if (role > 2)
            {
                return OfpError.OfprrfcBadRole;
            }

            request = new RoleRequest((ControllerRole)(role + 1), null);
            return OfpError.None;
        }

        if (role > 3)
        {
            return OfpError.OfprrfcBadRole;
        }

        ulong generation = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
        bool has = raw == OfpRaw.Ofpt12RoleRequest ? role != 0 : generation != ulong.MaxValue;
        request = new RoleRequest((ControllerRole)role, has ? generation : null);
        return OfpError.None;
    }

    public void Encode(OfpRaw raw, byte version, uint xid, IBufferWriter<byte> writer)
    {
        bool nicira = raw is OfpRaw.NxtRoleRequest or OfpRaw.NxtRoleReply;
        Span<byte> body = OfpEncoder.Begin(writer, raw, version, xid, nicira ? 4 : 16, out int total);
        if (nicira)
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, (uint)Role - 1);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(body, (uint)Role);
            BinaryPrimitives.WriteUInt64BigEndian(body[8..], GenerationId ?? ulong.MaxValue);
        }

        writer.Advance(total);
    }
}
