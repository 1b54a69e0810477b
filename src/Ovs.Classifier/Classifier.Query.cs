// Upstream: classifier_find_rule_exactly(), classifier_find_match_exactly(), classifier_rule_overlaps(), the
// CLS_FOR_EACH_TARGET cursor and cls_rule_is_loose_match() of lib/classifier.c (OVS 3.1).
// Queries for flow_mod processing: the strict rule (same match and priority), the rules a loose modify/delete
// selects (those whose match is at least as specific as a given one: every bit the target matches, the rule
// matches too, with the same value), iteration, and the overlap check of OFPFF_CHECK_OVERLAP. They read the same
// lock-free structures as lookups, so they may run on any thread; the ofproto main thread is the usual caller.
// Results come in a stable order: priority from high to low, then insertion order.
using Ovs.Flow;

namespace Ovs.Classifier;

internal sealed partial class Classifier<T>
{
    /// <summary>The rule with exactly this match and priority that is visible in version, or null.</summary>
    public ClassifierRule<T>? FindExact(in Match match, int priority, ulong version)
    {
        if (!_subtables.TryGetValue(match.Wildcards, out Subtable<T>? subtable))
        {
            return null;
        }

        for (RuleNode<T>? node = subtable.ListOf(in match.Flow); node is not null; node = node.Next)
        {
            ClassifierRule<T> rule = node.Rule;
            if (rule.Priority == priority && rule.IsVisibleIn(version) && subtable.SameMatch(in rule.Match.Flow, in match.Flow))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>Every rule visible in version, in stable order (use ClassifierVersion.Max for all not being removed).</summary>
    public List<ClassifierRule<T>> GetRules(ulong version) => GetRules(Match.CatchAll, version);

    /// <summary>
    /// The rules visible in version that loosely match target (ofproto's non-strict modify and delete): each
    /// rule's mask covers target's and the rule's values equal target's on target's mask. Stable order.
    /// </summary>
    public List<ClassifierRule<T>> GetRules(in Match target, ulong version)
    {
        var result = new List<ClassifierRule<T>>();
        ReadOnlySpan<ulong> targetMask = target.Wildcards.Masks.ReadOnlyWords;
        ReadOnlySpan<ulong> targetValues = target.Flow.ReadOnlyWords;
        foreach (SubtableEntry entry in Volatile.Read(ref _snapshot).Entries)
        {
            if (!Covers(entry.Subtable.Mask.Masks.ReadOnlyWords, targetMask))
            {
                continue;
            }

            foreach (RuleNode<T> list in entry.Subtable.Lists())
            {
                for (RuleNode<T>? node = list; node is not null; node = node.Next)
                {
                    if (node.Rule.IsVisibleIn(version) && EqualUnder(node.Rule.Match.Flow.ReadOnlyWords, targetValues, targetMask))
                    {
                        result.Add(node.Rule);
                    }
                }
            }
        }

        result.Sort(static (a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Sequence.CompareTo(b.Sequence));
        return result;
    }

    /// <summary>
    /// Whether some rule visible in version with this priority could match a packet that match also matches
    /// (upstream classifier_rule_overlaps: the two agree wherever both masks have bits). A rule with the
    /// identical match counts as overlapping.
    /// </summary>
    public bool HasOverlap(in Match match, int priority, ulong version)
    {
        ReadOnlySpan<ulong> mask = match.Wildcards.Masks.ReadOnlyWords;
        ReadOnlySpan<ulong> values = match.Flow.ReadOnlyWords;
        foreach (SubtableEntry entry in Volatile.Read(ref _snapshot).Entries)
        {
            if (entry.MaxPriority < priority)
            {
                break;
            }

            foreach (RuleNode<T> list in entry.Subtable.Lists())
            {
                for (RuleNode<T>? node = list; node is not null; node = node.Next)
                {
                    ClassifierRule<T> rule = node.Rule;
                    if (rule.Priority == priority && rule.IsVisibleIn(version) && AgreeOnCommonBits(in rule.Match, mask, values))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    internal static bool Covers(ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> target)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            if ((target[i] & ~mask[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool EqualUnder(ReadOnlySpan<ulong> values, ReadOnlySpan<ulong> target, ReadOnlySpan<ulong> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            if (((values[i] ^ target[i]) & mask[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool AgreeOnCommonBits(in Match rule, ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> values)
    {
        ReadOnlySpan<ulong> ruleMask = rule.Wildcards.Masks.ReadOnlyWords;
        ReadOnlySpan<ulong> ruleValues = rule.Flow.ReadOnlyWords;
        for (int i = 0; i < mask.Length; i++)
        {
            if (((ruleValues[i] ^ values[i]) & ruleMask[i] & mask[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
