// Upstream: vswitchd/bridge.c, what iface_create() and iface_clear_db_record() leave in an Interface row (OVS 3.1)
namespace Ovs.Vswitchd.Bridges;

/// <summary>
/// What the database should say about one interface after a reconfiguration: the OpenFlow port it got, or -1 and
/// the reason it could not be created (the Interface "error" column, which ovs-vsctl prints after --wait).
/// </summary>
internal readonly record struct InterfaceStatus(Guid Uuid, long Ofport, string? Error)
{
    public static InterfaceStatus Created(Guid uuid, long ofport) => new(uuid, ofport, null);

    public static InterfaceStatus Failed(Guid uuid, string error) => new(uuid, -1, error);
}
