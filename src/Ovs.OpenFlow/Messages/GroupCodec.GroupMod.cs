// Upstream: lib/ofp-group.c, ofputil_decode_group_mod(), ofputil_pull_ofp11_group_mod(),
// ofputil_pull_ofp15_group_mod(), ofputil_check_group_mod() and ofputil_encode_group_mod() (OVS 3.1).
//
// OFPT_GROUP_MOD in OpenFlow 1.1-1.4 (command, type, group id, then 1.1 buckets) and in OpenFlow 1.5, whose layout
// NXT_GROUP_MOD also uses in OpenFlow 1.0 (command, type, group id, bucket list length, command bucket id, then 1.5
// buckets and group properties). A decoded mod is checked as upstream does before it is accepted.
using System.Buffers;
using System.Buffers.Binary;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;

namespace Ovs.OpenFlow.Messages;

internal static partial class GroupCodec
{
    private const int GroupMod11Size = 8;
    private const int GroupMod15Size = 16;

    /// <summary>Decodes a whole group mod message (NXT_GROUP_MOD or OFPT_GROUP_MOD of any version).</summary>
    public static OfpError TryDecodeGroupMod(ReadOnlySpan<byte> message, OfpWarningSink? warn, out GroupMod? groupMod)
    {
        groupMod = null;
        OfpError error = OfpRawDecoder.TryDecode(message, out OfpRawInfo? info, out ReadOnlySpan<byte> body, out _);
        if (error != OfpError.None)
        {
            return error;
        }

        if (info!.Raw is not (OfpRaw.NxtGroupMod or OfpRaw.Ofpt11GroupMod or OfpRaw.Ofpt15GroupMod))
        {
            return OfpError.OfpbrcBadType;
        }

        return TryDecodeGroupModBody(message[0], body, warn, out groupMod);
    }

    /// <summary>Decodes the body of a group mod (what follows its headers) of wire version <paramref name="version"/>.</summary>
    public static OfpError TryDecodeGroupModBody(byte version, ReadOnlySpan<byte> body, OfpWarningSink? warn, out GroupMod? groupMod)
    {
        OfpError error = version is >= (byte)OfpVersion.Of11 and <= (byte)OfpVersion.Of14
            ? PullGroupMod11(body, version, warn, out groupMod)
            : PullGroupMod15(body, version, warn, out groupMod);
        if (error == OfpError.None)
        {
            error = Check(groupMod!);
        }

        if (error != OfpError.None)
        {
            groupMod = null;
        }

        return error;
    }

    private static OfpError PullGroupMod11(ReadOnlySpan<byte> body, byte version, OfpWarningSink? warn, out GroupMod? groupMod)
    {
        groupMod = null;
        var command = (GroupCommand)BinaryPrimitives.ReadUInt16BigEndian(body);
        byte type = body[2];
        uint groupId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        OfpError error = PullBuckets11(body[GroupMod11Size..], version, warn, out List<GroupBucket> buckets);
        if (error != OfpError.None)
        {
            return error;
        }

        // OpenFlow 1.3.5 and later forbid buckets in a delete.
        if (version >= (byte)OfpVersion.Of13 && command == GroupCommand.Delete && buckets.Count > 0)
        {
            return OfpError.OfpgmfcInvalidGroup;
        }

        groupMod = new GroupMod(command, new Group(type, groupId, buckets, null));
        return OfpError.None;
    }

