// Upstream: ofproto_group_mod_start(), ofproto_group_mod_revert() and ofproto_group_mod_finish() of
// ofproto/ofproto.c, as a bundle commit uses them (OVS 3.1)
//
// Group mods of a bundle. Between BeginBatch and CommitBatch or AbortBatch, group mods change the table that flow
// mods of the same bundle check against (a flow may name a group the bundle adds), but translation keeps seeing the
// groups as they were, and deleted groups keep their rules. CommitBatch publishes the groups at once and then raises
// GroupDeleted for each group the bundle deleted; AbortBatch puts everything back as it was.
// Threading: main loop only.
using System.Collections.Immutable;

namespace Ovs.Ofproto.Core;

internal sealed partial class GroupTable
{
    private Batch? _batch;

    /// <summary>Starts collecting group mods that are to apply together; they are not published until CommitBatch.</summary>
    public void BeginBatch()
    {
        if (_batch is not null)
        {
            throw new InvalidOperationException("a group batch is already open");
        }

        _batch = new Batch(new Dictionary<uint, GroupEntry>(_groups), (int[])_countByType.Clone());
    }

    /// <summary>
    /// Publishes the batch's group mods at once, runs <paramref name="alongside"/> (the bundle's flow changes), then
    /// reports each group the batch deleted.
    /// </summary>
    public void CommitBatch(Action alongside)
    {
        Batch batch = _batch ?? throw new InvalidOperationException("no group batch is open");
        _batch = null;
        Volatile.Write(ref _snapshot, _groups.ToImmutableDictionary());
        alongside();
        foreach (uint id in batch.Deleted)
        {
            GroupDeleted?.Invoke(id);
        }
    }

    /// <summary>Forgets every group mod of the batch: the groups are as they were before BeginBatch.</summary>
    public void AbortBatch()
    {
        Batch batch = _batch ?? throw new InvalidOperationException("no group batch is open");
        _batch = null;
        _groups.Clear();
        foreach ((uint id, GroupEntry entry) in batch.SavedGroups)
        {
            _groups.Add(id, entry);
        }

        batch.SavedCounts.CopyTo(_countByType, 0);
    }

    /// <summary>What a batch needs to undo itself, and the groups it deleted.</summary>
    private sealed class Batch(Dictionary<uint, GroupEntry> savedGroups, int[] savedCounts)
    {
        public Dictionary<uint, GroupEntry> SavedGroups { get; } = savedGroups;

        public int[] SavedCounts { get; } = savedCounts;

        public List<uint> Deleted { get; } = [];
    }
}
