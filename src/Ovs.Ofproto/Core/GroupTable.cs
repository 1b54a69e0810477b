// Upstream: the group table of ofproto/ofproto.c (OVS 3.1): add_group_start(), modify_group_start(),
// add_or_modify_group_start(), delete_groups_start(), copy_buckets_for_insert_bucket(),
// copy_buckets_for_remove_bucket(), append_group_stats(), append_group_desc() and the group features ofproto
// announces; group_get_stats() of ofproto/ofproto-dpif.c.
//
// The groups of one switch. A group mod (already decoded and checked by GroupCodec) is applied whole or not at all
// and answers upstream's OFPGMFC_* errors: add refuses an existing id (GROUP_EXISTS) and ids above OFPG_MAX
// (INVALID_GROUP); modify, insert_bucket and remove_bucket need the group (UNKNOWN_GROUP); add_or_mod adds or
// modifies; delete of a missing group is no error, and group_id=all deletes every group. Bucket commands keep the
// group's type and selection method; insert_bucket puts the new buckets first, last or right after the bucket named
// by command_bucket_id (which must exist: UNKNOWN_BUCKET) and refuses a bucket id used twice (BUCKET_EXISTS);
// remove_bucket drops the first, last, named (UNKNOWN_BUCKET when absent) or every bucket. A modified group keeps
// its creation time (stats duration) and the rules that refer to it; its counters start again from zero.
//
// Flow tables use three members: Exists (a flow mod whose actions name a missing group fails with
// OFPBAC_BAD_OUT_GROUP), AddRule/RemoveRule (a rule that refers to a group, counted once per rule: the ref_count of
// group stats) and the GroupDeleted event (upstream deletes every rule that refers to a deleted group, with reason
// OFPRR_GROUP_DELETE). Translation reads groups through IXlateGroups and credits packets through Credit.
// Threading: changes on the main loop only; Find and Credit (translation) may run on any thread: they read an
// immutable snapshot that each change replaces, and counters are updated under the group's lock.
using System.Collections.Immutable;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Errors;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Core;

internal sealed partial class GroupTable : IXlateGroups
{
    /// <summary>OFPGFC_SELECT_WEIGHT | OFPGFC_SELECT_LIVENESS | OFPGFC_CHAINING.</summary>
    public const uint Capabilities = 0x7;

    private readonly Dictionary<uint, GroupEntry> _groups = [];
    private readonly int[] _countByType = new int[4];
    private readonly Func<long> _clockMs;

    // The same groups for other threads (translation, Credit): replaced, never changed, by each group mod.
    private ImmutableDictionary<uint, GroupEntry> _snapshot = ImmutableDictionary<uint, GroupEntry>.Empty;

    /// <summary>A table whose stats durations come from <paramref name="clockMs"/> (monotonic milliseconds).</summary>
    public GroupTable(Func<long>? clockMs = null) => _clockMs = clockMs ?? (static () => Environment.TickCount64);

    /// <summary>
    /// Raised once for each group a group mod deletes (delete, or delete of all), after it is gone: the flow tables
    /// must delete the rules that refer to it (upstream's OFPRR_GROUP_DELETE).
    /// </summary>
    public event Action<uint>? GroupDeleted;

    /// <summary>The number of groups.</summary>
    public int Count => _groups.Count;

    /// <summary>The most groups of each type the switch accepts (OFPG_MAX, as ofproto announces).</summary>
    public static uint MaxGroupsPerType => GroupIds.Max;

    /// <summary>The group features reply ofproto gives: every type, every capability, every action.</summary>
    public static GroupFeatures Features { get; } = new(
        0xf, Capabilities, [GroupIds.Max, GroupIds.Max, GroupIds.Max, GroupIds.Max],
        [AllActions, AllActions, AllActions, AllActions]);

    private static GroupActionSet AllActions => (GroupActionSet)((1u << 25) - 1);

