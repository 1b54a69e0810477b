// Upstream: struct dpcls and dpcls_lookup() in lib/dpif-netdev.c (OVS 3.1), "dpcls" for short.
//
// The datapath's megaflow classifier: tuple-space search with one subtable (DpclsSubtable) per distinct mask. A
// lookup tries the subtables in rank order and stops at the first match: datapath flows do not overlap (ofproto
// builds megaflows so that they do not, and the flow put path refuses a flow whose key an installed flow already
// matches), so there are no priorities to compare. Should two rules overlap anyway, a packet in the overlap gets
// whichever one its subtable order finds first.
//
// Ranking: every subtable counts the packets it matched; Optimize() (called periodically, upstream every second)
// re-sorts the subtables by that count, most-hit first, and restarts the counts. Traffic concentrated on a few masks
// then pays for one or two probes.
//
// Batches: Lookup takes up to 32 keys and a bitmap of those still to classify. Each key is expanded once into a
// dense, flow-shaped scratch (NetdevFlowKey.Expand), so that every subtable gathers its masked words with plain
// loads, and then tries the subtables in rank order. (Upstream walks subtable by subtable over the keys instead, to
// batch its SIMD gathers; the result is the same: each key gets the first subtable in rank order that matches.)
// Hit counts for the ranking are summed per batch and added to the subtables once.
//
// Thread-safety: writers (Insert, Remove, Optimize) are serialised by a lock; lookups take no lock and may run on
// any number of datapath threads concurrently with a writer. The subtable list is an immutable array replaced with
// one reference store on every change (RCU-style publication); see DpclsSubtable for the per-subtable table.
using System.Numerics;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Dpcls;

internal sealed class MegaflowClassifier
{
    /// <summary>Largest batch, upstream's NETDEV_MAX_BURST.</summary>
    public const int MaxBatch = 32;

    /// <summary>Interval between two re-rankings, upstream's DPCLS_OPTIMIZATION_INTERVAL (1 s).</summary>
    public const long OptimizationIntervalMs = 1000;

    // Subtables (in rank order) whose hits a batch lookup sums on the stack before adding them; later ones count
    // each hit directly.
    private const int CountedSubtables = 64;

    private readonly Lock _writeLock = new();
    private readonly Dictionary<FlowWildcards, DpclsSubtable> _byMask = [];
    private DpclsSubtable[] _subtables = [];
    private long _nextOptimizationMs = long.MinValue;
    private int _ruleCount;

    public int RuleCount => Volatile.Read(ref _ruleCount);

    /// <summary>The subtables in their current rank order (a published snapshot).</summary>
    public IReadOnlyList<DpclsSubtable> Subtables => Volatile.Read(ref _subtables);

    /// <summary>Adds a rule under <paramref name="mask"/> (the mask it was built with); false when an identical rule
    /// (same mask, same masked key) is already present.</summary>
    public bool Insert(DpclsRule rule, in FlowWildcards mask)
    {
        lock (_writeLock)
        {
            if (!_byMask.TryGetValue(mask, out DpclsSubtable? subtable))
            {
                subtable = new DpclsSubtable(mask);
                if (!subtable.Insert(rule))
                {
                    return false;
                }

                _byMask.Add(mask, subtable);

                // A new mask goes last: it has no hits yet, and the next Optimize() ranks it.
                Volatile.Write(ref _subtables, [.. _subtables, subtable]);
            }
            else if (!subtable.Insert(rule))
            {
                return false;
            }

            Volatile.Write(ref _ruleCount, _ruleCount + 1);
            return true;
        }
    }

    /// <summary>Removes a rule; a subtable left empty is dropped. False when the rule is not in this classifier.</summary>
    public bool Remove(DpclsRule rule)
    {
        lock (_writeLock)
        {
            DpclsSubtable? subtable = rule.Subtable;
            if (subtable is null || !_byMask.TryGetValue(subtable.Mask, out DpclsSubtable? owned)
                || !ReferenceEquals(owned, subtable) || !subtable.Remove(rule))
            {
                return false;
            }

            if (subtable.Count == 0)
            {
                _byMask.Remove(subtable.Mask);
                Volatile.Write(ref _subtables, Array.FindAll(_subtables, s => !ReferenceEquals(s, subtable)));
            }

            Volatile.Write(ref _ruleCount, _ruleCount - 1);
            return true;
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            _byMask.Clear();
            Volatile.Write(ref _subtables, []);
            Volatile.Write(ref _ruleCount, 0);
        }
    }