    private static OfpError PullGroupMod15(ReadOnlySpan<byte> body, byte version, OfpWarningSink? warn, out GroupMod? groupMod)
    {
        groupMod = null;
        var command = (GroupCommand)BinaryPrimitives.ReadUInt16BigEndian(body);
        byte type = body[2];
        uint groupId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int listLength = BinaryPrimitives.ReadUInt16BigEndian(body[8..]);
        uint commandBucketId = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
        bool bucketIdOk = command switch
        {
            GroupCommand.RemoveBucket => commandBucketId is <= GroupIds.BucketMax or GroupIds.BucketFirst or GroupIds.BucketLast or GroupIds.BucketAll,
            GroupCommand.InsertBucket => commandBucketId is <= GroupIds.BucketMax or GroupIds.BucketFirst or GroupIds.BucketLast,
            _ => commandBucketId == GroupIds.BucketAll,
        };
        if (!bucketIdOk)
        {
            Warn(warn, $"group command bucket id ({commandBucketId}) is out of range");
            return OfpError.OfpgmfcBadBucket;
        }

        ReadOnlySpan<byte> rest = body[GroupMod15Size..];
        if (listLength > rest.Length)
        {
            return OfpError.OfpbrcBadLen;
        }

        OfpError error = PullBuckets15(rest, listLength, version, type, warn, out List<GroupBucket> buckets);
        if (error != OfpError.None)
        {
            return error;
        }

        error = PullGroupProperties(rest[listLength..], type, command, warn, out GroupSelectionMethod? selection);
        if (error != OfpError.None)
        {
            return error;
        }

        groupMod = new GroupMod(command, new Group(type, groupId, buckets, selection), commandBucketId);
        return OfpError.None;
    }

    /// <summary>ofputil_check_group_mod(): the type, the command, and each bucket's weight and watches must fit.</summary>
    private static OfpError Check(GroupMod gm)
    {
        Group g = gm.Group;
        switch ((GroupType)g.Type)
        {
            case GroupType.Indirect:
                if (gm.Command != GroupCommand.Delete && g.Buckets.Count != 1)
                {
                    return OfpError.OfpgmfcInvalidGroup;
                }

                break;
            case GroupType.All:
            case GroupType.Select:
            case GroupType.FastFailover:
                break;
            default:
                return OfpError.OfpgmfcBadType;
        }

        switch (gm.Command)
        {
            case GroupCommand.Add:
            case GroupCommand.Modify:
            case GroupCommand.AddOrModify:
            case GroupCommand.Delete:
            case GroupCommand.InsertBucket:
                break;
            case GroupCommand.RemoveBucket:
                if (g.Buckets.Count > 0)
                {
                    return OfpError.OfpgmfcBadBucket;
                }

                break;
            default:
                return OfpError.OfpgmfcBadCommand;
        }

        foreach (GroupBucket bucket in g.Buckets)
        {
            if (bucket.Weight != 0 && g.Type != (byte)GroupType.Select && gm.Command != GroupCommand.InsertBucket)
            {
                return OfpError.OfpgmfcInvalidGroup;
            }

            switch ((GroupType)g.Type)
            {
                case GroupType.All:
                case GroupType.Indirect:
                    if (bucket.HasLiveness)
                    {
                        return OfpError.OfpgmfcWatchUnsupported;
                    }

                    break;
                case GroupType.FastFailover:
                    if (!bucket.HasLiveness)
                    {
                        return OfpError.OfpgmfcInvalidGroup;
                    }

                    break;
                default:
                    break;
            }
        }

        return OfpError.None;
    }

