// Upstream: struct dpcls_subtable in lib/dpif-netdev-private-dpcls.h and lib/dpif-netdev-lookup-generic.c (OVS 3.1).
//
// All rules that share one mask, in a hash table keyed by the masked key words. A lookup gathers the packet key's
// words under the mask (the miniflow rank trick, see NetdevFlowKey), masks them, hashes them and probes.
//
// Table: open addressing with linear probing over an array of rule references whose length is a power of two, with
// a parallel array of the rules' hashes so that a probe compares hashes without loading the rule (one cache miss
// fewer per collision, which is most of the cost of a miss). The writer keeps it at most half full (live rules plus
// deletion markers), so probes are short and always reach an empty slot.
//
// Thread-safety: one writer at a time (the classifier's lock) and any number of lock-free readers. A rule is fully
// built, and its hash stored in the parallel array, before a single reference store publishes it; a deletion overwrites the slot with a shared marker (never
// with null), so the probe chains a reader is walking stay intact; a grow or clean-up builds a new array and
// publishes it with one reference store, and the old array is never written again. A reader that loaded the old
// array sees a consistent older state, which is the RCU guarantee: a lookup concurrent with an insert or delete sees
// the table before or after it. Removed rules are reclaimed by the GC once no reader holds them.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Dpcls;

internal sealed class DpclsSubtable
{
    private static readonly DpclsRule s_deleted = DpclsRule.CreateTombstone();

    private readonly ulong[] _maskValues;
    private readonly byte[] _wordIndexes;
    private Table _table = new(16);
    private int _used;

    /// <summary>Packets matched in the current ranking interval; written by datapath threads without atomics, since
    /// a lost increment only nudges the ranking.</summary>
    public long HitCount;

