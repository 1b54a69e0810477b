// Upstream: mirror_set(), mirror_destroy(), mirror_get_stats() of ofproto/ofproto-dpif-mirror.c and
// mirror_set__() of ofproto/ofproto-dpif.c (OVS 3.1), behaviour only.
// A bridge's port mirrors: the bridge layer replaces the whole set when its configuration changes; translations read
// the current snapshot. A change retires the datapath flows (their actions hold the old mirrors' copies).
// Threading: the set is an immutable snapshot replaced on the main loop and read by translations on any thread.
using Ovs.Ofproto.Dpif.Xlate;

namespace Ovs.Ofproto.L2;

internal sealed class BridgeMirrors(Action invalidate)
{
    private XlateMirrorSet _current = XlateMirrorSet.Empty;

    public XlateMirrorSet Current => Volatile.Read(ref _current);

    /// <summary>
    /// Replaces the mirrors (each keeps its index and counters when it stays). Returns the names of mirrors left out
    /// because the bridge already has the most it can.
    /// </summary>
    public IReadOnlyList<string> Set(IReadOnlyList<XlateMirror> mirrors)
    {
        XlateMirrorSet old = Current;
        XlateMirrorSet next = XlateMirrorSet.Create(old, mirrors, out List<string> dropped);
        if (!next.SameAs(old))
        {
            Volatile.Write(ref _current, next);
            invalidate();
        }

        return dropped;
    }

    /// <summary>The packets and bytes sent to the mirror named name, or null when there is no such mirror.</summary>
    public (long Packets, long Bytes)? Statistics(string name)
    {
        XlateMirrorSet set = Current;
        return set.Named(name) is (int index, _) && set.CountersAt(index) is { } c ? (c.Packets, c.Bytes) : null;
    }
}
