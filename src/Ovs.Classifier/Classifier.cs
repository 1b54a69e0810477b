// Upstream: lib/classifier.h and lib/classifier.c (OVS 3.1), with pvector's role played by a sorted snapshot array.
//
// The OpenFlow classifier: a set of rules (Match, priority, payload) and a lookup that finds, for a packet's
// FlowData, the highest-priority rule visible in a given version, while recording in a FlowWildcards every bit
// that lookup had to look at (the megaflow that the datapath can cache for all packets agreeing on those bits).
//
// Structure. Rules are grouped by mask into subtables (tuple-space search). Each subtable hashes the packet
// under its mask in stages (metadata, L2, L3, L4) and stops at the first stage no rule has; prefix tries over
// configured address fields can rule a subtable out having looked at only a few leading bits. Subtables are
// kept in a snapshot array sorted by their highest priority, so a lookup stops as soon as the next subtable
// cannot beat the rule already found.
//
// Ties. Among matching rules of equal priority, which one a lookup returns is unspecified (as upstream).
//
// Conjunctive matches. A rule with conjunction(id, k/n) actions is "soft": matching it only counts towards its
// conjunction. When every clause of a conjunction is matched by soft rules of one priority that beats the best
// ordinary rule, the lookup sets conj_id to id and looks up again, ignoring soft rules (Classifier.Conjunctions.cs).
//
// Threads. Exactly one thread changes the classifier at a time (the ofproto main thread; mutators also take a
// private lock so that a mistake serialises instead of corrupting). Any number of threads may look up and query
// concurrently and never take a lock: they read a snapshot (subtables and tries) published with Volatile.Write,
// subtables' lock-free hash tables and immutable rule lists and trie nodes. A lookup that runs during a change
// sees the rule set either before or after each single insertion or removal; to make several changes appear at
// once, insert them with a version the lookups do not use yet and publish that version afterwards (versioning,
// see ClassifierVersion), and remove rules only after no lookup still uses a version in which they are visible.
using System.Collections.Concurrent;
using Ovs.Flow;
using Ovs.Flow.Fields;

namespace Ovs.Classifier;

/// <summary>Limits and defaults shared by every classifier.</summary>
internal static class Classifier
{
    /// <summary>At most this many prefix tries per classifier (upstream's CLS_MAX_TRIES).</summary>
    public const int MaxPrefixFields = 3;

    /// <summary>The prefix fields ofproto configures when the Flow_Table does not say (ip_dst and ip_src).</summary>
    public static ReadOnlySpan<FieldId> DefaultPrefixFields => [FieldId.Ipv4Dst, FieldId.Ipv4Src];

    /// <summary>
    /// cls_rule_is_loose_match(): whether a rule with match <paramref name="rule"/> is one a loose query for
    /// <paramref name="target"/> selects (its mask covers the target's and the values agree under the target's).
    /// </summary>
    public static bool IsLooseMatch(in Match rule, in Match target)
    {
        ReadOnlySpan<ulong> targetMask = target.Wildcards.Masks.ReadOnlyWords;
        return Classifier<object>.Covers(rule.Wildcards.Masks.ReadOnlyWords, targetMask)
            && Classifier<object>.EqualUnder(rule.Flow.ReadOnlyWords, target.Flow.ReadOnlyWords, targetMask);
    }
}

internal sealed partial class Classifier<T>
{
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<FlowWildcards, Subtable<T>> _subtables = new();
    private Snapshot _snapshot = new([], []);
    private bool _deferred;
    private bool _publishPending;
    private long _subtableSequence;
    private long _ruleSequence;
    private int _count;

    /// <summary>Creates an empty classifier with prefix tries on prefixFields (none when empty).</summary>
    public Classifier(ReadOnlySpan<FieldId> prefixFields = default)
    {
        SetPrefixFields(prefixFields);
    }

    /// <summary>Number of rules in the classifier, whatever their versions.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool IsEmpty => Count == 0;

    /// <summary>Number of subtables (distinct masks).</summary>
    public int SubtableCount => Volatile.Read(ref _snapshot).Entries.Length;

