// Upstream: struct xbridge, struct xport and the rule/group look-ups that ofproto/ofproto-dpif-xlate.c makes
// through ofproto-dpif.c (rule_dpif_lookup_in_table(), group_dpif_lookup(), ofproto_table_get_miss_config())
// (OVS 3.1).
// What action translation needs from a bridge, as small role interfaces the switch layer implements over its own
// tables, ports and groups. Translation never sees the switch's concrete classes, so it can run against a test
// double or a frozen snapshot of a bridge.
using Ovs.Flow;
using Ovs.OpenFlow.Actions;
using Ovs.OpenFlow.Messages;

namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>A flow-table rule as translation sees it: how it matched (for the trace) and what it does.</summary>
internal sealed class XlateRule(Match match, int priority, ulong cookie, IReadOnlyList<OfpAct> actions)
{
    public Match Match { get; } = match;

    public int Priority { get; } = priority;

    /// <summary>The rule's cookie in host order (0 when none).</summary>
    public ulong Cookie { get; } = cookie;

    /// <summary>Actions and instructions, in the order of the flow's text; empty means drop.</summary>
    public IReadOnlyList<OfpAct> Actions { get; } = actions;

    /// <summary>Where the packets that run this rule are counted (the switch's rule), or null.</summary>
    public IXlateStatsTarget? Stats { get; init; }
}

/// <summary>The OpenFlow tables of a bridge, looked up with wildcard tracking.</summary>
internal interface IXlateTables
{
    /// <summary>Number of tables (upstream ofproto's n_tables, 255 for ofproto-dpif).</summary>
    int TableCount { get; }

    /// <summary>
    /// The highest-priority rule of table that matches flow, or null; ORs into wildcards every bit of flow the
    /// answer depended on (as Classifier.Lookup does).
    /// </summary>
    XlateRule? Lookup(byte table, in FlowData flow, ref FlowWildcards wildcards);

    /// <summary>What the table does on a miss (the OpenFlow table-mod setting; Default unless configured).</summary>
    TableMissConfig MissConfig(byte table);

    /// <summary>Whether some controller wants packet-ins for table misses (connmgr_wants_packet_in_on_miss).</summary>
    bool WantsPacketInOnMiss { get; }

    /// <summary>Where lookups are counted (indexes from XlateTableStats.Index), or null when nobody counts them.</summary>
    IXlateStatsTarget? Stats => null;
}

/// <summary>OpenFlow port configuration bits that translation honours (OFPPC_*).</summary>
[Flags]
internal enum XlatePortConfig
{
    None = 0,
    NoRecv = 1 << 2,
    NoFwd = 1 << 5,
    NoFlood = 1 << 4,
    NoPacketIn = 1 << 6,
}

/// <summary>
/// One port of the bridge: its OpenFlow number, datapath number and configuration; for a tunnel port, the tunnel
/// (its datapath number is the tunnel type's shared port).
/// </summary>
internal sealed record XlatePort(
    ushort OfPort, uint DpPort, string Name, XlatePortConfig Config = XlatePortConfig.None, bool LinkUp = true, XlateTunnel? Tunnel = null);

/// <summary>The bridge's ports.</summary>
internal interface IXlatePorts
{
    XlatePort? ByOfPort(ushort ofPort);

    XlatePort? ByDpPort(uint dpPort);

    /// <summary>Every port, in the order flooding visits them.</summary>
    IReadOnlyList<XlatePort> FloodOrder { get; }

    /// <summary>The port named <paramref name="name"/>, or null.</summary>
    XlatePort? ByName(string name)
    {
        foreach (XlatePort port in FloodOrder)
        {
            if (port.Name == name)
            {
                return port;
            }
        }

        return null;
    }
}

/// <summary>A bucket of a group.</summary>
internal sealed record XlateBucket(uint BucketId, ushort Weight, ushort WatchPort, uint WatchGroup, IReadOnlyList<OfpAct> Actions);

internal enum XlateGroupType : byte
{
    All = 0,
    Select = 1,
    Indirect = 2,
    FastFailover = 3,
}

internal sealed record XlateGroup(uint GroupId, XlateGroupType Type, IReadOnlyList<XlateBucket> Buckets)
{
    /// <summary>Where packets through the group are counted (index: a bucket, or XlateGroupStats.AllBuckets), or null.</summary>
    public IXlateStatsTarget? Stats { get; init; }