    /// <summary>
    /// Encodes <paramref name="gm"/> for <paramref name="version"/> as NXT_GROUP_MOD (1.0) or OFPT_GROUP_MOD.
    /// OpenFlow 1.1-1.4 have no bucket commands: such a mod goes out as a modify carrying
    /// <paramref name="newBuckets"/>, the group's whole bucket list after the command, which the caller must then
    /// supply. A nonnegative <paramref name="groupExisted"/> turns add-or-modify into add (0) or modify (1).
    /// </summary>
    public static byte[] EncodeGroupMod(GroupMod gm, byte version, uint xid, IReadOnlyList<GroupBucket>? newBuckets = null, int groupExisted = -1)
    {
        var body = new ArrayBufferWriter<byte>();
        GroupCommand command = gm.Command;
        if (command == GroupCommand.AddOrModify && groupExisted >= 0)
        {
            command = groupExisted > 0 ? GroupCommand.Modify : GroupCommand.Add;
        }

        OfpRaw raw;
        if (version is >= (byte)OfpVersion.Of11 and <= (byte)OfpVersion.Of14)
        {
            raw = OfpRaw.Ofpt11GroupMod;
            IReadOnlyList<GroupBucket> buckets = gm.Group.Buckets;
            if (gm.Command is GroupCommand.InsertBucket or GroupCommand.RemoveBucket)
            {
                buckets = newBuckets ?? throw new InvalidOperationException(BucketCommandNeedsVersion(gm.Command));
                command = GroupCommand.Modify;
            }

            Span<byte> fixedPart = body.GetSpan(GroupMod11Size)[..GroupMod11Size];
            fixedPart.Clear();
            BinaryPrimitives.WriteUInt16BigEndian(fixedPart, (ushort)command);
            fixedPart[2] = gm.Group.Type;
            BinaryPrimitives.WriteUInt32BigEndian(fixedPart[4..], gm.Group.GroupId);
            body.Advance(GroupMod11Size);
            foreach (GroupBucket bucket in buckets)
            {
                PutBucket11(body, bucket, version);
            }
        }
        else
        {
            raw = version == OfpVersions.Min ? OfpRaw.NxtGroupMod : OfpRaw.Ofpt15GroupMod;
            var buckets = new ArrayBufferWriter<byte>();
            uint[] ids = AssignBucketIds(gm.Group.Buckets);
            for (int i = 0; i < ids.Length; i++)
            {
                PutBucket15(buckets, gm.Group.Buckets[i], ids[i], gm.Group.Type, version);
            }

            Span<byte> fixedPart = body.GetSpan(GroupMod15Size)[..GroupMod15Size];
            fixedPart.Clear();
            BinaryPrimitives.WriteUInt16BigEndian(fixedPart, (ushort)command);
            fixedPart[2] = gm.Group.Type;
            BinaryPrimitives.WriteUInt32BigEndian(fixedPart[4..], gm.Group.GroupId);
            BinaryPrimitives.WriteUInt16BigEndian(fixedPart[8..], (ushort)buckets.WrittenCount);
            BinaryPrimitives.WriteUInt32BigEndian(fixedPart[12..], gm.CommandBucketId);
            body.Advance(GroupMod15Size);
            body.Write(buckets.WrittenSpan);
            if (gm.Group.Selection is { } selection)
            {
                PutSelectionMethod(body, selection, version);
            }
        }

        return Finish(raw, version, xid, body.WrittenSpan);
    }

    /// <summary>What ovs-ofctl says when a group command needs a later OpenFlow version than the one in use.</summary>
    public static string BucketCommandNeedsVersion(GroupCommand command) => command switch
    {
        GroupCommand.Add => "add-group needs OpenFlow 1.1 or later ('-O OpenFlow11')",
        GroupCommand.Modify or GroupCommand.AddOrModify => "mod-group needs OpenFlow 1.1 or later ('-O OpenFlow11')",
        GroupCommand.Delete => "del-group needs OpenFlow 1.1 or later ('-O OpenFlow11')",
        GroupCommand.InsertBucket => "insert-bucket needs OpenFlow 1.5 or later ('-O OpenFlow15')",
        _ => "remove-bucket needs OpenFlow 1.5 or later ('-O OpenFlow15')",
    };

    /// <summary>Wraps <paramref name="body"/> in the headers of <paramref name="raw"/>.</summary>
    private static byte[] Finish(OfpRaw raw, byte version, uint xid, ReadOnlySpan<byte> body)
    {
        var message = new ArrayBufferWriter<byte>();
        Span<byte> span = OfpEncoder.Begin(message, raw, version, xid, body.Length, out int total);
        body.CopyTo(span);
        message.Advance(total);
        return message.WrittenSpan.ToArray();
    }
}
