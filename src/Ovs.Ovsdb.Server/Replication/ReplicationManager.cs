// Upstream: ovsdb/ovsdb-server.c, the active-backup role (is_backup_server, replication_init/run/destroy) (OVS 3.1)
//
// Which role the server plays and the replication settings behind the ovsdb-server/*-active-ovsdb-server and
// *-sync-exclude-tables commands. As a backup the server runs an ActiveServerClient and is read-only for its own
// clients (writes and locks get upstream's "read only" errors); as the active server (the default, --active, or
// after disconnect-active-ovsdb-server) it runs none. Changing the exclusion list or the set of served databases
// while a backup makes the client start over, which resets the replicated tables.
// Thread-safety: main loop only.
using System.Text;
using Ovs.Ovsdb.Server.Unixctl;

namespace Ovs.Ovsdb.Server.Replication;

internal sealed class ReplicationManager : IDisposable
{
    private readonly OvsdbServer _server;
    private readonly ReplicationSettings _settings;
    private ExcludedTables _excluded;
    private ActiveServerClient? _client;

    public ReplicationManager(OvsdbServer server, ReplicationSettings settings)
    {
        _server = server;
        _settings = settings;
        _excluded = ExcludedTables.Parse(settings.ExcludeTables);
        server.DatabasesChanged += () => _client?.Reconnect();
    }

    /// <summary>The active server to replicate from (--sync-from, set-active-ovsdb-server).</summary>
    public string? ActiveServer => _settings.ActiveServer;

    /// <summary>True while the server is a backup (replicating or trying to).</summary>
    public bool IsBackup => _client is not null;

    /// <summary>The sorted exclusion list ("" when none).</summary>
    public string ExcludeTablesText => _excluded.Text;

    /// <summary>At start-up: --sync-from without --active makes the server a backup at once.</summary>
    public void Start()
    {
        if (_settings.ActiveServer is not null && !_settings.StartActive)
        {
            Connect();
        }
    }

    /// <summary>Becomes a backup of <see cref="ActiveServer"/>; false if none is set.</summary>
    public bool Connect()
    {
        if (_settings.ActiveServer is not { } remote)
        {
            return false;
        }

        _client?.Dispose();
        _client = new ActiveServerClient(_server, remote, _excluded, _settings.ProbeIntervalMs, OnFatal);
        _server.ReadOnly = true;
        return true;
    }

    /// <summary>Stops replicating and becomes the active server.</summary>
    public void Disconnect()
    {
        _client?.Dispose();
        _client = null;
        _server.ReadOnly = false;
    }

    public void SetActiveServer(string remote)
    {
        _settings.ActiveServer = remote;
        if (IsBackup)
        {
            Connect();
        }
    }

    public void SetProbeInterval(int milliseconds)
    {
        _settings.ProbeIntervalMs = milliseconds;
        _client?.SetProbeInterval(milliseconds);
    }

    public void SetExcludedTables(string text)
    {
        _settings.ExcludeTables = text;
        _excluded = ExcludedTables.Parse(text);
        if (IsBackup)
        {
            Connect();
        }
    }

    /// <summary>The text of ovsdb-server/sync-status.</summary>
    public string Status()
    {
        if (_client is null)
        {
            return "state: active\n";
        }

        var sb = new StringBuilder("state: backup\n");
        if (!_client.IsReplicating)
        {
            sb.Append("connecting: ").Append(_client.Remote).Append('\n');
            return sb.ToString();
        }

        sb.Append("replicating: ").Append(_client.Remote).Append('\n');
        foreach (string db in _client.Databases)
        {
            sb.Append("database: ").Append(db).Append('\n');
        }

        if (!_excluded.IsEmpty)
        {
            sb.Append("exclude: ").Append(_excluded.Text).Append('\n');
        }

        return sb.ToString();
    }

    public void Dispose() => _client?.Dispose();

    private void OnFatal(ActiveServerClient client)
    {
        if (ReferenceEquals(client, _client))
        {
            Disconnect();
        }
    }
}
