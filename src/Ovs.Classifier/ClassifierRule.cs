// Upstream: struct cls_rule and struct cls_match in lib/classifier.h and lib/classifier-private.h (OVS 3.1).
// A rule of the classifier: a Match, a priority and the owner's payload (ofproto's rule). The match and priority
// never change; the conjunctions and the version range may change while the rule is in a classifier, and lookup
// threads read them without locks (each is one reference or one 64-bit value, written with Volatile).
using Ovs.Flow;

namespace Ovs.Classifier;

internal sealed class ClassifierRule<T>
{
    private readonly Match _match;
    private Conjunction[] _conjunctions;
    private ulong _addVersion;
    private ulong _removeVersion = ClassifierVersion.NotRemoved;

    /// <summary>
    /// Creates a rule. The match must keep Match's invariant (flow bits are zero wherever the mask is zero); the
    /// classifier compares and hashes the words as they are.
    /// </summary>
    public ClassifierRule(in Match match, int priority, T payload, ReadOnlySpan<Conjunction> conjunctions = default)
    {
        _match = match;
        Priority = priority;
        Payload = payload;
        _conjunctions = conjunctions.ToArray();
    }

    public ref readonly Match Match => ref _match;

    public int Priority { get; }

    public T Payload { get; }

    /// <summary>
    /// The rule's conjunction actions. A rule with any is a "soft" rule: matching it only contributes a clause to
    /// its conjunctions and never makes it the lookup's result.
    /// </summary>
    public ReadOnlySpan<Conjunction> Conjunctions => Volatile.Read(ref _conjunctions);

    public bool IsConjunctive => Volatile.Read(ref _conjunctions).Length != 0;

    /// <summary>First version in which the rule is visible (set when it is inserted).</summary>
    public ulong AddVersion => Volatile.Read(ref _addVersion);

    /// <summary>First version in which the rule is no longer visible, or ClassifierVersion.NotRemoved.</summary>
    public ulong RemoveVersion => Volatile.Read(ref _removeVersion);

    /// <summary>Whether the rule is in a classifier now (between Insert and Remove).</summary>
    public bool IsInClassifier => Owner is not null;

    internal Subtable<T>? Owner { get; set; }

    /// <summary>Insertion sequence number, the tie-breaker of the classifier's stable iteration order.</summary>
    internal long Sequence { get; set; }

    public bool IsVisibleIn(ulong version)
    {
        return Volatile.Read(ref _addVersion) <= version && version < Volatile.Read(ref _removeVersion);
    }

    /// <summary>
    /// Replaces the conjunction actions (ofproto does this when a flow_mod changes a rule's actions). Lookups see
    /// either the old or the new set.
    /// </summary>
    public void SetConjunctions(ReadOnlySpan<Conjunction> conjunctions)
    {
        Volatile.Write(ref _conjunctions, conjunctions.ToArray());
    }

    /// <summary>Makes the rule invisible in version and later ones, e.g. when a bundle deletes or replaces it.</summary>
    public void MakeInvisibleInVersion(ulong version)
    {
        if (version < AddVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "a rule cannot be removed before the version that adds it");
        }

        Volatile.Write(ref _removeVersion, version);
    }

    /// <summary>Undoes MakeInvisibleInVersion (a bundle that is rolled back).</summary>
    public void RestoreVisibility() => Volatile.Write(ref _removeVersion, ClassifierVersion.NotRemoved);

    internal void SetAddVersion(ulong version)
    {
        Volatile.Write(ref _addVersion, version);
        Volatile.Write(ref _removeVersion, ClassifierVersion.NotRemoved);
    }
}
