// Upstream: vswitchd/bridge.c, the ovsrec_* rows bridge_reconfigure() reads (OVS 3.1)
//
// The configuration ovs-vswitchd is asked to realise, as an immutable snapshot of the database: the Open_vSwitch
// row and the bridges, ports and interfaces it reaches. ConfigReader builds it from the IDL replica on the thread
// that drives the IDL; the reconciler reads it on the main loop. Being immutable, it can cross between the two
// without locks, and the reconciler never sees a replica that changes under it.
namespace Ovs.Vswitchd.Bridges;

/// <summary>The whole desired state. <see cref="HasRow"/> is false while the database has no Open_vSwitch row.</summary>
internal sealed record SwitchConfig(
    bool HasRow,
    long NextCfg,
    IReadOnlyDictionary<string, string> OtherConfig,
    IReadOnlyList<BridgeConfig> Bridges)
{
    /// <summary>What an empty database asks for (upstream's null_cfg): nothing.</summary>
    public static SwitchConfig Empty { get; } = new(false, 0, new Dictionary<string, string>(), []);
}

/// <summary>One Bridge row; <see cref="DatapathType"/> is the column as written ("" for the default).</summary>
internal sealed record BridgeConfig(Guid Uuid, string Name, string DatapathType, IReadOnlyList<PortConfig> Ports)
{
    private static readonly Dictionary<string, string> s_none = new(StringComparer.Ordinal);

    /// <summary>The other_config column (datapath-id, hwaddr, ...).</summary>
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = s_none;

    /// <summary>The protocols column ("OpenFlow10", ...); empty means upstream's default versions.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = [];

    /// <summary>The fail_mode column: "standalone", "secure" or "" (standalone).</summary>
    public string FailMode { get; init; } = string.Empty;

    /// <summary>The bridge's Controller rows.</summary>
    public IReadOnlyList<ControllerConfig> Controllers { get; init; } = [];

    /// <summary>How many Controller rows the bridge has.</summary>
    public int ControllerCount => Controllers.Count;

    /// <summary>The flow_tables column: table number to its Flow_Table row.</summary>
    public IReadOnlyDictionary<long, FlowTableConfig> FlowTables { get; init; } = new Dictionary<long, FlowTableConfig>();

    /// <summary>The bridge's Mirror rows.</summary>
    public IReadOnlyList<MirrorConfig> Mirrors { get; init; } = [];

    /// <summary>The datapath type with upstream's default applied: an empty type means "system".</summary>
    public string NormalizedDatapathType => DatapathType.Length == 0 ? "system" : DatapathType;
}

/// <summary>One Port row of a bridge; <see cref="Mac"/> is its "mac" column or null.</summary>
internal sealed record PortConfig(Guid Uuid, string Name, IReadOnlyList<InterfaceConfig> Interfaces)
{
    public string? Mac { get; init; }

    /// <summary>The VLAN columns NORMAL switching reads: tag, trunks, cvlans and vlan_mode ("" when unset).</summary>
    public long? Tag { get; init; }

    public IReadOnlyList<long> Trunks { get; init; } = [];

    public IReadOnlyList<long> Cvlans { get; init; } = [];

    public string VlanMode { get; init; } = string.Empty;

    /// <summary>The other_config column (priority-tags, qinq-ethtype, ...).</summary>
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>The columns above as text, for the configuration's fingerprint.</summary>
    public string VlanFingerprint =>
        $"{Tag}|{string.Join(',', Trunks)}|{string.Join(',', Cvlans)}|{VlanMode}|{string.Join(',', OtherConfig.OrderBy(static p => p.Key, StringComparer.Ordinal))}";
}

/// <summary>One Interface row of a port; <see cref="Type"/> is the column as written ("" for the default).</summary>
internal sealed record InterfaceConfig(
    Guid Uuid,
    string Name,
    string Type,
    long? OfportRequest,
    IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The mtu_request column, or null.</summary>
    public long? MtuRequest { get; init; }

    /// <summary>The other_config column (pmd-rxq-affinity, ...), handed to the datapath port.</summary>
    public IReadOnlyDictionary<string, string> OtherConfig { get; init; } = new Dictionary<string, string>();
}

/// <summary>One Flow_Table row; <see cref="Prefixes"/> is null when the column is empty (the default prefixes).</summary>
internal sealed record FlowTableConfig(string? Name, long? FlowLimit, string OverflowPolicy, IReadOnlyList<string> Groups, IReadOnlyList<string>? Prefixes)
{
    public override string ToString() =>
        $"{Name}|{FlowLimit}|{OverflowPolicy}|{string.Join(',', Groups)}|{(Prefixes is null ? "-" : string.Join(',', Prefixes))}";
}

/// <summary>
/// One Controller row: its target and the optional columns as written (null when empty); <see cref="Type"/> is
/// "primary", "service" or null (by the target's kind).
/// </summary>
internal sealed record ControllerConfig(Guid Uuid, string Target)
{
    public long? MaxBackoff { get; init; }

    public long? InactivityProbe { get; init; }

    public string? ConnectionMode { get; init; }

    public string? Type { get; init; }

    public bool? EnableAsyncMessages { get; init; }

    public override string ToString() =>
        $"{Uuid}|{Target}|{MaxBackoff}|{InactivityProbe}|{ConnectionMode}|{Type}|{EnableAsyncMessages}";
}
