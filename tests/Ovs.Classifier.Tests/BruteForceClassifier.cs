// The oracle of the differential tests (in the spirit of upstream tests/test-classifier.c's "tcls"): a plain
// list of rules, every lookup checks every rule. Implements the documented semantics directly: rules with
// identical matches form one priority-ordered list of which only the highest visible one is seen first; a
// conjunctive head counts a clause; a complete conjunction at a priority above the best ordinary rule means a
// second lookup with conj_id set; otherwise the soft rules fall back to the next rule with the identical match.
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

internal sealed class BruteForceClassifier
{
    private readonly List<ClassifierRule<int>> _rules = [];

    public void Add(ClassifierRule<int> rule) => _rules.Add(rule);

    public void Remove(ClassifierRule<int> rule) => _rules.Remove(rule);

    public IReadOnlyList<ClassifierRule<int>> Rules => _rules;

    public static bool Matches(in Match match, in FlowData flow)
    {
        ReadOnlySpan<ulong> m = match.Wildcards.Masks.ReadOnlyWords;
        ReadOnlySpan<ulong> v = match.Flow.ReadOnlyWords;
        ReadOnlySpan<ulong> f = flow.ReadOnlyWords;
        for (int i = 0; i < m.Length; i++)
        {
            if ((f[i] & m[i]) != v[i])
            {
                return false;
            }
        }

        return true;
    }

    public ClassifierRule<int>? Lookup(ulong version, in FlowData flow) => Lookup(version, flow, allowConjunctions: true);

    private ClassifierRule<int>? Lookup(ulong version, FlowData flow, bool allowConjunctions)
    {
        // Identical-match lists of visible matching rules, highest priority first, newest first within one.
        var lists = new Dictionary<Match, List<ClassifierRule<int>>>();
        foreach (ClassifierRule<int> rule in _rules)
        {
            if (rule.IsVisibleIn(version) && Matches(rule.Match, flow))
            {
                if (!lists.TryGetValue(rule.Match, out List<ClassifierRule<int>>? list))
                {
                    lists[rule.Match] = list = [];
                }

                list.Add(rule);
            }
        }

        ClassifierRule<int>? hard = null;
        var soft = new List<(List<ClassifierRule<int>> List, int Index)>();
        foreach (List<ClassifierRule<int>> list in lists.Values)
        {
            list.Sort((a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : b.Sequence.CompareTo(a.Sequence));
            ClassifierRule<int> head = list[0];
            if (!head.IsConjunctive)
            {
                if (hard is null || head.Priority > hard.Priority)
                {
                    hard = head;
                }
            }
            else if (allowConjunctions)
            {
                soft.Add((list, 0));
            }
        }

        while (true)
        {
            soft.RemoveAll(s => hard is not null && s.List[s.Index].Priority <= hard.Priority);
            if (soft.Count == 0)
            {
                return hard;
            }

            int top = soft.Max(s => s.List[s.Index].Priority);
            var atTop = soft.Where(s => s.List[s.Index].Priority == top).ToList();
            foreach (uint id in CompleteConjunctions(atTop.Select(s => s.List[s.Index]).ToList()))
            {
                FlowData withId = flow;
                withId.SetU32(FlowLayout.ConjId, id);
                ClassifierRule<int>? found = Lookup(version, withId, allowConjunctions: false);
                if (found is not null)
                {
                    return found;
                }
            }

            var next = new List<(List<ClassifierRule<int>> List, int Index)>();
            foreach ((List<ClassifierRule<int>> list, int index) in soft)
            {
                if (list[index].Priority != top)
                {
                    next.Add((list, index));
                }
                else if (index + 1 < list.Count)
                {
                    ClassifierRule<int> lower = list[index + 1];
                    if (lower.IsConjunctive)
                    {
                        next.Add((list, index + 1));
                    }
                    else if (hard is null || lower.Priority > hard.Priority)
                    {
                        hard = lower;
                    }
                }
            }

            soft = next;
        }
    }

    /// <summary>Conjunction ids all of whose clauses the rules cover (each id's clause count taken as declared).</summary>
    private static List<uint> CompleteConjunctions(List<ClassifierRule<int>> rules)
    {
        var clauses = new Dictionary<uint, (int Count, HashSet<int> Seen)>();
        foreach (ClassifierRule<int> rule in rules)
        {
            foreach (Conjunction c in rule.Conjunctions)
            {
                if (!clauses.TryGetValue(c.Id, out (int Count, HashSet<int> Seen) entry))
                {
                    clauses[c.Id] = entry = (c.ClauseCount, []);
                }

                entry.Seen.Add(c.Clause);
            }
        }

        return clauses.Where(kv => kv.Value.Seen.Count == kv.Value.Count).Select(kv => kv.Key).ToList();
    }
}
