// Upstream: include/openvswitch/ofp-group.h, struct ofputil_bucket, struct ofputil_group_props and
// struct ofputil_group_mod (OVS 3.1).
//
// The version-independent model of an OpenFlow group: its type, id, buckets and (Netronome extension) selection
// method. Group mods, group description replies and request-forwards carry it; GroupCodec moves it on and off the
// wire and GroupFormatters prints it.
using Ovs.Flow.Fields;
using Ovs.OpenFlow.Actions;

namespace Ovs.OpenFlow.Messages;

/// <summary>The group types of OpenFlow 1.1+ (OFPGT11_*).</summary>
internal enum GroupType : byte
{
    All = 0,
    Select = 1,
    Indirect = 2,
    FastFailover = 3,
}

/// <summary>Group mod commands: OFPGC11_* and the OpenFlow 1.5 bucket commands (OFPGC15_*).</summary>
internal enum GroupCommand : ushort
{
    Add = 0,
    Modify = 1,
    Delete = 2,
    InsertBucket = 3,
    RemoveBucket = 5,

    /// <summary>Open vSwitch's own "create or modify".</summary>
    AddOrModify = 0x8000,
}

/// <summary>Reserved group and bucket ids and the defaults a bucket takes when a field is absent.</summary>
internal static class GroupIds
{
    /// <summary>OFPG_MAX: the last usable group id.</summary>
    public const uint Max = 0xffffff00;

    /// <summary>OFPG_ALL: every group (requests).</summary>
    public const uint All = 0xfffffffc;

    /// <summary>OFPG_ANY: no group (watch_group, requests).</summary>
    public const uint Any = 0xffffffff;

    /// <summary>OFPG15_BUCKET_MAX: the last usable bucket id.</summary>
    public const uint BucketMax = 0xffffff00;

    /// <summary>OFPG15_BUCKET_FIRST: before the first bucket (insert_bucket) or the first bucket (remove_bucket).</summary>
    public const uint BucketFirst = 0xfffffffd;

    /// <summary>OFPG15_BUCKET_LAST: after the last bucket or the last bucket.</summary>
    public const uint BucketLast = 0xfffffffe;

    /// <summary>OFPG15_BUCKET_ALL: every bucket; in a model bucket it means "no id given yet".</summary>
    public const uint BucketAll = 0xffffffff;

    /// <summary>OFPP_ANY (also OFPP_NONE) in the 16-bit port space: no watch port.</summary>
    public const ushort PortAny = 0xffff;
}

/// <summary>One bucket: its id (OpenFlow 1.5 and the 1.0 extension), weight, liveness watches and actions.</summary>
internal sealed record GroupBucket(uint BucketId, ushort Weight, ushort WatchPort, uint WatchGroup, IReadOnlyList<OfpAct> Actions)
{
    /// <summary>Whether the bucket watches a port or a group (ofputil_bucket_has_liveness).</summary>
    public bool HasLiveness => WatchPort != GroupIds.PortAny || WatchGroup != GroupIds.Any;
}

/// <summary>One field of a selection method's hash, with the mask applied to it (all-ones: the whole field).</summary>
internal sealed record GroupHashField(FieldId Field, byte[] Mask);

/// <summary>
/// The Netronome selection method property of a select group: "hash" or "dp_hash", a parameter, and for "hash"
/// the fields hashed, kept in field-id order (the order upstream stores and prints them in).
/// </summary>
internal sealed record GroupSelectionMethod(string Method, ulong Param, IReadOnlyList<GroupHashField> Fields);

/// <summary>A group as a group mod or a group description carries it.</summary>
internal sealed record Group(byte Type, uint GroupId, IReadOnlyList<GroupBucket> Buckets, GroupSelectionMethod? Selection);

/// <summary>
/// A group mod: the command, the group, and for the OpenFlow 1.5 bucket commands the bucket the command is relative
/// to (OFPG15_BUCKET_ALL otherwise).
/// </summary>
internal sealed record GroupMod(GroupCommand Command, Group Group, uint CommandBucketId = GroupIds.BucketAll);
