// Upstream: ovsdb/ovsdb-server.c, struct ovsdb_jsonrpc_options and add_manager_options() (OVS 3.1)
namespace Ovs.Ovsdb.Server.Remotes;

/// <summary>
/// The settings of one remote target. Plain --remote targets use the defaults; db: remotes that reference rows take
/// them from the row's read_only, role, inactivity_probe and max_backoff columns.
/// </summary>
internal sealed record RemoteOptions(bool ReadOnly = false, string Role = "", int? InactivityProbeMs = null, int MaxBackoffMs = 8000)
{
    public static RemoteOptions Default { get; } = new();
}
