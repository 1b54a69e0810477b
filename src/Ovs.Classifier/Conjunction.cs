// Upstream: struct cls_conjunction in lib/classifier.h (OVS 3.1).
// One conjunction(id, k/n) action of a rule, as ovs-actions(7) describes it: the rule is clause k of the n-clause
// conjunctive match id. Clause here is zero-based (k - 1), as the classifier numbers clause bits.
namespace Ovs.Classifier;

internal readonly record struct Conjunction
{
    public Conjunction(uint id, int clause, int clauseCount)
    {
        if (clauseCount is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(clauseCount), clauseCount, "a conjunction has 1 to 64 clauses");
        }

        if (clause < 0 || clause >= clauseCount)
        {
            throw new ArgumentOutOfRangeException(nameof(clause), clause, "the clause must be below the clause count");
        }

        Id = id;
        Clause = (byte)clause;
        ClauseCount = (byte)clauseCount;
    }

    /// <summary>The conjunction id that a completed match stores in conj_id before the second lookup.</summary>
    public uint Id { get; }

    /// <summary>Zero-based clause number (conjunction(id, k/n) has Clause = k - 1).</summary>
    public byte Clause { get; }

    public byte ClauseCount { get; }
}
