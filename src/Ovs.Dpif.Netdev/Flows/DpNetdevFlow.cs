// Upstream: struct dp_netdev_flow in lib/dpif-netdev-private-flow.h (OVS 3.1).
// One installed datapath flow. Id, key and mask are fixed for the flow's life; the actions are replaced as a whole
// (one reference store) by a modify; the statistics are updated by datapath threads with atomic adds, so several
// threads may account packets to one flow. Once deleted a flow is marked dead before it leaves the classifier, and
// the caches (EMC, SMC) that may still refer to it treat a dead flow as a miss.
using Ovs.Dpif.Netdev.Dpcls;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Flows;

internal sealed class DpNetdevFlow : DpclsRule
{
    private DpNetdevActions _actions;
    private long _packets;
    private long _bytes;
    private long _usedMs;
    private int _tcpFlags;
    private volatile bool _dead;

    public DpNetdevFlow(Ufid ufid, in FlowData key, in FlowWildcards mask, DpNetdevActions actions)
        : base(key, mask)
    {
        Ufid = ufid;
        Mask = mask;
        Key = key;
        _actions = actions;
    }

    public Ufid Ufid { get; }

    /// <summary>
    /// The flow's key as it was put, bits outside the mask included: dumps show it that way, as upstream's do
    /// ("eth(src=01:02:03:04:05:06/ff:ff:ff:00:00:00)"), and an L3 flow keeps its packet_type even when the mask
    /// leaves packet_type wildcarded. Lookups use the rule's masked values, not this.
    /// </summary>
    public FlowData Key { get; }

    public FlowWildcards Mask { get; }

    /// <summary>Position in its table's flow index (see DpNetdevFlowTable.FlowAt), fixed while the flow lives.</summary>
    public int Index { get; internal set; } = -1;

    public DpNetdevActions Actions
    {
        get => Volatile.Read(ref _actions);
        internal set => Volatile.Write(ref _actions, value);
    }

    public bool IsDead => _dead;

    internal void MarkDead() => _dead = true;

    /// <summary>Accounts packets that executed this flow's actions; safe from any datapath thread.</summary>
    public void RecordHit(int packets, int bytes, ushort tcpFlags, long nowMs)
    {
        Interlocked.Add(ref _packets, packets);
        Interlocked.Add(ref _bytes, bytes);
        if (tcpFlags != 0)
        {
            Interlocked.Or(ref _tcpFlags, tcpFlags);
        }

        // Time only moves forward here, but two threads may race: keep the later of the two stores most of the
        // time, which is all "used" promises.
        if (nowMs > Volatile.Read(ref _usedMs))
        {
            Volatile.Write(ref _usedMs, nowMs);
        }
    }

    public DpNetdevFlowStats GetStats() => new(
        (ulong)Volatile.Read(ref _packets),
        (ulong)Volatile.Read(ref _bytes),
        Volatile.Read(ref _usedMs),
        (ushort)Volatile.Read(ref _tcpFlags));
}
