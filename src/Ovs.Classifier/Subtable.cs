// Upstream: struct cls_subtable and find_match_wc() of lib/classifier.c (OVS 3.1).
// All rules of a classifier that have one particular mask (tuple-space search: one hash table per mask). The
// mask is kept as the list of its non-zero words, ordered and split by lookup stage (FlowSegments). Each stage
// but the last has an index of the hashes of the rules' masked flows up to and including that stage; the last
// stage's hash keys the rule lists. A lookup hashes the packet stage by stage and stops at the first stage whose
// hash no rule has, un-wildcarding only the stages hashed so far. Before a stage that holds a prefix-trie field,
// the trie may prove that no rule of this subtable can match, which un-wildcards only some leading bits of that
// field. Likewise, when the subtable matches L4 ports and the last stage misses, a trie of the subtable's own
// port values tells how many leading bits of tp_src:tp_dst ruled the packet out, and only those port bits are
// un-wildcarded (upstream's ports trie).
//
// Concurrency: one writer (the classifier's, under its lock) adds and removes rules; lookups run on any thread
// without locks. Stage indices are filled before a rule's list is published and emptied after it is withdrawn, so
// a reader never finds a rule whose earlier stages are missing. ConcurrentDictionary reads take no lock and do
// not allocate.
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ovs.Flow;

namespace Ovs.Classifier;

internal sealed class Subtable<T>
{
    private readonly FlowWildcards _mask;
    private readonly int[] _words;
    private readonly ulong[] _wordMasks;
    private readonly int[] _stageEnds;
    private readonly int[] _stageSegments;
    private readonly ConcurrentDictionary<ulong, int>[] _stageIndex;
    private readonly ConcurrentDictionary<ulong, RuleNode<T>> _lists = new();
    private readonly Dictionary<int, int> _priorityCounts = [];
    private readonly uint _portsMask;
    private readonly int _portsLength;
    private readonly PrefixTrie? _portsTrie;

    public Subtable(in FlowWildcards mask, long sequence)
    {
        _mask = mask;
        Sequence = sequence;
        var words = new List<int>();
        var wordMasks = new List<ulong>();
        var ends = new List<int>();
        var segments = new List<int>();
        ReadOnlySpan<ulong> m = mask.Masks.ReadOnlyWords;
        for (int segment = 0; segment < FlowSegments.Count; segment++)
        {
            int before = words.Count;
            for (int w = 0; w < m.Length; w++)
            {
                ulong bits = m[w] & FlowSegments.WordMask(w, segment);
                if (bits != 0)
                {
                    words.Add(w);
                    wordMasks.Add(bits);
                }
            }

            if (words.Count != before)
            {
                ends.Add(words.Count);
                segments.Add(segment);
            }
        }

        if (ends.Count == 0)
        {
            // The catch-all mask: one empty stage, whose hash is the same for every packet.
            ends.Add(0);
            segments.Add(FlowSegments.Metadata);
        }

        _words = [.. words];
        _wordMasks = [.. wordMasks];
        _stageEnds = [.. ends];
        _stageSegments = [.. segments];
        _stageIndex = new ConcurrentDictionary<ulong, int>[_stageEnds.Length - 1];
        for (int i = 0; i < _stageIndex.Length; i++)
        {
            _stageIndex[i] = new ConcurrentDictionary<ulong, int>();
        }

        PrefixLengths = [];

        // The ports trie treats tp_src:tp_dst as a prefix up to the mask's last bit; bits the mask leaves out
        // inside that range are zero in every rule and in the masked packet, so they never tell values apart.
        _portsMask = mask.Masks.U32(FlowLayout.TpSrc);
        if (_portsMask != 0)
        {
            _portsLength = 32 - System.Numerics.BitOperations.TrailingZeroCount(_portsMask);
            _portsTrie = PrefixTrie.ForPorts();
        }
    }

    public ref readonly FlowWildcards Mask => ref _mask;

    /// <summary>Creation order, the tie-breaker between subtables of equal priority.</summary>
    public long Sequence { get; }

    public int RuleCount { get; private set; }

    /// <summary>Highest priority of the rules in the subtable (writer's view; lookups use the snapshot's copy).</summary>
    public int MaxPriority { get; private set; } = int.MinValue;