    /// <summary>How a select group picks its bucket (other types: unused).</summary>
    public SelectHashing Selection { get; init; } = SelectHashing.DefaultMethod();

    /// <summary>The fields (and masks) a select group with selection method "hash" hashes.</summary>
    public IReadOnlyList<Ovs.OpenFlow.Messages.GroupHashField> HashFields { get; init; } = [];
}

/// <summary>The bridge's groups.</summary>
internal interface IXlateGroups
{
    XlateGroup? Find(uint groupId);
}

/// <summary>What the datapath under the bridge supports (upstream's struct dpif_backer_support, the part xlate uses).</summary>
internal sealed record XlateSupport(
    bool MaskedSet = true, bool ExplicitDrop = true, bool Recirc = true, bool CheckPktLen = true, bool TunnelPushPop = true);

/// <summary>Everything translation reads from one bridge.</summary>
internal interface IXlateBridge
{
    string Name { get; }

    IXlateTables Tables { get; }

    IXlatePorts Ports { get; }

    IXlateGroups Groups { get; }

    XlateSupport Support { get; }

    /// <summary>The bridge's ofproto UUID (carried in controller userspace cookies).</summary>
    Guid Uuid { get; }

    /// <summary>
    /// A recirculation id for the frozen state a controller action leaves behind (upstream recirc_alloc_id_ctx();
    /// ids are never zero). Returns 0 when none is available.
    /// </summary>
    uint AllocateRecircId();

    /// <summary>The tunnel neighbour cache that ARP and ND replies to the bridge teach (null: none).</summary>
    Ovs.Netdev.Routing.NeighborCache? Neighbors => null;

    /// <summary>The IP addresses of device <paramref name="name"/> (the bridge's own or a port's), IPv4 mapped.</summary>
    IReadOnlyList<Ovs.Flow.Packets.Ipv6Address> DeviceAddresses(string name) => [];

    /// <summary>
    /// Installs the flow a learn action made (a modify_strict flow_mod, upstream ofproto_flow_mod_learn()): an
    /// identical rule already there is only refreshed; otherwise, with a nonzero limit, the learn fails when the
    /// table already holds limit rules with the flow_mod's cookie. Returns whether the learn succeeded. May be called
    /// from any thread; the change may take effect a little later (on the bridge's main loop).
    /// </summary>
    bool Learn(FlowMod flowMod, uint limit);

    /// <summary>Whether the flow a learn action made is already in its table exactly as the learn would install it.</summary>
    bool HasLearned(FlowMod flowMod);

    /// <summary>
    /// fin_timeout: lowers the idle and hard timeouts (nonzero ones) of rule, found in table tableId, to at most
    /// idle and hard seconds (upstream ofproto_rule_reduce_timeouts()). May be called from any thread.
    /// </summary>
    void ReduceTimeouts(byte tableId, XlateRule rule, ushort idle, ushort hard);

    /// <summary>AllocateRecircId() for a controller action, whose packet-in will need the state it froze.</summary>
    uint AllocateRecircId(FrozenState frozen) => AllocateRecircId();

    /// <summary>
    /// A recirculation id for a frozen translation: the id of an identical state (same <paramref name="key"/>)
    /// when one is remembered, else a new one (upstream recirc_alloc_id_ctx()). 0 when none is available.
    /// </summary>
    uint AllocateRecircId(FrozenState frozen, string key) => AllocateRecircId(frozen);

    /// <summary>The state frozen under recirculation id <paramref name="id"/>, or null (upstream recirc_id_node_find()).</summary>
    FrozenState? FindFrozen(uint id) => null;

    /// <summary>What the NORMAL action uses (bundles, MAC learning), or null where NORMAL is not available.</summary>
    IXlateNormal? Normal => null;

    /// <summary>The bridge's port mirrors (null: none); they work on NORMAL's bundles.</summary>
    XlateMirrorSet? Mirrors => null;
}

/// <summary>
/// What a controller action leaves for the packet-in it causes (upstream struct frozen_state): the flow at that point
/// (its metadata is reported), the table and the action's userdata; for a pause, also what the continuation carries.
/// </summary>
internal sealed partial record FrozenState(FlowData Flow, byte TableId, byte[] Userdata)
{
    /// <summary>Whether this is a pause's state, whose packet-in carries a continuation.</summary>
    public bool Continuation { get; init; }

    /// <summary>The datapath port the paused packet came in on (set when its packet-in is sent).</summary>
    public uint OdpPort { get; init; }
}
