// Upstream: classifier_lookup() and classifier_lookup__() of lib/classifier.c (OVS 3.1).
// The lookup proper: walk the snapshot's subtables in priority order, keep the best ordinary ("hard") rule and
// stop when no further subtable can beat it; collect conjunctive ("soft") rules on the way and, if any beats the
// hard rule, resolve them (Classifier.Conjunctions.cs). Allocation-free unless more than SoftMatches.InlineCount
// soft rules match one packet.
using Ovs.Flow;

namespace Ovs.Classifier;

internal sealed partial class Classifier<T>
{
    /// <summary>
    /// Returns the highest-priority rule visible in version that flow matches, or null, and ORs into wildcards
    /// every bit of flow the answer depended on: any flow equal to this one on the bits set in wildcards (after
    /// the call) gets the same answer. Safe on any thread, concurrently with changes.
    /// </summary>
    public ClassifierRule<T>? Lookup(ulong version, in FlowData flow, ref FlowWildcards wildcards)
    {
        return LookupCore(version, in flow, ref wildcards, allowConjunctions: true)?.Rule;
    }

    /// <summary>Lookup without wildcard tracking.</summary>
    public ClassifierRule<T>? Lookup(ulong version, in FlowData flow)
    {
        var ignored = default(FlowWildcards);
        return LookupCore(version, in flow, ref ignored, allowConjunctions: true)?.Rule;
    }

    private RuleNode<T>? LookupCore(ulong version, in FlowData flow, ref FlowWildcards wildcards, bool allowConjunctions)
    {
        Snapshot snapshot = Volatile.Read(ref _snapshot);
        PrefixTrie[] tries = snapshot.Tries;
        var trieLookups = default(TrieLookups);
        RuleNode<T>? hard = null;
        int hardPriority = int.MinValue;
        var soft = default(SoftMatches);
        int softPriority = int.MinValue;

        foreach (SubtableEntry entry in snapshot.Entries)
        {
            if (hard is not null && entry.MaxPriority <= hardPriority)
            {
                break;
            }

            RuleNode<T>? node = entry.Subtable.Lookup(version, in flow, ref wildcards, tries, entry.PrefixLengths, ref trieLookups);
            if (node is null || (hard is not null && node.Rule.Priority <= hardPriority))
            {
                continue;
            }

            if (!node.Rule.IsConjunctive)
            {
                hard = node;
                hardPriority = node.Rule.Priority;
            }
            else if (allowConjunctions)
            {
                soft.Add(node);
                softPriority = Math.Max(softPriority, node.Rule.Priority);
            }
        }

        if (soft.Count == 0 || (hard is not null && hardPriority >= softPriority))
        {
            return hard;
        }

        return ResolveConjunctions(version, in flow, ref wildcards, ref soft, hard);
    }
}