    /// <summary>Per configured trie, the CIDR length of this mask on the trie's field (0: the trie does not apply).</summary>
    public int[] PrefixLengths { get; set; }

    /// <summary>
    /// The highest-priority rule visible in version whose match the flow satisfies, or null. ORs into wildcards
    /// the bits that decided this (see the file comment).
    /// </summary>
    public RuleNode<T>? Lookup(ulong version, in FlowData flow, ref FlowWildcards wildcards, PrefixTrie[] tries, int[] prefixLengths, ref TrieLookups trieLookups)
    {
        ReadOnlySpan<ulong> f = flow.ReadOnlyWords;
        ulong hash = 0;
        int start = 0;
        int last = _stageEnds.Length - 1;
        for (int stage = 0; stage <= last; stage++)
        {
            if (tries.Length != 0 && !TriesAllow(_stageSegments[stage], in flow, ref wildcards, tries, prefixLengths, ref trieLookups))
            {
                return null;
            }

            int end = _stageEnds[stage];
            for (int i = start; i < end; i++)
            {
                hash = Mix(hash ^ (f[_words[i]] & _wordMasks[i]));
            }

            if (stage < last && !_stageIndex[stage].ContainsKey(hash))
            {
                Unwildcard(ref wildcards, end);
                return null;
            }

            start = end;
        }

        uint portsBefore = wildcards.Masks.U32(FlowLayout.TpSrc);
        Unwildcard(ref wildcards, _words.Length);
        if (_lists.TryGetValue(hash, out RuleNode<T>? node))
        {
            for (; node is not null; node = node.Next)
            {
                if (node.Rule.IsVisibleIn(version) && Matches(f, in node.Rule.Match.Flow))
                {
                    return node;
                }
            }
        }

        if (_portsTrie is not null)
        {
            NarrowPorts(in flow, ref wildcards, portsBefore);
        }

        return null;
    }

    /// <summary>
    /// After a last-stage miss: keeps of the ports only the leading bits that the subtable's ports trie needed to
    /// rule the packet's ports out (all of them if some rule has exactly these ports).
    /// </summary>
    private void NarrowPorts(in FlowData flow, ref FlowWildcards wildcards, uint portsBefore)
    {
        uint value = flow.U32(FlowLayout.TpSrc) & _portsMask;
        _portsTrie!.Lookup((UInt128)value << 96, out int bitsRead);
        uint needed = bitsRead >= 32 ? uint.MaxValue : ~(uint.MaxValue >> bitsRead);
        wildcards.Masks.SetU32(FlowLayout.TpSrc, portsBefore | (_portsMask & needed));
    }

    /// <summary>The list holding the rules whose match values equal values (and rules colliding with them).</summary>
    public RuleNode<T>? ListOf(in FlowData values)
    {
        return _lists.TryGetValue(Hash(in values, _words.Length), out RuleNode<T>? node) ? node : null;
    }