    /// <summary>Whether group <paramref name="groupId"/> exists (what a flow mod naming it needs).</summary>
    public bool Exists(uint groupId) => _groups.ContainsKey(groupId);

    /// <summary>Notes that <paramref name="rule"/> refers to group <paramref name="groupId"/> (counted once per rule).</summary>
    public void AddRule(uint groupId, object rule)
    {
        if (_groups.TryGetValue(groupId, out GroupEntry? entry))
        {
            entry.Rules.Add(rule);
        }
    }

    /// <summary>Notes that <paramref name="rule"/> no longer refers to group <paramref name="groupId"/>.</summary>
    public void RemoveRule(uint groupId, object rule)
    {
        if (_groups.TryGetValue(groupId, out GroupEntry? entry))
        {
            entry.Rules.Remove(rule);
        }
    }

    /// <summary>The rules that refer to group <paramref name="groupId"/> (empty when there is no such group).</summary>
    public IReadOnlyCollection<object> RulesOf(uint groupId) =>
        _groups.TryGetValue(groupId, out GroupEntry? entry) ? entry.Rules : [];

    /// <inheritdoc/>
    public XlateGroup? Find(uint groupId) => Volatile.Read(ref _snapshot).GetValueOrDefault(groupId)?.Xlate;

    /// <summary>
    /// Counts a packet of <paramref name="bytes"/> bytes through group <paramref name="groupId"/> and, when
    /// <paramref name="bucketIndex"/> is not negative, through that bucket (translation, once per packet).
    /// </summary>
    public void Credit(uint groupId, int bucketIndex, ulong packets, ulong bytes)
    {
        if (Volatile.Read(ref _snapshot).GetValueOrDefault(groupId) is not { } entry)
        {
            return;
        }

        entry.Count(packets, bytes, bucketIndex, allBuckets: false);
    }

    /// <summary>Applies a decoded group mod; returns None or the OpenFlow error for the sender.</summary>
    public OfpError Apply(GroupMod gm)
    {
        return gm.Command switch
        {
            GroupCommand.Add => Add(gm),
            GroupCommand.Modify or GroupCommand.InsertBucket or GroupCommand.RemoveBucket => Modify(gm),
            GroupCommand.AddOrModify => _groups.ContainsKey(gm.Group.GroupId) ? Modify(gm) : Add(gm),
            GroupCommand.Delete => Delete(gm.Group.GroupId),
            _ => OfpError.OfpgmfcBadCommand,
        };
    }

    /// <summary>The groups <paramref name="groupId"/> selects (one, or every group for OFPG_ALL), in id order.</summary>
    public IReadOnlyList<Group> Describe(uint groupId)
    {
        var groups = new List<Group>();
        foreach (GroupEntry entry in Select(groupId))
        {
            groups.Add(entry.Group);
        }

        return groups;
    }

    /// <summary>The counters of the groups <paramref name="groupId"/> selects, in id order.</summary>
    public IReadOnlyList<GroupStats> Stats(uint groupId)
    {
        long now = _clockMs();
        var stats = new List<GroupStats>();
        foreach (GroupEntry entry in Select(groupId))
        {
            long age = Math.Max(0, now - entry.CreatedMs);
            lock (entry)
            {
                var buckets = new (ulong, ulong)[entry.BucketCounters.Length];
                for (int i = 0; i < buckets.Length; i++)
                {
                    buckets[i] = (entry.BucketCounters[i].Packets, entry.BucketCounters[i].Bytes);
                }

                stats.Add(new GroupStats(
                    entry.Group.GroupId, (uint)entry.Rules.Count, entry.PacketCount, entry.ByteCount,
                    (uint)(age / 1000), (uint)(age % 1000 * 1_000_000), buckets));
            }
        }

        return stats;
    }

    private IEnumerable<GroupEntry> Select(uint groupId)
    {
        if (groupId == GroupIds.All)
        {
            return _groups.Values.OrderBy(static e => e.Group.GroupId);
        }

        return _groups.TryGetValue(groupId, out GroupEntry? entry) ? [entry] : [];
    }

