// Upstream: odp_flow_key_hash() in lib/odp-util.c (OVS 3.1).
// The UFID dpctl/add-flow gives a flow that came without one: a 128-bit hash of the flow key with a basis chosen at
// random when the process starts, so it is stable for the life of ovs-vswitchd (del-flow of the same key computes
// the same UFID) and differs between processes, as upstream's does.
namespace Ovs.Dpif.Dpctl;

internal static class FlowKeyUfid
{
    private static readonly int s_basis = Random.Shared.Next();

    public static Ufid Compute(ReadOnlySpan<byte> key) =>
        new(Word(key, 0), Word(key, 1), Word(key, 2), Word(key, 3));

    private static uint Word(ReadOnlySpan<byte> key, int index)
    {
        var hash = new HashCode();
        hash.Add(s_basis);
        hash.Add(index);
        hash.AddBytes(key);
        return unchecked((uint)hash.ToHashCode());
    }
}