    /// <summary>The rule matching one key, or null. Lock-free, allocation-free.</summary>
    public DpclsRule? Lookup(in NetdevFlowKey key)
    {
        Span<ulong> masked = stackalloc ulong[FlowLayout.WordCount];
        foreach (DpclsSubtable subtable in Volatile.Read(ref _subtables))
        {
            Span<ulong> m = masked[..subtable.MaskWordCount];
            DpclsRule? rule = subtable.Find(subtable.MaskKey(key, m), m);
            if (rule is not null)
            {
                subtable.HitCount++;
                return rule;
            }
        }

        return null;
    }

    /// <summary>
    /// Classifies the keys whose bit is set in <paramref name="keysMap"/> (bit i is keys[i]; at most 32 keys) and
    /// stores each match in <paramref name="rules"/>[i]. Returns the bitmap of keys that matched nothing, whose
    /// entries in <paramref name="rules"/> are left untouched. Lock-free, allocation-free.
    /// </summary>
    public uint Lookup(ReadOnlySpan<NetdevFlowKey> keys, uint keysMap, Span<DpclsRule?> rules)
    {
        long subtableLookups = 0;
        return Lookup(keys, keysMap, rules, ref subtableLookups);
    }

    /// <summary>
    /// As the other batch lookup, and adds to <paramref name="subtableLookups"/> the position (1 for the first) of the
    /// subtable each matched key was found in: the subtables searched for hits, upstream's masked-lookup count.
    /// </summary>
    public uint Lookup(ReadOnlySpan<NetdevFlowKey> keys, uint keysMap, Span<DpclsRule?> rules, ref long subtableLookups)
    {
        if (keys.Length > MaxBatch || rules.Length < keys.Length)
        {
            throw new ArgumentException("a batch holds at most 32 keys and needs a result slot per key", nameof(keys));
        }

        if (keys.Length < MaxBatch)
        {
            keysMap &= (1u << keys.Length) - 1;
        }

        DpclsSubtable[] subtables = Volatile.Read(ref _subtables);
        Span<ulong> dense = stackalloc ulong[FlowLayout.WordCount];
        Span<ulong> masked = stackalloc ulong[FlowLayout.WordCount];
        Span<int> hitCounts = stackalloc int[CountedSubtables];
        for (uint remaining = keysMap; remaining != 0; remaining &= remaining - 1)
        {
            int i = BitOperations.TrailingZeroCount(remaining);
            ref readonly NetdevFlowKey key = ref keys[i];
            key.Expand(dense);
            for (int position = 0; position < subtables.Length; position++)
            {
                DpclsSubtable subtable = subtables[position];
                Span<ulong> m = masked[..subtable.MaskWordCount];
                DpclsRule? rule = subtable.Find(subtable.MaskDense(dense, m), m);
                if (rule is not null)
                {
                    rules[i] = rule;
                    keysMap &= ~(1u << i);
                    subtableLookups += position + 1;
                    if (position < hitCounts.Length)
                    {
                        hitCounts[position]++;
                    }
                    else
                    {
                        subtable.HitCount++;
                    }

                    break;
                }
            }

            key.Collapse(dense);
        }

        for (int position = 0; position < hitCounts.Length && position < subtables.Length; position++)
        {
            if (hitCounts[position] != 0)
            {
                subtables[position].HitCount += hitCounts[position];
            }
        }

        return keysMap;
    }

    /// <summary>Re-ranks the subtables by hits since the last ranking (most first) and restarts the counts.</summary>
    public void Optimize()
    {
        lock (_writeLock)
        {
            DpclsSubtable[] current = _subtables;
            var ranked = new (long Hits, int Position, DpclsSubtable Subtable)[current.Length];
            for (int i = 0; i < current.Length; i++)
            {
                ranked[i] = (current[i].HitCount, i, current[i]);
                current[i].HitCount = 0;
            }

            // Ties keep their current order, so a quiet interval does not shuffle the list.
            Array.Sort(ranked, static (a, b) => a.Hits != b.Hits ? b.Hits.CompareTo(a.Hits) : a.Position.CompareTo(b.Position));
            Volatile.Write(ref _subtables, Array.ConvertAll(ranked, r => r.Subtable));
        }
    }

    /// <summary>Calls Optimize() when the ranking interval has elapsed; the owning datapath thread calls this from
    /// its loop with its clock. Returns whether it re-ranked.</summary>
    public bool OptimizeIfDue(long nowMs)
    {
        if (nowMs < Volatile.Read(ref _nextOptimizationMs))
        {
            return false;
        }

        Volatile.Write(ref _nextOptimizationMs, nowMs + OptimizationIntervalMs);
        Optimize();
        return true;
    }
}
