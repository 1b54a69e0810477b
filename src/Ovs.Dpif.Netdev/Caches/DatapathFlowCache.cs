// Upstream: dfc_processing() and fast_path_processing() in lib/dpif-netdev.c (OVS 3.1), the lookup half only.
//
// One datapath thread's view of a flow table: a batch of packet keys goes through the EMC, then (when enabled) the
// SMC, then the megaflow classifier. A classifier hit is copied back into the caches in front of it (the EMC with
// its insertion probability, the SMC always), so that the next packet of the same connection stops earlier. Keys
// that nothing matches are returned as a bitmap for the caller's upcall.
//
// Thread-safety: owned by one datapath thread (its EMC and SMC are not shared); the table underneath is shared and
// may change concurrently (see DpNetdevFlowTable). All methods are allocation-free.
using System.Numerics;
using Ovs.Dpif.Netdev.Dpcls;
using Ovs.Dpif.Netdev.Flows;

namespace Ovs.Dpif.Netdev.Caches;

internal sealed class DatapathFlowCache
{
    private readonly DpclsRule?[] _rules = new DpclsRule?[MegaflowClassifier.MaxBatch];
    private readonly DpNetdevFlow?[] _single = new DpNetdevFlow?[1];
    private long _megaflowLookups;

    public DatapathFlowCache(
        DpNetdevFlowTable table,
        int emcInsertInverseProbability = ExactMatchCache.DefaultInsertInverseProbability,
        bool smcEnabled = false,
        int smcEntryCount = SignatureMatchCache.DefaultEntryCount)
    {
        Table = table;
        Emc = new ExactMatchCache(emcInsertInverseProbability);
        Smc = smcEnabled ? new SignatureMatchCache(smcEntryCount) : null;
    }

    public DpNetdevFlowTable Table { get; }

    public ExactMatchCache Emc { get; }

    public SignatureMatchCache? Smc { get; }

    public long EmcHits { get; private set; }

    public long SmcHits { get; private set; }

    public long MegaflowHits { get; private set; }

    /// <summary>Subtables searched for the megaflow hits (see MegaflowClassifier.Lookup).</summary>
    public long MegaflowLookups => _megaflowLookups;

    public long Misses { get; private set; }

    /// <summary>
    /// Finds the flow for each of up to 32 keys: <paramref name="flows"/>[i] gets keys[i]'s flow, or null. Returns
    /// the bitmap of keys without a flow (bit i for keys[i]).
    /// </summary>
    public uint Lookup(ReadOnlySpan<NetdevFlowKey> keys, Span<DpNetdevFlow?> flows)
    {
        if (keys.Length > MegaflowClassifier.MaxBatch || flows.Length < keys.Length)
        {
            throw new ArgumentException("a batch holds at most 32 keys and needs a result slot per key", nameof(keys));
        }

        uint missing = 0;
        bool emc = Emc.IsEnabled;
        for (int i = 0; i < keys.Length; i++)
        {
            DpNetdevFlow? flow = emc ? Emc.Lookup(keys[i]) : null;
            flows[i] = flow;
            if (flow is null)
            {
                missing |= 1u << i;
            }
        }

        EmcHits += keys.Length - BitOperations.PopCount(missing);
        if (missing == 0)
        {
            return 0;
        }

        SignatureMatchCache? smc = Smc;
        if (smc is not null)
        {
            int hits = 0;
            for (uint m = missing; m != 0; m &= m - 1)
            {
                int i = BitOperations.TrailingZeroCount(m);
                DpNetdevFlow? flow = smc.Lookup(keys[i], Table);
                if (flow is not null)
                {
                    flows[i] = flow;
                    missing &= ~(1u << i);
                    hits++;
                    if (emc)
                    {
                        Emc.ProbabilisticInsert(keys[i], flow);
                    }
                }
            }

            SmcHits += hits;
            if (missing == 0)
            {
                return 0;
            }
        }

        Span<DpclsRule?> rules = _rules.AsSpan(0, keys.Length);
        uint unmatched = Table.Classifier.Lookup(keys, missing, rules, ref _megaflowLookups);
        for (uint m = missing & ~unmatched; m != 0; m &= m - 1)
        {
            int i = BitOperations.TrailingZeroCount(m);
            var flow = (DpNetdevFlow)rules[i]!;
            rules[i] = null;
            flows[i] = flow;
            MegaflowHits++;
            if (emc)
            {
                Emc.ProbabilisticInsert(keys[i], flow);
            }

            smc?.Insert(keys[i], flow);
        }

        Misses += BitOperations.PopCount(unmatched);
        return unmatched;
    }

    /// <summary>Single-key convenience over the batch path.</summary>
    public DpNetdevFlow? Lookup(in NetdevFlowKey key)
    {
        Lookup(new ReadOnlySpan<NetdevFlowKey>(in key), _single);
        DpNetdevFlow? flow = _single[0];
        _single[0] = null;
        return flow;
    }
}
