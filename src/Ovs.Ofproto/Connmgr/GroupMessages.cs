// Upstream: ofproto/ofproto.c, handle_group_mod(), handle_group_stats_request(),
// handle_group_desc_stats_request() and handle_group_features_stats_request() (OVS 3.1)
//
// The group messages a controller sends: OFPT_GROUP_MOD (and NXT_GROUP_MOD, OpenFlow 1.0's extension), applied to
// the switch's GroupTable (a secondary controller may not change groups: OFPBRC_IS_SLAVE), and the group statistics,
// description and features requests, answered in the request's version. Group mods inside bundles are not handled
// here. Threading: main loop only.
using System.Buffers.Binary;
using Ovs.Ofproto.Core;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Wire;

namespace Ovs.Ofproto.Connmgr;

internal static class GroupMessages
{
    /// <summary>A group mod of any version: decoded, checked and applied, or the error to send back.</summary>
    public static OfpError Mod(Core.Ofproto ofproto, OfConnection connection, byte[] message)
    {
        if (connection.Role == ControllerRole.Secondary)
        {
            return OfpError.OfpbrcIsSecondary;
        }

        OfpError error = GroupCodec.TryDecodeGroupMod(message, null, out GroupMod? gm);
        if (error == OfpError.None)
        {
            error = ofproto.Groups.Apply(gm!);
        }

        if (error == OfpError.None)
        {
            // Datapath flows translated with the old groups are stale.
            ofproto.Backer.Upcalls.Invalidate();
            ofproto.Connections?.SendRequestForward(connection, RequestForwardReasons.GroupMod, message);
        }

        return error;
    }

    /// <summary>NXST_GROUP / OFPST_GROUP request: the counters of one group or of all (OFPG_ALL).</summary>
    public static OfpError StatsRequest(Core.Ofproto ofproto, OfConnection connection, byte version, uint xid, ReadOnlySpan<byte> body)
    {
        uint groupId = BinaryPrimitives.ReadUInt32BigEndian(body);
        connection.Session.TrySend(GroupCodec.EncodeGroupStatsReply(ofproto.Groups.Stats(groupId), version, xid));
        return OfpError.None;
    }

    /// <summary>
    /// NXST_GROUP_DESC / OFPST_GROUP_DESC request: the groups as they were set. Only OpenFlow 1.0's extension and
    /// OpenFlow 1.5 name a group; OpenFlow 1.1-1.4 always ask for every group.
    /// </summary>
    public static OfpError DescRequest(Core.Ofproto ofproto, OfConnection connection, OfpRaw raw, byte version, uint xid, ReadOnlySpan<byte> body)
    {
        uint groupId = raw == OfpRaw.Ofpst11GroupDescRequest ? GroupIds.All : BinaryPrimitives.ReadUInt32BigEndian(body);
        connection.Session.TrySend(GroupCodec.EncodeGroupDescReply(ofproto.Groups.Describe(groupId), version, xid));
        return OfpError.None;
    }

    /// <summary>NXST_GROUP_FEATURES / OFPST_GROUP_FEATURES request.</summary>
    public static OfpError FeaturesRequest(OfConnection connection, byte version, uint xid)
    {
        connection.Session.TrySend(GroupTable.Features.Encode(version, xid));
        return OfpError.None;
    }
}