    private OfpError Add(GroupMod gm)
    {
        Group g = gm.Group;
        if (_groups.ContainsKey(g.GroupId))
        {
            return OfpError.OfpgmfcGroupExists;
        }

        OfpError error = CheckNew(g, null);
        if (error != OfpError.None)
        {
            return error;
        }

        Store(new GroupEntry(g, _clockMs()));
        _countByType[g.Type]++;
        return OfpError.None;
    }

    private OfpError Modify(GroupMod gm)
    {
        if (!_groups.TryGetValue(gm.Group.GroupId, out GroupEntry? old))
        {
            return OfpError.OfpgmfcUnknownGroup;
        }

        Group g = gm.Group;
        if (gm.Command is GroupCommand.InsertBucket or GroupCommand.RemoveBucket)
        {
            // Bucket commands never change the group's type or properties.
            g = g with { Type = old.Group.Type, Selection = old.Group.Selection };
        }

        OfpError error = CheckNew(g, old.Group);
        if (error != OfpError.None)
        {
            return error;
        }

        List<GroupBucket> buckets;
        if (gm.Command == GroupCommand.InsertBucket)
        {
            error = InsertBuckets(old.Group.Buckets, g.Buckets, gm.CommandBucketId, out buckets);
        }
        else if (gm.Command == GroupCommand.RemoveBucket)
        {
            error = RemoveBuckets(old.Group.Buckets, gm.CommandBucketId, out buckets);
        }
        else
        {
            buckets = [.. g.Buckets];
        }

        if (error != OfpError.None)
        {
            return error;
        }

        var replacement = new GroupEntry(g with { Buckets = buckets }, old.CreatedMs);
        replacement.Rules.UnionWith(old.Rules);
        Store(replacement);
        _countByType[old.Group.Type]--;
        _countByType[g.Type]++;
        return OfpError.None;
    }

    // init_group() and the per-type group limit, for a new group or the replacement of `old`.
    private OfpError CheckNew(Group g, Group? old)
    {
        if (g.GroupId > GroupIds.Max)
        {
            return OfpError.OfpgmfcInvalidGroup;
        }

        if (g.Type > (byte)GroupType.FastFailover)
        {
            return OfpError.OfpgmfcBadType;
        }

        if (old?.Type != g.Type && (uint)_countByType[g.Type] >= MaxGroupsPerType)
        {
            return OfpError.OfpgmfcOutOfGroups;
        }

        return OfpError.None;
    }

    // The old buckets with the new ones first, last, or right after the bucket `commandBucketId`.
    private static OfpError InsertBuckets(
        IReadOnlyList<GroupBucket> old, IReadOnlyList<GroupBucket> added, uint commandBucketId, out List<GroupBucket> buckets)
    {
        buckets = [];
        int after = -1;
        if (commandBucketId <= GroupIds.BucketMax)
        {
            after = IndexOf(old, commandBucketId);
            if (after < 0)
            {
                return OfpError.OfpgmfcUnknownBucket;
            }
        }

        var ids = new HashSet<uint>();
        foreach (GroupBucket b in added.Concat(old))
        {
            if (!ids.Add(b.BucketId))
            {
                return OfpError.OfpgmfcBucketExists;
            }
        }

        int at = commandBucketId switch
        {
            GroupIds.BucketFirst => 0,
            GroupIds.BucketLast => old.Count,
            _ => after + 1,
        };
        buckets.AddRange(old.Take(at));
        buckets.AddRange(added);
        buckets.AddRange(old.Skip(at));
        return OfpError.None;
    }

