// Upstream: struct dp_netdev_flow in lib/dpif-netdev-private-flow.h (OVS 3.1).
// One installed datapath flow. Id, key and mask are fixed for the flow's life; the actions are replaced as a whole
// (one reference store) by a modify. Statistics: each of the first ThreadSlots datapath threads (by thread index)
// owns a slot of counters that only it writes, with plain stores once per flow per batch (no atomic instruction, no
// cache line bounced between threads in the common case of a flow served by one thread); other writers share a last
// slot updated with atomic adds. Readers sum the slots, so a read is a recent value, as upstream's are. Once deleted a flow is marked dead before it leaves the classifier, and
// the caches (EMC, SMC) that may still refer to it treat a dead flow as a miss.
using Ovs.Dpif.Netdev.Dpcls;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Flows;

internal sealed class DpNetdevFlow : DpclsRule
{
    /// <summary>Datapath threads (by index) with a statistics slot of their own.</summary>
    public const int ThreadSlots = 8;

    private readonly StatsSlot[] _stats = new StatsSlot[ThreadSlots + 1];
    private DpNetdevActions _actions;
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

    /// <summary>Accounts packets that executed this flow's actions; safe from any thread (the shared slot).</summary>
    public void RecordHit(int packets, int bytes, ushort tcpFlags, long nowMs) =>
        RecordHit(ThreadSlots, packets, bytes, tcpFlags, nowMs);

    /// <summary>
    /// Accounts packets for datapath thread <paramref name="threadIndex"/>: below ThreadSlots the caller must be the
    /// only thread using that index (a pipeline's owner); any other index goes to the shared, atomic slot.
    /// </summary>
    public void RecordHit(int threadIndex, int packets, int bytes, ushort tcpFlags, long nowMs)
    {
        if ((uint)threadIndex < ThreadSlots)
        {
            ref StatsSlot own = ref _stats[threadIndex];
            Volatile.Write(ref own.Packets, own.Packets + packets);
            Volatile.Write(ref own.Bytes, own.Bytes + bytes);
            if ((tcpFlags & ~own.TcpFlags) != 0)
            {
                Volatile.Write(ref own.TcpFlags, own.TcpFlags | tcpFlags);
            }

            if (nowMs != own.UsedMs)
            {
                Volatile.Write(ref own.UsedMs, nowMs);
            }

            return;
        }

        ref StatsSlot shared = ref _stats[ThreadSlots];
        Interlocked.Add(ref shared.Packets, packets);
        Interlocked.Add(ref shared.Bytes, bytes);
        if (tcpFlags != 0)
        {
            Interlocked.Or(ref shared.TcpFlags, tcpFlags);
        }

        // Time only moves forward here, but two threads may race: keep the later of the two stores most of the
        // time, which is all "used" promises.
        if (nowMs > Volatile.Read(ref shared.UsedMs))
        {
            Volatile.Write(ref shared.UsedMs, nowMs);
        }
    }

    public DpNetdevFlowStats GetStats()
    {
        long packets = 0;
        long bytes = 0;
        long used = 0;
        int tcpFlags = 0;
        for (int i = 0; i < _stats.Length; i++)
        {
            ref StatsSlot slot = ref _stats[i];
            packets += Volatile.Read(ref slot.Packets);
            bytes += Volatile.Read(ref slot.Bytes);
            used = Math.Max(used, Volatile.Read(ref slot.UsedMs));
            tcpFlags |= Volatile.Read(ref slot.TcpFlags);
        }

        return new((ulong)packets, (ulong)bytes, used, (ushort)tcpFlags);
    }

    // One thread's counters (or the shared ones).
    private struct StatsSlot
    {
        public long Packets;
        public long Bytes;
        public long UsedMs;
        public int TcpFlags;
    }
}
