// Upstream: struct conjunctive_match and find_conjunctive_match() in lib/classifier.c (OVS 3.1).
// Which clauses of which conjunction ids the soft rules of one priority have matched so far. Starts on
// caller-provided stack space and moves to the heap only if one priority has more than InlineCount ids.
namespace Ovs.Classifier;

internal ref struct ConjunctionTracker(Span<uint> ids, Span<ulong> clauses)
{
    public const int InlineCount = 16;

    private Span<uint> _ids = ids;
    private Span<ulong> _clauses = clauses;
    private int _count;

    public void Clear() => _count = 0;

    /// <summary>
    /// Records the clauses of conjunctions (skipping those with more clauses than softCount soft rules could
    /// cover) and returns true with the id of the first conjunction whose every clause is now matched.
    /// </summary>
    public bool Add(ReadOnlySpan<Conjunction> conjunctions, int softCount, out uint id)
    {
        foreach (Conjunction c in conjunctions)
        {
            if (c.ClauseCount > softCount)
            {
                continue;
            }

            int slot = IndexOf(c.Id);
            if (slot < 0)
            {
                slot = Append(c.Id, c.ClauseCount == 64 ? 0 : ulong.MaxValue << c.ClauseCount);
            }

            _clauses[slot] |= 1UL << c.Clause;
            if (_clauses[slot] == ulong.MaxValue)
            {
                id = c.Id;
                return true;
            }
        }

        id = 0;
        return false;
    }

    private readonly int IndexOf(uint id)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_ids[i] == id)
            {
                return i;
            }
        }

        return -1;
    }

    private int Append(uint id, ulong initial)
    {
        if (_count == _ids.Length)
        {
            var ids = new uint[_ids.Length * 2];
            var clauses = new ulong[_clauses.Length * 2];
            _ids.CopyTo(ids);
            _clauses.CopyTo(clauses);
            _ids = ids;
            _clauses = clauses;
        }

        _ids[_count] = id;
        _clauses[_count] = initial;
        return _count++;
    }
}
