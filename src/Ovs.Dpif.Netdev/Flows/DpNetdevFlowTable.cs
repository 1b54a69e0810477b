// Upstream: the per-PMD flow table (pmd->flow_table, pmd->classifiers) and flow_put_on_pmd(), dpif_netdev_flow_get(),
// dpif_netdev_flow_del(), dpif_netdev_flow_flush() and the flow dump in lib/dpif-netdev.c (OVS 3.1).
//
// The flows of one datapath thread: an id index for the control plane, the megaflow classifier for packets, and a
// flow index (a slot array) that gives every live flow a small integer the SMC can store instead of a reference.
//
// Put semantics (as upstream): a put first looks for an installed flow that matches its key (the unmasked key, as a
// packet would be looked up). None: with Create the flow is added (its id generated from the key when not given),
// otherwise NotFound. One found: with Modify its actions are replaced (the installed flow keeps its key, mask and id)
// and ZeroStats is refused with NotSupported, as the userspace datapath does; with Create only, Exists; with neither
// (an overlapping flow), Invalid. Get and Delete find flows by id.
//
// Concurrency model: one writer at a time (every mutating call takes the table's lock; in the datapath that is the
// control thread or an upcall handler), any number of lock-free readers (datapath threads calling the classifier's
// Lookup and FlowAt). Writers publish by single reference stores: a flow is fully built before it enters the slot
// array and the classifier; a delete marks the flow dead, then unlinks it from the classifier and the slot array;
// the slot array grows by publishing a bigger copy. Readers therefore see each flow either wholly present or wholly
// absent, may briefly still see a just-deleted flow (and must check IsDead where they cache it), and never see a
// torn one. The GC plays the part of RCU's grace period: a flow's memory lives as long as a reader refers to it.
//
// Dump: a FlowDump walks the slot array by position. A flow keeps its slot from insert to delete, so a dump running
// while flows change returns every flow that stays installed during the whole dump exactly once; flows added or
// deleted meanwhile may or may not appear, but none appears twice.
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Dpcls;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Flows;

internal sealed class DpNetdevFlowTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Ufid, DpNetdevFlow> _byUfid = [];
    private readonly Stack<int> _freeSlots = new();
    private DpNetdevFlow?[] _slots = new DpNetdevFlow?[64];
    private int _slotsInUse;

    public MegaflowClassifier Classifier { get; } = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byUfid.Count;
            }
        }
    }

    /// <summary>The flow at index <paramref name="index"/> of the flow index, or null. Lock-free.</summary>
    public DpNetdevFlow? FlowAt(int index)
    {
        DpNetdevFlow?[] slots = Volatile.Read(ref _slots);
        return (uint)index < (uint)slots.Length ? Volatile.Read(ref slots[index]) : null;
    }

    /// <summary>Installs or modifies a flow (see the put semantics above). <paramref name="stats"/> receives the
    /// statistics of the modified flow, zeros otherwise; <paramref name="flow"/> the flow created or modified.</summary>
    public FlowTableError Put(
        in FlowData key,
        in FlowWildcards mask,
        ReadOnlySpan<byte> actions,
        Ufid? ufid,
        FlowPutFlags flags,
        out DpNetdevFlowStats stats,
        out DpNetdevFlow? flow)
    {
        stats = default;
        flow = null;
        var lookupKey = NetdevFlowKey.FromFlow(key);
        lock (_lock)
        {
            var existing = (DpNetdevFlow?)Classifier.Lookup(lookupKey);
            if (existing is null)
            {
                if ((flags & FlowPutFlags.Create) == 0)
                {
                    return FlowTableError.NotFound;
                }

                Ufid id = ufid ?? Ufid.FromFlow(key);
                if (_byUfid.ContainsKey(id))
                {
                    return FlowTableError.Exists;
                }

                flow = new DpNetdevFlow(id, key, mask, DpNetdevActions.CopyOf(actions));
                Add(flow);
                return FlowTableError.None;
            }

            if ((flags & FlowPutFlags.Modify) != 0)
            {
                existing.Actions = DpNetdevActions.CopyOf(actions);
                stats = existing.GetStats();
                flow = existing;
                return (flags & FlowPutFlags.ZeroStats) != 0 ? FlowTableError.NotSupported : FlowTableError.None;
            }

            return (flags & FlowPutFlags.Create) != 0 ? FlowTableError.Exists : FlowTableError.Invalid;
        }
    }

    /// <summary>The flow with this id, or null; its statistics are read with GetStats().</summary>
    public DpNetdevFlow? Get(Ufid ufid)
    {
        lock (_lock)
        {
            return _byUfid.GetValueOrDefault(ufid);
        }
    }

    /// <summary>Deletes the flow with this id; <paramref name="stats"/> receives its final statistics.</summary>
    public FlowTableError Delete(Ufid ufid, out DpNetdevFlowStats stats)
    {
        lock (_lock)
        {
            if (!_byUfid.Remove(ufid, out DpNetdevFlow? flow))
            {
                stats = default;
                return FlowTableError.NotFound;
            }

            Unlink(flow);
            stats = flow.GetStats();
            return FlowTableError.None;
        }
    }

    /// <summary>Deletes every flow.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            foreach (DpNetdevFlow flow in _byUfid.Values)
            {
                Unlink(flow);
            }

            _byUfid.Clear();
        }
    }

    /// <summary>Starts a dump of the installed flows (see the dump guarantee above).</summary>
    public FlowDump StartDump() => new(this);

    /// <summary>Number of positions of the flow index, for dumps.</summary>
    internal int SlotCapacity => Volatile.Read(ref _slots).Length;

    private void Add(DpNetdevFlow flow)
    {
        int index;
        if (_freeSlots.Count > 0)
        {
            index = _freeSlots.Pop();
        }
        else
        {
            if (_slotsInUse == _slots.Length)
            {
                var bigger = new DpNetdevFlow?[_slots.Length * 2];
                Array.Copy(_slots, bigger, _slots.Length);
                Volatile.Write(ref _slots, bigger);
            }

            index = _slotsInUse++;
        }

        flow.Index = index;
        _byUfid.Add(flow.Ufid, flow);
        Volatile.Write(ref _slots[index], flow);
        if (!Classifier.Insert(flow, flow.Mask))
        {
            // Cannot happen: the put found no flow matching the key, and an identical rule would have matched it.
            throw new InvalidOperationException("datapath flow overlaps an identical installed flow");
        }
    }

    private void Unlink(DpNetdevFlow flow)
    {
        flow.MarkDead();
        Classifier.Remove(flow);
        Volatile.Write(ref _slots[flow.Index], null);
        _freeSlots.Push(flow.Index);
    }
}
