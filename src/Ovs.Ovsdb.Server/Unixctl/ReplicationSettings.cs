// Upstream: ovsdb/ovsdb-server.c, struct server_config's replication fields (OVS 3.1)
namespace Ovs.Ovsdb.Server.Unixctl;

/// <summary>
/// The active-backup settings from --sync-from, --sync-exclude-tables and --active and their unixctl commands.
/// </summary>
internal sealed class ReplicationSettings
{
    /// <summary>The active server to replicate from (--sync-from, set-active-ovsdb-server).</summary>
    public string? ActiveServer { get; set; }

    /// <summary>"DB:TABLE,..." excluded from replication.</summary>
    public string? ExcludeTables { get; set; }

    public int ProbeIntervalMs { get; set; } = 60_000;

    /// <summary>--active: start as the active server even with --sync-from.</summary>
    public bool StartActive { get; set; }
}
