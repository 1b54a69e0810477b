// Upstream: ovsdb/ovsdb-server.c, the ovsdb-server/* unixctl commands (OVS 3.1); ovsdb-server(1) "RUNTIME
// MANAGEMENT COMMANDS"
//
// The runtime management commands, as one table of (name, usage, min, max, handler) rows registered into the
// process's unixctl command set. Usage strings, argument counts, replies and error texts are Debian 3.1.0's. All
// handlers run on the server's main loop (the unixctl server dispatches through MainLoop.Post).
using System.Globalization;
using System.Text;
using Ovs.Common.Logging;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Remotes;
using Ovs.Ovsdb.Server.Replication;
using Ovs.Transport.Unixctl;

namespace Ovs.Ovsdb.Server.Unixctl;

internal sealed partial class ServerCommands
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_server");

    private readonly OvsdbServer _server;
    private readonly RemoteManager _remotes;
    private readonly Action _exit;
    private readonly ReplicationManager _sync;

    public ServerCommands(OvsdbServer server, RemoteManager remotes, ReplicationManager sync, Action exit)
    {
        _server = server;
        _remotes = remotes;
        _sync = sync;
        _exit = exit;
    }

    /// <summary>Called after add-remote or remove-remote has changed the configured remotes.</summary>
    public Action? RemotesChanged { get; init; }

    private (string Name, string Usage, int Min, int Max, UnixctlHandler Handler)[] Table =>
    [
        ("exit", "", 0, 0, Exit),
        ("ovsdb-server/compact", "", 0, 1, Compact),
        ("ovsdb-server/memory-trim-on-compaction", "on|off", 1, 1, MemoryTrim),
        ("ovsdb-server/reconnect", "", 0, 0, Reconnect),
        ("ovsdb-server/add-remote", "REMOTE", 1, 1, AddRemote),
        ("ovsdb-server/remove-remote", "REMOTE", 1, 1, RemoveRemote),
        ("ovsdb-server/list-remotes", "", 0, 0, ListRemotes),
        ("ovsdb-server/add-db", "DB", 1, 1, AddDatabase),
        ("ovsdb-server/remove-db", "DB", 1, 1, RemoveDatabase),
        ("ovsdb-server/list-dbs", "", 0, 0, ListDatabases),
        ("ovsdb-server/tlog-set", "DB:TABLE on|off", 2, 2, TlogSet),
        ("ovsdb-server/tlog-list", "", 0, 0, TlogList),
        ("ovsdb-server/perf-counters-show", "", 0, 0, (c, _) => c.Reply("performance counter is not supported on this platform\n")),
        ("ovsdb-server/perf-counters-clear", "", 0, 0, (c, _) => c.Reply(null)),
        ("ovsdb-server/disable-monitor-cond", "", 0, 0, DisableMonitorCond),
        ("ovsdb-server/get-db-storage-status", "DB", 1, 1, GetStorageStatus),
        ("ovsdb-server/set-active-ovsdb-server", "", 1, 1, SetActive),
        ("ovsdb-server/get-active-ovsdb-server", "", 0, 0, GetActive),
        ("ovsdb-server/connect-active-ovsdb-server", "", 0, 0, ConnectActive),
        ("ovsdb-server/disconnect-active-ovsdb-server", "", 0, 0, DisconnectActive),
        ("ovsdb-server/set-active-ovsdb-server-probe-interval", "", 1, 1, SetProbeInterval),
        ("ovsdb-server/set-sync-exclude-tables", "", 1, 1, SetSyncExclude),
        ("ovsdb-server/get-sync-exclude-tables", "", 0, 0, GetSyncExclude),
        ("ovsdb-server/sync-status", "", 0, 0, SyncStatus),
    ];

    /// <summary>Registers every command into <paramref name="commands"/>.</summary>
    public void Register(UnixctlCommands commands)
    {
        foreach ((string name, string usage, int min, int max, UnixctlHandler handler) in Table.Concat(ClusterTable))
        {
            commands.Register(name, usage, min, max, handler);
        }
    }

    private void Exit(UnixctlConnection connection, string[] args)
    {
        // As upstream, the process ends right after the reply is out (a script may start a new server at once).
        connection.Reply(null);
        _ = connection.FlushAsync(TimeSpan.FromSeconds(1)).ContinueWith(_ => _exit(), TaskScheduler.Default);
    }

    private void Compact(UnixctlConnection connection, string[] args)
    {
        IEnumerable<ServedDatabase> targets;
        if (args.Length == 0)
        {
            targets = _server.Databases.Where(d => !d.IsReserved).ToList();
        }
        else if (_server.FindDatabase(args[0]) is not { } db)
        {
            connection.ReplyError("no database by that name");
            return;
        }
        else if (db.IsReserved)
        {
            connection.ReplyError("cannot compact built-in databases");
            return;
        }
        else
        {
            targets = [db];
        }

        var errors = new StringBuilder();
        foreach (ServedDatabase db in targets)
        {
            if (_server.Compact(db, "by user request") is { } error)
            {
                errors.Append(error.ToString()).Append('\n');
            }
        }

        if (_server.TrimMemoryOnCompaction)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        if (errors.Length > 0)
        {
            connection.ReplyError(errors.ToString());
        }
        else
        {
            connection.Reply(null);
        }
    }

    private void MemoryTrim(UnixctlConnection connection, string[] args)
    {
        if (args[0] is not ("on" or "off"))
        {
            connection.ReplyError("invalid argument");
            return;
        }

        _server.TrimMemoryOnCompaction = args[0] == "on";
        s_log.Info($"memory trimming after compaction {(_server.TrimMemoryOnCompaction ? "enabled" : "disabled")}.");
        connection.Reply(null);
    }

    private void Reconnect(UnixctlConnection connection, string[] args)
    {
        _remotes.ReconnectAll();
        connection.Reply(null);
    }

    private void AddRemote(UnixctlConnection connection, string[] args)
    {
        if (_remotes.Add(args[0]) is { } error)
        {
            connection.ReplyError(error);
            return;
        }

        _remotes.Reconfigure();
        RemotesChanged?.Invoke();
        connection.Reply(null);
    }

    private void RemoveRemote(UnixctlConnection connection, string[] args)
    {
        if (!_remotes.Remove(args[0]))
        {
            connection.ReplyError("no such remote");
            return;
        }

        _remotes.Reconfigure();
        RemotesChanged?.Invoke();
        connection.Reply(null);
    }

    private void ListRemotes(UnixctlConnection connection, string[] args) =>
        connection.Reply(Lines(_remotes.Configured));

    private void AddDatabase(UnixctlConnection connection, string[] args)
    {
        if (_server.AddDatabaseFile(args[0]) is { } error)
        {
            connection.ReplyError(error.ToString());
            return;
        }

        connection.Reply(null);
    }

    private void RemoveDatabase(UnixctlConnection connection, string[] args)
    {
        if (_server.FindDatabase(args[0]) is not { } db)
        {
            connection.ReplyError("Failed to find the database.");
        }
        else if (db.IsReserved)
        {
            connection.ReplyError("Cannot remove reserved database.");
        }
        else
        {
            _server.RemoveDatabase(db);
            connection.Reply(null);
        }
    }

    private void ListDatabases(UnixctlConnection connection, string[] args) =>
        connection.Reply(Lines(_server.Databases.Select(d => d.Name)));

    private void DisableMonitorCond(UnixctlConnection connection, string[] args)
    {
        _server.MonitorCondDisabled = true;
        _remotes.ReconnectAll();
        connection.Reply(null);
    }

    private void GetStorageStatus(UnixctlConnection connection, string[] args)
    {
        if (_server.FindDatabase(args[0]) is null)
        {
            connection.ReplyError("Failed to find the database.");
            return;
        }

        connection.Reply("status: ok\n");
    }

    private static string Lines(IEnumerable<string> items)
    {
        var sb = new StringBuilder();
        foreach (string item in items)
        {
            sb.Append(item).Append('\n');
        }

        return sb.ToString();
    }

    private static string Format(string format, params object[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
