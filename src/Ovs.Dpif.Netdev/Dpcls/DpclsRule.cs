// Upstream: struct dpcls_rule in lib/dpif-netdev-private-dpcls.h (OVS 3.1).
// One megaflow as the classifier holds it: the key words that its mask keeps, already masked, in word order, and
// their hash. All fields are fixed before the rule is published to a subtable, so datapath threads read them without
// synchronisation. The datapath's flow (DpNetdevFlow) derives from this class, so a lookup hit is the flow itself
// with no further indirection, as upstream embeds the rule in struct dp_netdev_flow.
using Ovs.Dpif.Netdev.Caches;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Dpcls;

internal class DpclsRule
{
    private DpclsSubtable? _subtable;

    public DpclsRule(in FlowData key, in FlowWildcards mask)
    {
        ReadOnlySpan<ulong> k = key.ReadOnlyWords;
        ReadOnlySpan<ulong> m = mask.Masks.ReadOnlyWords;
        int n = 0;
        foreach (ulong w in m)
        {
            n += w != 0 ? 1 : 0;
        }

        var masked = new ulong[n];
        n = 0;
        for (int i = 0; i < m.Length; i++)
        {
            if (m[i] != 0)
            {
                masked[n++] = k[i] & m[i];
            }
        }

        MaskedValues = masked;
        Hash = FlowKeyHash.Finish(FlowKeyHash.Words(masked), masked.Length);
    }

    // The sentinel that marks a deleted slot in a subtable's table.
    private protected DpclsRule()
    {
        MaskedValues = [];
    }

    /// <summary>The key's words under the mask's non-zero words, masked, in word order.</summary>
    public ulong[] MaskedValues { get; }

    public uint Hash { get; }

    /// <summary>The subtable holding the rule, set when the rule is inserted (and kept after removal).</summary>
    public DpclsSubtable? Subtable
    {
        get => Volatile.Read(ref _subtable);
        internal set => Volatile.Write(ref _subtable, value);
    }

    /// <summary>Whether a packet key matches this rule (upstream dpcls_rule_matches_key); the SMC verifies with it.</summary>
    public bool Matches(in NetdevFlowKey key)
    {
        DpclsSubtable? subtable = Subtable;
        return subtable is not null && subtable.Matches(this, key);
    }

    internal static DpclsRule CreateTombstone() => new();
}
