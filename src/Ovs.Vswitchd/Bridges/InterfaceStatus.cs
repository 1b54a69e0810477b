// Upstream: vswitchd/bridge.c, what iface_create(), iface_refresh_netdev_status(), iface_refresh_stats() and
// iface_clear_db_record() leave in an Interface row (OVS 3.1)
namespace Ovs.Vswitchd.Bridges;

/// <summary>
/// What the database should say about one interface after a reconfiguration: the OpenFlow port it got, or -1 and
/// the reason it could not be created (the Interface "error" column, which ovs-vsctl prints after --wait; null when
/// upstream leaves it empty, as for a reserved name). <see cref="State"/> carries what the device reports; when an
/// interface failed, the columns it would fill are cleared.
/// </summary>
internal readonly record struct InterfaceStatus(Guid Uuid, long Ofport, string? Error, InterfaceState? State = null)
{
    public static InterfaceStatus Created(Guid uuid, long ofport) => new(uuid, ofport, null);

    public static InterfaceStatus Failed(Guid uuid, string? error) => new(uuid, -1, error);

    public bool IsFailed => Ofport == -1;
}

/// <summary>
/// The device-reported Interface columns (admin_state, link_state, link_resets, link_speed, duplex, mtu, mac_in_use,
/// ifindex, status, statistics). Null members are written as empty columns.
/// </summary>
internal sealed record InterfaceState(
    string? AdminState,
    string LinkState,
    long LinkResets,
    long? LinkSpeed,
    string? Duplex,
    long? Mtu,
    string? MacInUse,
    long IfIndex,
    IReadOnlyDictionary<string, string> Status,
    IReadOnlyList<KeyValuePair<string, long>> Statistics);

/// <summary>What the database should say about one bridge (the Bridge datapath_id and datapath_version columns).</summary>
internal readonly record struct BridgeStatus(Guid Uuid, string DatapathId, string DatapathVersion);