    // The old buckets without the first, the last, the one named, or (OFPG15_BUCKET_ALL) any.
    private static OfpError RemoveBuckets(IReadOnlyList<GroupBucket> old, uint commandBucketId, out List<GroupBucket> buckets)
    {
        buckets = [];
        int skip = commandBucketId switch
        {
            GroupIds.BucketAll => int.MaxValue,
            GroupIds.BucketFirst => old.Count > 0 ? 0 : -1,
            GroupIds.BucketLast => old.Count - 1,
            _ => IndexOf(old, commandBucketId),
        };
        if (skip == int.MaxValue)
        {
            return OfpError.None;
        }

        if (skip < 0 && commandBucketId <= GroupIds.BucketMax)
        {
            return OfpError.OfpgmfcUnknownBucket;
        }

        for (int i = 0; i < old.Count; i++)
        {
            if (i != skip)
            {
                buckets.Add(old[i]);
            }
        }

        return OfpError.None;
    }

    private static int IndexOf(IReadOnlyList<GroupBucket> buckets, uint bucketId)
    {
        for (int i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].BucketId == bucketId)
            {
                return i;
            }
        }

        return -1;
    }

    private OfpError Delete(uint groupId)
    {
        List<uint> deleted = groupId == GroupIds.All ? [.. _groups.Keys.Order()] : _groups.ContainsKey(groupId) ? [groupId] : [];
        foreach (uint id in deleted)
        {
            _countByType[_groups[id].Group.Type]--;
            _groups.Remove(id);
        }

        if (_batch is not null)
        {
            // Inside a bundle the deletions show, and their rules go, only when the bundle commits.
            _batch.Deleted.AddRange(deleted);
            return OfpError.None;
        }

        Volatile.Write(ref _snapshot, deleted.Count == 0 ? _snapshot : _snapshot.RemoveRange(deleted));
        foreach (uint id in deleted)
        {
            GroupDeleted?.Invoke(id);
        }

        return OfpError.None;
    }

    private void Store(GroupEntry entry)
    {
        _groups[entry.Group.GroupId] = entry;
        if (_batch is null)
        {
            Volatile.Write(ref _snapshot, _snapshot.SetItem(entry.Group.GroupId, entry));
        }
    }

    /// <summary>One group with its rules, creation time and counters.</summary>
    private sealed class GroupEntry : IXlateStatsTarget
    {
        public GroupEntry(Group group, long createdMs)
        {
            Group = group;
            CreatedMs = createdMs;
            BucketCounters = new (ulong, ulong)[group.Buckets.Count];
            Xlate = new XlateGroup(
                group.GroupId, (XlateGroupType)group.Type,
                [.. group.Buckets.Select(static b => new XlateBucket(b.BucketId, b.Weight, b.WatchPort, b.WatchGroup, b.Actions))])
            {
                Stats = this,
                Selection = group.Type == (byte)XlateGroupType.Select
                    ? SelectHashing.Construct(group.GroupId, [.. group.Buckets.Select(static b => (b.BucketId, b.Weight))], group.Selection)
                    : SelectHashing.DefaultMethod(),
                HashFields = group.Selection?.Fields ?? [],
            };
        }

        public Group Group { get; }

        public long CreatedMs { get; }

        public XlateGroup Xlate { get; }

        public HashSet<object> Rules { get; } = new(ReferenceEqualityComparer.Instance);

        public ulong PacketCount { get; set; }

        public ulong ByteCount { get; set; }

        public (ulong Packets, ulong Bytes)[] BucketCounters { get; }

        /// <summary>Packets through the group: index is the bucket they took, or every bucket when negative.</summary>
        public void Credit(int index, in XlateStats stats) => Count(stats.Packets, stats.Bytes, index, allBuckets: index < 0);

        /// <summary>Counts packets through the group and through bucket <paramref name="bucket"/> or every bucket.</summary>
        public void Count(ulong packets, ulong bytes, int bucket, bool allBuckets)
        {
            lock (this)
            {
                PacketCount += packets;
                ByteCount += bytes;
                for (int i = 0; i < BucketCounters.Length; i++)
                {
                    if (allBuckets || i == bucket)
                    {
                        BucketCounters[i].Packets += packets;
                        BucketCounters[i].Bytes += bytes;
                    }
                }
            }
        }
    }
}