    /// <summary>Whether two match values (already masked by this subtable) are equal.</summary>
    public bool SameMatch(in FlowData a, in FlowData b)
    {
        ReadOnlySpan<ulong> x = a.ReadOnlyWords;
        ReadOnlySpan<ulong> y = b.ReadOnlyWords;
        foreach (int w in _words)
        {
            if (x[w] != y[w])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every list of the subtable; safe to enumerate while the writer changes it.</summary>
    public IEnumerable<RuleNode<T>> Lists()
    {
        foreach (KeyValuePair<ulong, RuleNode<T>> pair in _lists)
        {
            yield return pair.Value;
        }
    }

    /// <summary>Adds rule (writer only). Returns true when the subtable's highest priority changed.</summary>
    public bool Insert(ClassifierRule<T> rule)
    {
        ref readonly FlowData values = ref rule.Match.Flow;
        for (int stage = 0; stage < _stageIndex.Length; stage++)
        {
            ulong h = Hash(in values, _stageEnds[stage]);
            _stageIndex[stage][h] = _stageIndex[stage].TryGetValue(h, out int count) ? count + 1 : 1;
        }

        _portsTrie?.Insert((UInt128)values.U32(FlowLayout.TpSrc) << 96, _portsLength);
        ulong hash = Hash(in values, _words.Length);
        _lists.TryGetValue(hash, out RuleNode<T>? head);
        _lists[hash] = InsertSorted(head, rule);

        RuleCount++;
        _priorityCounts[rule.Priority] = _priorityCounts.TryGetValue(rule.Priority, out int n) ? n + 1 : 1;
        if (rule.Priority > MaxPriority)
        {
            MaxPriority = rule.Priority;
            return true;
        }

        return false;
    }

    /// <summary>Removes rule (writer only). Returns true when the subtable's highest priority changed.</summary>
    public bool Remove(ClassifierRule<T> rule)
    {
        ref readonly FlowData values = ref rule.Match.Flow;
        ulong hash = Hash(in values, _words.Length);
        if (!_lists.TryGetValue(hash, out RuleNode<T>? head))
        {
            throw new InvalidOperationException("classifier: rule missing from its subtable");
        }

        RuleNode<T>? rest = Without(head, rule);
        if (rest is null)
        {
            _lists.TryRemove(hash, out _);
        }
        else
        {
            _lists[hash] = rest;
        }

        for (int stage = 0; stage < _stageIndex.Length; stage++)
        {
            ulong h = Hash(in values, _stageEnds[stage]);
            int count = _stageIndex[stage][h];
            if (count == 1)
            {
                _stageIndex[stage].TryRemove(h, out _);
            }
            else
            {
                _stageIndex[stage][h] = count - 1;
            }
        }

        _portsTrie?.Remove((UInt128)values.U32(FlowLayout.TpSrc) << 96, _portsLength);
        RuleCount--;
        int remaining = _priorityCounts[rule.Priority] - 1;
        if (remaining > 0)
        {
            _priorityCounts[rule.Priority] = remaining;
            return false;
        }

        _priorityCounts.Remove(rule.Priority);
        if (rule.Priority != MaxPriority)
        {
            return false;
        }

        MaxPriority = int.MinValue;
        foreach (int priority in _priorityCounts.Keys)
        {
            MaxPriority = Math.Max(MaxPriority, priority);
        }

        return true;
    }

    private RuleNode<T> InsertSorted(RuleNode<T>? head, ClassifierRule<T> rule)
    {
        // Newest first among equal priorities: the node goes before the first node of the same or lower priority.
        if (head is null || head.Rule.Priority <= rule.Priority)
        {
            return new RuleNode<T>(rule, this, head);
        }

        return new RuleNode<T>(head.Rule, this, InsertSorted(head.Next, rule));
    }

    private RuleNode<T>? Without(RuleNode<T>? head, ClassifierRule<T> rule)
    {
        if (head is null)
        {
            throw new InvalidOperationException("classifier: rule missing from its list");
        }

        return ReferenceEquals(head.Rule, rule) ? head.Next : new RuleNode<T>(head.Rule, this, Without(head.Next, rule));
    }

    private bool Matches(ReadOnlySpan<ulong> flow, in FlowData values)
    {
        ReadOnlySpan<ulong> v = values.ReadOnlyWords;
        for (int i = 0; i < _words.Length; i++)
        {
            int w = _words[i];
            if ((flow[w] & _wordMasks[i]) != (v[w] & _wordMasks[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool TriesAllow(int segment, in FlowData flow, ref FlowWildcards wildcards, PrefixTrie[] tries, int[] prefixLengths, ref TrieLookups trieLookups)
    {
        for (int t = 0; t < tries.Length; t++)
        {
            int length = prefixLengths[t];
            if (length == 0 || tries[t].Segment != segment)
            {
                continue;
            }

            UInt128 lengths = trieLookups.Get(t, tries[t], in flow, out int bitsRead);
            if ((lengths & (UInt128.One << (length - 1))) == 0)
            {
                // No rule anywhere has a /length prefix that this flow has, so none of this subtable's can match.
                tries[t].Unwildcard(ref wildcards.Masks, Math.Min(length, bitsRead));
                return false;
            }
        }

        return true;
    }

    private void Unwildcard(ref FlowWildcards wildcards, int end)
    {
        Span<ulong> m = wildcards.Masks.WordSpan;
        for (int i = 0; i < end; i++)
        {
            m[_words[i]] |= _wordMasks[i];
        }
    }

    private ulong Hash(in FlowData values, int end)
    {
        ReadOnlySpan<ulong> v = values.ReadOnlyWords;
        ulong hash = 0;
        for (int i = 0; i < end; i++)
        {
            hash = Mix(hash ^ (v[_words[i]] & _wordMasks[i]));
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
