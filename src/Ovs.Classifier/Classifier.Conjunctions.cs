// Upstream: the soft-match loop of classifier_lookup__() and find_conjunctive_match() in lib/classifier.c
// (OVS 3.1); semantics as ovs-fields(7) "Conjunctive Match Fields" describes them.
// Resolves the soft (conjunctive) rules a lookup found. Working from the highest soft priority down while it
// still beats the best hard rule: if the soft rules of that priority cover every clause 1..n of some conjunction
// id, the flow is looked up again with conj_id = id and soft rules ignored; the first such lookup that finds a
// rule gives the answer. Otherwise each soft rule of that priority is replaced by the next lower-priority visible
// rule with the identical match (which may be hard, and then competes as the hard rule), and the loop repeats.
// The repeated lookups OR their bits into the same wildcards, so the megaflow covers the whole decision.
using Ovs.Flow;

namespace Ovs.Classifier;

internal sealed partial class Classifier<T>
{
    private RuleNode<T>? ResolveConjunctions(ulong version, in FlowData flow, ref FlowWildcards wildcards, ref SoftMatches soft, RuleNode<T>? hard)
    {
        var tracker = new ConjunctionTracker(stackalloc uint[ConjunctionTracker.InlineCount], stackalloc ulong[ConjunctionTracker.InlineCount]);
        while (true)
        {
            for (int i = 0; i < soft.Count;)
            {
                var node = (RuleNode<T>?)soft[i];
                if (node is null || (hard is not null && node.Rule.Priority <= hard.Rule.Priority))
                {
                    soft.RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }

            if (soft.Count == 0)
            {
                return hard;
            }

            int softPriority = int.MinValue;
            int atPriority = 0;
            for (int i = 0; i < soft.Count; i++)
            {
                int priority = ((RuleNode<T>)soft[i]!).Rule.Priority;
                if (priority > softPriority)
                {
                    softPriority = priority;
                    atPriority = 1;
                }
                else if (priority == softPriority)
                {
                    atPriority++;
                }
            }

            tracker.Clear();
            for (int i = 0; i < soft.Count; i++)
            {
                var node = (RuleNode<T>)soft[i]!;
                if (node.Rule.Priority == softPriority && tracker.Add(node.Rule.Conjunctions, atPriority, out uint id))
                {
                    FlowData withId = flow;
                    withId.SetU32(FlowLayout.ConjId, id);
                    RuleNode<T>? found = LookupCore(version, in withId, ref wildcards, allowConjunctions: false);
                    if (found is not null)
                    {
                        return found;
                    }
                }
            }

            for (int i = 0; i < soft.Count; i++)
            {
                var node = (RuleNode<T>)soft[i]!;
                if (node.Rule.Priority != softPriority)
                {
                    continue;
                }

                RuleNode<T>? next = node.NextIdenticalVisible(version);
                if (next is not null && !next.Rule.IsConjunctive)
                {
                    if (hard is null || next.Rule.Priority > hard.Rule.Priority)
                    {
                        hard = next;
                    }

                    next = null;
                }

                soft[i] = next;
            }
        }
    }
}
