// Upstream: struct smc_cache, smc_lookup_batch() and smc_insert() in lib/dpif-netdev-private-dfc.h and
// lib/dpif-netdev.c (OVS 3.1).
//
// The signature match cache, between the EMC and the dpcls (other_config:smc-enable, off by default upstream). It
// scales to many more flows than the EMC for little memory: 2^20 entries of 4 bytes, in buckets of 4. An entry holds
// only a 16-bit signature of the key's hash (its high half) and the 16-bit position of a flow in the table's flow
// index, so a hit is a candidate, not an answer: the candidate flow is then checked against the packet's key under
// the flow's own mask (DpclsRule.Matches), which also makes stale entries harmless. A deleted flow's position is
// empty or holds another flow (which then fails the check unless it really matches); no invalidation walk is needed.
//
// Insertion: an entry of the bucket with the same signature is updated; else a free entry is taken; else a
// pseudo-random one of the four is replaced. Flows whose position does not fit 16 bits are not cached here.
//
// Thread-safety: none; an SMC belongs to one datapath thread.
using System.Numerics;
using Ovs.Dpif.Netdev.Flows;

namespace Ovs.Dpif.Netdev.Caches;

internal sealed class SignatureMatchCache
{
    public const int DefaultEntryCount = 1 << 20;
    public const int EntriesPerBucket = 4;
    private const ushort EmptyIndex = ushort.MaxValue;

    private readonly ushort[] _signatures;
    private readonly ushort[] _indexes;
    private readonly int _bucketMask;
    private uint _random = 0x9e3779b9;

    public SignatureMatchCache(int entryCount = DefaultEntryCount)
    {
        if (entryCount < EntriesPerBucket || !BitOperations.IsPow2(entryCount))
        {
            throw new ArgumentOutOfRangeException(nameof(entryCount), "a power of two of at least 4");
        }

        _signatures = new ushort[entryCount];
        _indexes = new ushort[entryCount];
        _bucketMask = (entryCount / EntriesPerBucket) - 1;
        Clear();
    }

    public int EntryCount => _indexes.Length;

    /// <summary>The live flow of <paramref name="table"/> that this key matches according to the cache, or null.</summary>
    public DpNetdevFlow? Lookup(in NetdevFlowKey key, DpNetdevFlowTable table)
    {
        int first = (int)(key.Hash & (uint)_bucketMask) * EntriesPerBucket;
        ushort signature = (ushort)(key.Hash >> 16);
        for (int i = first; i < first + EntriesPerBucket; i++)
        {
            if (_signatures[i] == signature && _indexes[i] != EmptyIndex)
            {
                DpNetdevFlow? flow = table.FlowAt(_indexes[i]);
                if (flow is not null && !flow.IsDead && flow.Matches(key))
                {
                    return flow;
                }
            }
        }

        return null;
    }

    /// <summary>Remembers that this key matched <paramref name="flow"/>.</summary>
    public void Insert(in NetdevFlowKey key, DpNetdevFlow flow)
    {
        if ((uint)flow.Index >= EmptyIndex)
        {
            return;
        }

        int first = (int)(key.Hash & (uint)_bucketMask) * EntriesPerBucket;
        ushort signature = (ushort)(key.Hash >> 16);
        int free = -1;
        for (int i = first; i < first + EntriesPerBucket; i++)
        {
            if (_indexes[i] != EmptyIndex && _signatures[i] == signature)
            {
                _indexes[i] = (ushort)flow.Index;
                return;
            }

            if (free < 0 && _indexes[i] == EmptyIndex)
            {
                free = i;
            }
        }

        if (free < 0)
        {
            _random ^= _random << 13;
            _random ^= _random >> 17;
            _random ^= _random << 5;
            free = first + (int)(_random % EntriesPerBucket);
        }

        _signatures[free] = signature;
        _indexes[free] = (ushort)flow.Index;
    }

    public void Clear()
    {
        Array.Fill(_indexes, EmptyIndex);
        Array.Clear(_signatures);
    }
}