    public DpclsSubtable(in FlowWildcards mask)
    {
        Mask = mask;
        ReadOnlySpan<ulong> m = mask.Masks.ReadOnlyWords;
        var values = new List<ulong>();
        var indexes = new List<byte>();
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] != 0)
            {
                values.Add(m[i]);
                indexes.Add((byte)i);
            }
        }

        _maskValues = [.. values];
        _wordIndexes = [.. indexes];
    }

    public FlowWildcards Mask { get; }

    /// <summary>Number of mask words, which is the length of every rule's masked values here.</summary>
    public int MaskWordCount => _maskValues.Length;

    /// <summary>Live rules; exact for the writer, a recent value for readers.</summary>
    public int Count { get; private set; }

    /// <summary>Gathers the key's words under the mask into <paramref name="masked"/> and returns their hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MaskKey(in NetdevFlowKey key, Span<ulong> masked)
    {
        ulong[] maskValues = _maskValues;
        byte[] indexes = _wordIndexes;
        ulong hash = 0;
        for (int j = 0; j < maskValues.Length && j < indexes.Length && j < masked.Length; j++)
        {
            ulong w = key.GetWord(indexes[j]) & maskValues[j];
            masked[j] = w;
            hash = FlowKeyHash.Add(hash, w);
        }

        return FlowKeyHash.Finish(hash, maskValues.Length);
    }

    /// <summary>
    /// As MaskKey, from a key expanded by NetdevFlowKey.Expand (<paramref name="dense"/> holds at least
    /// FlowLayout.WordCount words; the mask's word indexes are below that by construction, so the loads are unchecked).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint MaskDense(ReadOnlySpan<ulong> dense, Span<ulong> masked)
    {
        ulong[] maskValues = _maskValues;
        byte[] indexes = _wordIndexes;
        if (dense.Length < FlowLayout.WordCount || masked.Length < maskValues.Length || indexes.Length != maskValues.Length)
        {
            throw new ArgumentException("dense key or masked buffer too short", nameof(dense));
        }

        ref ulong words = ref MemoryMarshal.GetReference(dense);
        ref ulong mask = ref MemoryMarshal.GetArrayDataReference(maskValues);
        ref byte index = ref MemoryMarshal.GetArrayDataReference(indexes);
        ref ulong output = ref MemoryMarshal.GetReference(masked);
        ulong hash = 0;
        for (int j = 0; j < maskValues.Length; j++)
        {
            ulong w = Unsafe.Add(ref words, Unsafe.Add(ref index, j)) & Unsafe.Add(ref mask, j);
            Unsafe.Add(ref output, j) = w;
            hash = FlowKeyHash.Add(hash, w);
        }

        return FlowKeyHash.Finish(hash, maskValues.Length);
    }

    /// <summary>The rule whose masked key is <paramref name="masked"/>, or null. Lock-free.</summary>
    public DpclsRule? Find(uint hash, ReadOnlySpan<ulong> masked)
    {
        Table table = Volatile.Read(ref _table);
        DpclsRule?[] slots = table.Slots;
        uint[] hashes = table.Hashes;
        int mask = slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            DpclsRule? rule = Volatile.Read(ref slots[i]);
            if (rule is null)
            {
                return null;
            }

            // The hash slot is read after the rule (acquire), so it is at least as new as the rule; should the slot
            // have been reused since, the rule's own hash settles it, and a rule replaced meanwhile may be missed,
            // as a concurrent delete allows.
            if ((uint)i < (uint)hashes.Length && hashes[i] == hash && rule.Hash == hash
                && !ReferenceEquals(rule, s_deleted) && SameWords(masked, rule.MaskedValues))
            {
                return rule;
            }
        }
    }

    // Word-by-word equality; the spans are a few words long, shorter than a call to a vectorised compare is worth.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SameWords(ReadOnlySpan<ulong> a, ulong[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int j = 0; j < a.Length; j++)
        {
            if (a[j] != b[j])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Looks up one key. Lock-free; allocation-free.</summary>
    public DpclsRule? Lookup(in NetdevFlowKey key)
    {
        Span<ulong> masked = stackalloc ulong[FlowLayout.WordCount];
        masked = masked[..MaskWordCount];
        uint hash = MaskKey(key, masked);
        return Find(hash, masked);
    }

    public bool Matches(DpclsRule rule, in NetdevFlowKey key)
    {
        ulong[] maskValues = _maskValues;
        byte[] indexes = _wordIndexes;
        ulong[] values = rule.MaskedValues;
        if (values.Length != maskValues.Length)
        {
            return false;
        }

        for (int j = 0; j < maskValues.Length && j < indexes.Length; j++)
        {
            if ((key.GetWord(indexes[j]) & maskValues[j]) != values[j])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds a rule; false when a rule with the same masked key is already here. Writer only.</summary>
    public bool Insert(DpclsRule rule)
    {
        if (rule.MaskedValues.Length != MaskWordCount)
        {
            throw new ArgumentException("rule was built for another mask", nameof(rule));
        }

        if (Find(rule.Hash, rule.MaskedValues) is not null)
        {
            return false;
        }

        if ((_used + 1) * 2 > _table.Slots.Length)
        {
            Rebuild(Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)(Count + 1) * 4)));
        }

        rule.Subtable = this;
        Table table = _table;
        DpclsRule?[] slots = table.Slots;
        int mask = slots.Length - 1;
        for (int i = (int)rule.Hash & mask; ; i = (i + 1) & mask)
        {
            DpclsRule? current = slots[i];
            if (current is null || ReferenceEquals(current, s_deleted))
            {
                _used += current is null ? 1 : 0;
                table.Hashes[i] = rule.Hash;
                Volatile.Write(ref slots[i], rule);
                Count++;
                return true;
            }
        }
    }

    /// <summary>Removes this very rule; false when it is not here. Writer only.</summary>
    public bool Remove(DpclsRule rule)
    {
        DpclsRule?[] slots = _table.Slots;
        int mask = slots.Length - 1;
        for (int i = (int)rule.Hash & mask; ; i = (i + 1) & mask)
        {
            DpclsRule? current = slots[i];
            if (current is null)
            {
                return false;
            }

            if (ReferenceEquals(current, rule))
            {
                Volatile.Write(ref slots[i], s_deleted);
                Count--;
                if (Count * 8 < slots.Length && slots.Length > 16)
                {
                    Rebuild(Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)Count * 4)));
                }

                return true;
            }
        }
    }

    /// <summary>Snapshot of the live rules, for the writer and for tests.</summary>
    public List<DpclsRule> Rules()
    {
        var list = new List<DpclsRule>(Count);
        foreach (DpclsRule? rule in Volatile.Read(ref _table).Slots)
        {
            if (rule is not null && !ReferenceEquals(rule, s_deleted))
            {
                list.Add(rule);
            }
        }

        return list;
    }

    // Builds a fresh array without deletion markers and publishes it; readers on the old array are unaffected.
    private void Rebuild(int length)
    {
        var table = new Table(length);
        DpclsRule?[] slots = table.Slots;
        int mask = length - 1;
        int used = 0;
        foreach (DpclsRule? rule in _table.Slots)
        {
            if (rule is null || ReferenceEquals(rule, s_deleted))
            {
                continue;
            }

            int i = (int)rule.Hash & mask;
            while (slots[i] is not null)
            {
                i = (i + 1) & mask;
            }

            slots[i] = rule;
            table.Hashes[i] = rule.Hash;
            used++;
        }

        _used = used;
        Volatile.Write(ref _table, table);
    }

    // One published generation of the hash table: both arrays are replaced together by one reference store.
    private sealed class Table(int length)
    {
        public DpclsRule?[] Slots { get; } = new DpclsRule?[length];

        public uint[] Hashes { get; } = new uint[length];
    }
}
