// Upstream: struct flow_wildcards in lib/flow.h (OVS 3.1).
// Which bits of a FlowData a match cares about: a 1-bit in Masks means "this bit must equal the flow's bit".
namespace Ovs.Flow;

internal struct FlowWildcards : IEquatable<FlowWildcards>
{
    public FlowData Masks;

    public readonly bool IsCatchAll => Masks.IsAllZero;

    public readonly bool Equals(FlowWildcards other) => Masks.Equals(other.Masks);

    public override readonly bool Equals(object? obj) => obj is FlowWildcards other && Equals(other);

    public override readonly int GetHashCode() => Masks.GetHashCode();

    public static bool operator ==(FlowWildcards a, FlowWildcards b) => a.Equals(b);

    public static bool operator !=(FlowWildcards a, FlowWildcards b) => !a.Equals(b);
}
