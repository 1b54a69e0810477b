// Upstream: ovs_version_t in lib/versions.h (OVS 3.1).
// Versions let a writer stage many rule changes and make them visible together: a rule is visible in versions
// [AddVersion, RemoveVersion). The owner of the classifier (ofproto) keeps the current version, inserts new rules
// with the next one, marks replaced rules invisible in the next one, and only then publishes the next version to
// the lookup threads. Rules are removed from the classifier only after no lookup can still use an older version.
namespace Ovs.Classifier;

internal static class ClassifierVersion
{
    /// <summary>The first version; a new classifier's rules are usually added in it.</summary>
    public const ulong Min = 0;

    /// <summary>The last usable version; iterating "in Max" shows every rule not yet marked for removal.</summary>
    public const ulong Max = ulong.MaxValue - 1;

    /// <summary>RemoveVersion of a rule that has not been marked for removal.</summary>
    public const ulong NotRemoved = ulong.MaxValue;
}
