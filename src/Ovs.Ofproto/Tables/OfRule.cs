// Upstream: struct rule in ofproto/ofproto-provider.h and struct rule_dpif's statistics in ofproto/ofproto-dpif.c
// (OVS 3.1)
//
// One OpenFlow flow of a switch. The match, priority, table and actions never change: a modify replaces the rule
// with a new one (the classifier's versions make the swap atomic for lookups). The timeouts, importance, flags and
// creation time of a modified rule come from the rule it replaces; the counters may be carried over.
// Threading: fields are written on the main loop; upcall threads read the immutable parts and add to the counters
// through AddStats (Interlocked).
using Ovs.Classifier;
using Ovs.Flow;
using Ovs.Ofproto.Dpif.Xlate;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Tables;

/// <summary>Why a rule left its table (OFPRR_*), or None while it is in it.</summary>
internal enum RuleRemovedReason : byte
{
    IdleTimeout = 0,
    HardTimeout = 1,
    Delete = 2,
    GroupDelete = 3,
    MeterDelete = 4,
    Eviction = 5,
    None = 0xff,
}

internal sealed class OfRule : IXlateStatsTarget
{
    private long _packets;
    private long _bytes;
    private long _usedMs;
    private OfRule? _successor;
    private bool _forwardCounts;

    public OfRule(in Match match, int priority, byte tableId, ulong cookie, IReadOnlyList<OfpAct> actions, long nowMs)
    {
        Match = match;
        Priority = priority;
        TableId = tableId;
        Cookie = cookie;
        Actions = actions;
        CreatedMs = nowMs;
        ModifiedMs = nowMs;
        _usedMs = nowMs;
        Xlate = new XlateRule(match, priority, cookie, actions) { Stats = this };
    }

    public Match Match { get; }

    public int Priority { get; }

    /// <summary>rule_is_hidden(): a priority beyond OpenFlow's 16 bits marks a rule the switch made for itself.</summary>
    public bool IsHidden => Priority > ushort.MaxValue;

    public byte TableId { get; }

    public ulong Cookie { get; }

    public IReadOnlyList<OfpAct> Actions { get; }

    /// <summary>The view translation gets of this rule.</summary>
    public XlateRule Xlate { get; }

    public ushort IdleTimeout { get; set; }

    public ushort HardTimeout { get; set; }

    public ushort Importance { get; set; }

    public OfpFlowModFlags Flags { get; set; }

    /// <summary>When the rule was added (kept across modifies), in monotonic milliseconds.</summary>
    public long CreatedMs { get; set; }

    /// <summary>When the rule was last added or modified: the hard timeout counts from here.</summary>
    public long ModifiedMs { get; set; }

    /// <summary>When a packet last matched the rule (or it was modified): the idle timeout counts from here.</summary>
    public long UsedMs
    {
        get => Interlocked.Read(ref _usedMs);
        set => Interlocked.Exchange(ref _usedMs, value);
    }

    public ulong PacketCount => (ulong)Interlocked.Read(ref _packets);

    public ulong ByteCount => (ulong)Interlocked.Read(ref _bytes);

    public RuleRemovedReason RemovedReason { get; set; } = RuleRemovedReason.None;

    /// <summary>The classifier's rule that carries this one, once inserted.</summary>
    public ClassifierRule<OfRule>? Node { get; set; }

    /// <summary>Counts packets that matched the rule at time nowMs.</summary>
    public void AddStats(ulong packets, ulong bytes, long nowMs)
    {
        if (Volatile.Read(ref _successor) is { } successor)
        {
            successor.AddStats(_forwardCounts ? packets : 0, _forwardCounts ? bytes : 0, nowMs);
            return;
        }

        Interlocked.Add(ref _packets, (long)packets);
        Interlocked.Add(ref _bytes, (long)bytes);
        if (nowMs > UsedMs)
        {
            UsedMs = nowMs;
        }
    }

    /// <summary>The packets of a datapath flow that ran this rule (pushed by the upcall handler and revalidator).</summary>
    void IXlateStatsTarget.Credit(int index, in XlateStats stats) => AddStats(stats.Packets, stats.Bytes, stats.UsedMs);

    /// <summary>
    /// Takes the place of <paramref name="old"/> (an add or modify that replaced it): the last-used time always
    /// carries over, the counters only with <paramref name="forwardCounts"/> (no reset_counts). Statistics that still
    /// arrive for the old rule (datapath flows translated before the change) are forwarded the same way, as
    /// upstream's rule_insert() and rule_dpif_credit_stats() do.
    /// </summary>
    public void Replace(OfRule old, bool forwardCounts)
    {
        if (forwardCounts)
        {
            Interlocked.Exchange(ref _packets, (long)old.PacketCount);
            Interlocked.Exchange(ref _bytes, (long)old.ByteCount);
        }

        UsedMs = old.UsedMs;
        old._forwardCounts = forwardCounts;
        Volatile.Write(ref old._successor, this);
    }

    /// <summary>Whether an output, enqueue or controller action sends to port (ofpacts_output_to_port); ANY matches.</summary>
    public bool OutputsTo(ushort port) => port == FlowMod.PortAny || OutputsTo(Actions, port);

    /// <summary>Whether a group action names group (ofpacts_output_to_group); ANY matches.</summary>
    public bool OutputsToGroup(uint group) => group == FlowMod.GroupAny || UsesGroup(Actions, group);

    /// <summary>Every group the actions reference, nested write_actions and clone included.</summary>
    public static IEnumerable<uint> Groups(IReadOnlyList<OfpAct> actions)
    {
        foreach (OfpAct action in Flattened(actions))
        {
            if (action is GroupAct group)
            {
                yield return group.GroupId;
            }
        }
    }

    /// <summary>The actions with write_actions and clone opened up, as upstream's OFPACT_FOR_EACH_FLATTENED.</summary>
    public static IEnumerable<OfpAct> Flattened(IReadOnlyList<OfpAct> actions)
    {
        foreach (OfpAct action in actions)
        {
            yield return action;
            if (action.Kind is OfpActKind.WriteActions or OfpActKind.Clone)
            {
                foreach (OfpAct inner in Flattened(action.Nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Whether an output, enqueue or controller action among <paramref name="actions"/> sends to port; ANY matches.</summary>
    public static bool ActionsOutputTo(IReadOnlyList<OfpAct> actions, ushort port) => port == FlowMod.PortAny || OutputsTo(actions, port);

    private static bool OutputsTo(IReadOnlyList<OfpAct> actions, ushort port)
    {
        foreach (OfpAct action in Flattened(actions))
        {
            bool hit = action switch
            {
                OutputAct output => output.Port == port,
                EnqueueAct enqueue => enqueue.Port == port,
                ControllerAct => port == OfpPorts.Controller,
                _ => false,
            };
            if (hit)
            {
                return true;
            }
        }

        return false;
    }

    private static bool UsesGroup(IReadOnlyList<OfpAct> actions, uint group)
    {
        foreach (uint id in Groups(actions))
        {
            if (id == group)
            {
                return true;
            }
        }

        return false;
    }
}