    /// <summary>The fields that have prefix tries, in configuration order.</summary>
    public FieldId[] PrefixFields
    {
        get
        {
            PrefixTrie[] tries = Volatile.Read(ref _snapshot).Tries;
            var fields = new FieldId[tries.Length];
            for (int i = 0; i < tries.Length; i++)
            {
                fields[i] = tries[i].Field!.Value;
            }

            return fields;
        }
    }

    /// <summary>
    /// Configures the prefix tries (upstream classifier_set_prefix_fields). Duplicates are ignored; a field that
    /// cannot be prefix-matched (not a whole 32-, 64- or 128-bit member) or more than MaxPrefixFields fields
    /// throw. Returns false when the configuration was already this one.
    /// </summary>
    public bool SetPrefixFields(ReadOnlySpan<FieldId> fields)
    {
        var unique = new List<FieldId>();
        foreach (FieldId field in fields)
        {
            if (!unique.Contains(field))
            {
                unique.Add(field);
            }
        }

        if (unique.Count > Classifier.MaxPrefixFields)
        {
            throw new ArgumentException($"at most {Classifier.MaxPrefixFields} prefix fields", nameof(fields));
        }

        lock (_writeLock)
        {
            if (SameFields(_snapshot.Tries, unique))
            {
                return false;
            }

            var tries = new PrefixTrie[unique.Count];
            for (int i = 0; i < tries.Length; i++)
            {
                tries[i] = new PrefixTrie(unique[i]);
            }

            foreach (Subtable<T> subtable in _subtables.Values)
            {
                subtable.PrefixLengths = PrefixLengthsOf(subtable, tries);
                foreach (RuleNode<T> list in subtable.Lists())
                {
                    for (RuleNode<T>? node = list; node is not null; node = node.Next)
                    {
                        AddToTries(tries, subtable.PrefixLengths, node.Rule);
                    }
                }
            }

            Publish(tries);
            return true;
        }
    }

    /// <summary>
    /// Inserts rule, visible from version on (upstream classifier_replace). If a rule with the same match and
    /// priority is in the classifier and still visible in version or later, that rule is removed and returned
    /// (the caller owns its disposal); a rule already marked invisible from version on stays, so a bundle can
    /// replace a rule atomically by marking the old one and inserting the new one with the same version.
    /// </summary>
    public ClassifierRule<T>? Insert(ClassifierRule<T> rule, ulong version)
    {
        lock (_writeLock)
        {
            if (rule.IsInClassifier)
            {
                throw new InvalidOperationException("rule is already in a classifier");
            }

            bool publish = false;
            if (!_subtables.TryGetValue(rule.Match.Wildcards, out Subtable<T>? subtable))
            {
                subtable = new Subtable<T>(in rule.Match.Wildcards, ++_subtableSequence);
                subtable.PrefixLengths = PrefixLengthsOf(subtable, _snapshot.Tries);
                _subtables[rule.Match.Wildcards] = subtable;
                publish = true;
            }

            ClassifierRule<T>? displaced = null;
            for (RuleNode<T>? node = subtable.ListOf(in rule.Match.Flow); node is not null; node = node.Next)
            {
                ClassifierRule<T> old = node.Rule;
                if (old.Priority == rule.Priority && old.RemoveVersion > version && subtable.SameMatch(in old.Match.Flow, in rule.Match.Flow))
                {
                    displaced = old;
                    break;
                }
            }

            rule.SetAddVersion(version);
            rule.Sequence = ++_ruleSequence;

            // Tries first: a lookup must never find a rule that its trie check could rule out.
            AddToTries(_snapshot.Tries, subtable.PrefixLengths, rule);
            publish |= subtable.Insert(rule);
            rule.Owner = subtable;
            Interlocked.Increment(ref _count);

            if (displaced is not null)
            {
                publish |= RemoveLocked(displaced);
            }

            if (publish)
            {
                RequestPublish();
            }

            return displaced;
        }
    }

    /// <summary>
    /// Removes rule from the classifier (upstream classifier_remove). Lookups still running may return it; the
    /// caller defers freeing whatever the payload owns until they are done. Returns false if it was not in it.
    /// </summary>
    public bool Remove(ClassifierRule<T> rule)
    {
        lock (_writeLock)
        {
            if (rule.Owner is null || !_subtables.TryGetValue(rule.Owner.Mask, out Subtable<T>? subtable) || subtable != rule.Owner)
            {
                return false;
            }

            if (RemoveLocked(rule))
            {
                RequestPublish();
            }

            return true;
        }
    }

