// Upstream: struct dpif_port, struct dpif_flow_stats, struct dpif_flow, struct dpif_flow_put/del/get/execute and
// struct dpif_upcall in lib/dpif.h (OVS 3.1), as small immutable values.
// Flow keys, masks and actions travel in their datapath (netlink attribute) form, because that is the form the
// datapath interface is defined in; Ovs.Dpif.Odp converts them to and from FlowData and text.
namespace Ovs.Dpif;

/// <summary>A datapath port: its name, its netdev type ("system", "internal", "dummy", "vxlan"...) and number.</summary>
internal sealed record DpifPort(string Name, string Type, uint PortNumber);

/// <summary>Flow statistics; Used is milliseconds on the datapath's clock (0 = never used).</summary>
internal readonly record struct DpifFlowStats(ulong PacketCount, ulong ByteCount, long Used, ushort TcpFlags);

/// <summary>
/// A flow as a datapath reports it (get and dump). Attrs says where the flow lives (dp:ovs, offloaded...). PmdId is
/// the thread whose table holds the flow in a datapath with PMD threads (NonPmdCoreId for the main thread's table),
/// and null in a datapath without them; dpctl/dump-flows prints a "flow-dump from ..." line when it changes.
/// </summary>
internal sealed record DpifFlow(
    ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Mask, ReadOnlyMemory<byte> Actions, Ufid? Ufid, DpifFlowStats Stats,
    DpifFlowAttrs Attrs = default, uint? PmdId = null)
{
    /// <summary>The PmdId of flows in the table of the main (non-PMD) thread (upstream's NON_PMD_CORE_ID).</summary>
    public const uint NonPmdCoreId = uint.MaxValue;
}

[Flags]
internal enum DpifFlowPutFlags
{
    None = 0,

    /// <summary>Add the flow if it does not exist (else the put fails with EEXIST unless Modify is set).</summary>
    Create = 1,

    /// <summary>Replace the actions of an existing flow (else the put fails with ENOENT unless Create is set).</summary>
    Modify = 2,

    /// <summary>When modifying, reset the statistics; the old ones are returned.</summary>
    ZeroStats = 4,
}

/// <summary>A flow put: key and mask (an empty mask means an exact-match flow) with actions and optional UFID.</summary>
internal sealed record DpifFlowPut(
    DpifFlowPutFlags Flags, ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte> Mask, ReadOnlyMemory<byte> Actions, Ufid? Ufid);

/// <summary>
/// Executes actions on one packet. Metadata holds the packet's metadata (in_port, skb_priority, tunnel, ...) as ODP
/// key attributes; the datapath extracts the rest of the flow from the packet itself.
/// </summary>
internal sealed record DpifExecute(ReadOnlyMemory<byte> Packet, ReadOnlyMemory<byte> Metadata, ReadOnlyMemory<byte> Actions, bool Probe = false);

internal enum DpifUpcallType
{
    /// <summary>No flow matched the packet.</summary>
    Miss,

    /// <summary>A userspace() action sent the packet up; Userdata carries its cookie.</summary>
    Action,
}

/// <summary>A packet sent to userspace, with the flow key the datapath extracted and the UFID it proposes.</summary>
internal sealed record DpifUpcall(DpifUpcallType Type, ReadOnlyMemory<byte> Packet, ReadOnlyMemory<byte> Key, Ufid Ufid, ReadOnlyMemory<byte> Userdata);

/// <summary>What the upcall handler decided: actions to run on the packet now, and optionally a flow to install.</summary>
internal sealed record DpifUpcallResult(ReadOnlyMemory<byte> Actions, DpifFlowPut? FlowPut);

/// <summary>
/// Datapath statistics (upstream's struct dpif_dp_stats). Hit, Missed and Lost count packets: found a flow, missed
/// and went to userspace, missed and could not go (no handler, handler failed). Flows is the installed flow count.
/// The mask and cache figures are null when the datapath does not keep them (the userspace datapath does not;
/// dpctl/show then leaves out its "masks:" and "cache:" lines).
/// </summary>
internal readonly record struct DpifDpStats(
    ulong Hit, ulong Missed, ulong Lost, ulong Flows, ulong? MaskHit = null, uint? Masks = null, ulong? CacheHit = null);
