// Upstream: struct emc_cache, emc_lookup(), emc_insert(), emc_probabilistic_insert() and emc_cache_slow_sweep() in
// lib/dpif-netdev-private-dfc.h and lib/dpif-netdev.c (OVS 3.1).
//
// The exact match cache: the first and cheapest lookup of the fast path, mapping a packet's whole key to the flow
// it last matched. 8192 entries; a key may sit in one of two of them, picked by two 13-bit slices of its hash, so a
// lookup compares at most two keys (and almost always only hashes).
//
// Insertion is probabilistic (other_config:emc-insert-inv-prob, default 100): a dpcls hit is copied into the EMC
// with probability 1/N, so only flows that carry many packets get in, and a flood of short flows does not evict
// them. N = 1 inserts always; N = 0 disables the EMC. On insertion the key's own entry is refreshed if present;
// otherwise a free or dead way is taken, else the way whose key has the lower hash is replaced (a cheap,
// state-free, roughly random choice).
//
// Invalidation: entries refer to flows, and a deleted flow is marked dead before it leaves the classifier, so a
// lookup treats an entry with a dead flow as empty; nothing has to walk the cache on delete. SlowSweep() clears one
// entry per call so dead flows are released to the GC over time, as upstream sweeps per PMD iteration.
//
// Thread-safety: none; an EMC belongs to one datapath thread (upstream: one per PMD).
using Ovs.Dpif.Netdev.Flows;

namespace Ovs.Dpif.Netdev.Caches;

internal sealed class ExactMatchCache
{
    public const int EntryCount = 1 << HashShift;
    public const int DefaultInsertInverseProbability = 100;
    private const int HashShift = 13;
    private const int Ways = 2;

    private readonly Entry[] _entries = new Entry[EntryCount];
    private uint _insertThreshold;
    private uint _random;
    private int _sweepPosition;

    public ExactMatchCache(int insertInverseProbability = DefaultInsertInverseProbability, uint seed = 0x2545f491)
    {
        InsertInverseProbability = insertInverseProbability;
        _random = seed == 0 ? 1 : seed;
    }

    /// <summary>N of "insert with probability 1/N"; 0 disables the cache.</summary>
    public int InsertInverseProbability
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
            _insertThreshold = value == 0 ? 0 : uint.MaxValue / (uint)value;
        }
    }

    public bool IsEnabled => _insertThreshold != 0;

    /// <summary>The live flow cached for exactly this key, or null.</summary>
    public DpNetdevFlow? Lookup(in NetdevFlowKey key)
    {
        uint hash = key.Hash;
        for (int way = 0; way < Ways; way++, hash >>= HashShift)
        {
            ref Entry e = ref _entries[hash & (EntryCount - 1)];
            DpNetdevFlow? flow = e.Flow;
            if (flow is not null && e.Key.SameAs(key) && !flow.IsDead)
            {
                return flow;
            }
        }

        return null;
    }

    /// <summary>Caches the key's flow with the configured probability (see above).</summary>
    public void ProbabilisticInsert(in NetdevFlowKey key, DpNetdevFlow flow)
    {
        if (_insertThreshold != 0 && NextRandom() <= _insertThreshold)
        {
            Insert(key, flow);
        }
    }

    /// <summary>Caches the key's flow unconditionally.</summary>
    public void Insert(in NetdevFlowKey key, DpNetdevFlow flow)
    {
        ref Entry victim = ref _entries[key.Hash & (EntryCount - 1)];
        uint hash = key.Hash;
        for (int way = 0; way < Ways; way++, hash >>= HashShift)
        {
            ref Entry e = ref _entries[hash & (EntryCount - 1)];
            if (e.Flow is not null && e.Key.SameAs(key))
            {
                e.Flow = flow;
                return;
            }

            if (way > 0 && Replaces(ref e, ref victim))
            {
                victim = ref e;
            }
        }

        victim.Key = key;
        victim.Flow = flow;
    }

    /// <summary>Clears the next entry if its flow is dead; call once per datapath loop iteration.</summary>
    public void SlowSweep()
    {
        ref Entry e = ref _entries[_sweepPosition];
        if (e.Flow is { IsDead: true })
        {
            e.Flow = null;
        }

        _sweepPosition = (_sweepPosition + 1) & (EntryCount - 1);
    }

    public void Clear() => Array.Clear(_entries);

    /// <summary>Entries holding a live flow (a scan; for tests and statistics).</summary>
    public int LiveCount()
    {
        int n = 0;
        foreach (ref readonly Entry e in _entries.AsSpan())
        {
            n += e.Flow is { IsDead: false } ? 1 : 0;
        }

        return n;
    }

    // Whether 'candidate' is a better entry to overwrite than 'current': a free or dead entry wins over a live one,
    // and between two of the same kind the lower hash loses its place.
    private static bool Replaces(ref Entry candidate, ref Entry current)
    {
        bool candidateFree = candidate.Flow is null || candidate.Flow.IsDead;
        bool currentFree = current.Flow is null || current.Flow.IsDead;
        if (candidateFree != currentFree)
        {
            return candidateFree;
        }

        return candidate.Key.Hash < current.Key.Hash;
    }

    private uint NextRandom()
    {
        // xorshift32: cheap, and good enough to decide 1 insertion in N.
        uint x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _random = x;
        return x;
    }

    private struct Entry
    {
        public NetdevFlowKey Key;
        public DpNetdevFlow? Flow;
    }
}