    /// <summary>
    /// Starts a batch of changes (upstream classifier_defer): until Publish, new subtables and changed subtable
    /// priorities are not shown to lookups, which saves re-sorting the subtables after every change of a large
    /// batch. Rules inserted into subtables that lookups already see are visible at once, so callers that need
    /// the batch to appear atomically also give its rules a version that lookups do not use yet.
    /// </summary>
    public void Defer()
    {
        lock (_writeLock)
        {
            _deferred = true;
        }
    }

    /// <summary>Ends a batch started by Defer and shows its subtables to lookups (upstream classifier_publish).</summary>
    public void Publish()
    {
        lock (_writeLock)
        {
            _deferred = false;
            if (_publishPending)
            {
                Publish(_snapshot.Tries);
            }
        }
    }

    private void RequestPublish()
    {
        if (_deferred)
        {
            _publishPending = true;
        }
        else
        {
            Publish(_snapshot.Tries);
        }
    }

    private bool RemoveLocked(ClassifierRule<T> rule)
    {
        Subtable<T> subtable = rule.Owner!;
        bool changed = subtable.Remove(rule);
        RemoveFromTries(_snapshot.Tries, subtable.PrefixLengths, rule);
        rule.Owner = null;
        Interlocked.Decrement(ref _count);
        if (subtable.RuleCount == 0)
        {
            _subtables.TryRemove(subtable.Mask, out _);
            return true;
        }

        return changed;
    }

    private static bool SameFields(PrefixTrie[] tries, List<FieldId> fields)
    {
        if (tries.Length != fields.Count)
        {
            return false;
        }

        for (int i = 0; i < tries.Length; i++)
        {
            if (tries[i].Field != fields[i])
            {
                return false;
            }
        }

        return true;
    }

    private static int[] PrefixLengthsOf(Subtable<T> subtable, PrefixTrie[] tries)
    {
        var lengths = new int[tries.Length];
        for (int i = 0; i < tries.Length; i++)
        {
            lengths[i] = tries[i].PrefixLength(in subtable.Mask.Masks);
        }

        return lengths;
    }

    private static void AddToTries(PrefixTrie[] tries, int[] lengths, ClassifierRule<T> rule)
    {
        for (int i = 0; i < tries.Length; i++)
        {
            if (lengths[i] > 0)
            {
                tries[i].Insert(tries[i].Read(in rule.Match.Flow), lengths[i]);
            }
        }
    }

    private static void RemoveFromTries(PrefixTrie[] tries, int[] lengths, ClassifierRule<T> rule)
    {
        for (int i = 0; i < tries.Length; i++)
        {
            if (lengths[i] > 0)
            {
                tries[i].Remove(tries[i].Read(in rule.Match.Flow), lengths[i]);
            }
        }
    }

    /// <summary>Publishes the subtables sorted by highest priority (then age) with tries (writer, under the lock).</summary>
    private void Publish(PrefixTrie[] tries)
    {
        var entries = new List<SubtableEntry>(_subtables.Count);
        foreach (Subtable<T> subtable in _subtables.Values)
        {
            entries.Add(new SubtableEntry(subtable, subtable.MaxPriority, subtable.PrefixLengths));
        }

        entries.Sort(static (a, b) => a.MaxPriority != b.MaxPriority
            ? b.MaxPriority.CompareTo(a.MaxPriority)
            : a.Subtable.Sequence.CompareTo(b.Subtable.Sequence));
        Volatile.Write(ref _snapshot, new Snapshot([.. entries], tries));
        _publishPending = false;
    }

    /// <summary>One subtable as lookups see it: its priority and trie lengths as of the snapshot.</summary>
    private readonly record struct SubtableEntry(Subtable<T> Subtable, int MaxPriority, int[] PrefixLengths);

    private sealed class Snapshot(SubtableEntry[] entries, PrefixTrie[] tries)
    {
        public SubtableEntry[] Entries { get; } = entries;

        public PrefixTrie[] Tries { get; } = tries;
    }
}
