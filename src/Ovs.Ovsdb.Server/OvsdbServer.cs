// Upstream: ovsdb/ovsdb-server.c and ovsdb/jsonrpc-server.c (OVS 3.1)
//
// The state of one ovsdb-server process, independent of sockets and command-line parsing: the served databases
// (including the built-in _Server), the JSON-RPC sessions, the server-wide lock table and the deferred
// transactions. Connections feed it messages (HandleMessage) and it answers through each session's transport.
//
// Invariants:
// - Every commit goes through Commit(): write to the log, apply to the engine, queue monitor updates on every
//   session, update _Server if needed, re-run the triggers of that database, then tell listeners (db: remotes).
// - A session's queued monitor updates are sent before any other message on it (see ServerSession.Send).
// Thread-safety: none. Everything runs on the MainLoop passed in; connection I/O threads only Post to it.
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Locks;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server;

internal sealed partial class OvsdbServer : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_server");

    private readonly SortedDictionary<string, ServedDatabase> _databases = new(StringComparer.Ordinal);
    private readonly List<ServerSession> _sessions = [];
    private readonly ServedDatabase _serverDb;
    private readonly IDisposable _clusterTimer;

    public OvsdbServer(MainLoop loop)
    {
        Loop = loop;

        // Raft's timers (election, leave retries) need checking a few times per election period.
        _clusterTimer = loop.ScheduleRepeating(TimeSpan.FromMilliseconds(100), RunClusters);
        ServerId = Ovs.Common.Replay.UuidSource.NewUuid();
        _serverDb = new ServedDatabase(new Database(ServerSchema.Schema), null);
        _databases.Add(_serverDb.Name, _serverDb);
        RefreshServerDatabase();
    }

    public MainLoop Loop { get; }

    /// <summary>The id returned by get_server_id: random, fixed for the life of the process.</summary>
    public Guid ServerId { get; }

    public LockTable Locks { get; } = new();

    public IReadOnlyCollection<ServedDatabase> Databases => _databases.Values;

    public IReadOnlyList<ServerSession> Sessions => _sessions;

    /// <summary>Called after every commit to any database (db: remotes re-read their configuration).</summary>
    public event Action<ServedDatabase>? Committed;

    /// <summary>Called after a database was added or removed.</summary>
    public event Action? DatabasesChanged;

    /// <summary>The SSL/TLS options (--private-key, --certificate, --ca-cert, ...), applied on every reconfiguration.</summary>
    public Remotes.SslSettings Ssl { get; } = new();

    /// <summary>Whether ovsdb-server/memory-trim-on-compaction is on.</summary>
    public bool TrimMemoryOnCompaction { get; set; }

    /// <summary>Set by ovsdb-server/disable-monitor-cond: monitor_cond and monitor_cond_since become unknown methods.</summary>
    public bool MonitorCondDisabled { get; set; }

    /// <summary>
    /// True while the server is an active-backup replica (Replication/ReplicationManager): every session is then
    /// refused writes and locks with the read-only errors, as if on a read-only remote.
    /// </summary>
    public bool ReadOnly { get; set; }

    public ServedDatabase? FindDatabase(string name) => _databases.GetValueOrDefault(name);

    /// <summary>Opens <paramref name="fileName"/> and serves it (start-up and ovsdb-server/add-db).</summary>
    public OvsdbError? AddDatabaseFile(string fileName)
    {
        if (IsRelaySpec(fileName))
        {
            return AddRelayDatabase(fileName);
        }

        foreach (ServedDatabase served in _databases.Values)
        {
            if (served.File is { } f && SameFile(f.FileName, fileName))
            {
                return new OvsdbError(OvsdbErrorTags.OvsdbError, $"{fileName}: already open");
            }
        }

        var applied = new List<(Guid Eid, Engine.Transactions.TxnChanges Changes)>();
        OvsdbError? error = DatabaseFile.Open(fileName, Loop.Time, (eid, changes) => applied.Add((eid, changes)), out DatabaseFile? file);
        if (error is not null)
        {
            return error;
        }

        string name = file!.Database.Name;
        if (_databases.ContainsKey(name))
        {
            file.Dispose();
            return new OvsdbError(OvsdbErrorTags.OvsdbError, $"{fileName}: duplicate database name");
        }

        var added = new ServedDatabase(file.Database, file);
        if (file.IsClustered)
        {
            // Transactions of a clustered database have IDs (their Raft entry IDs): keep a history for
            // monitor_cond_since, starting with what was read from the log.
            var history = new Monitors.TxnHistory();
            added.EnableHistory(history);
            foreach ((Guid eid, Engine.Transactions.TxnChanges changes) in applied)
            {
                history.Add(eid, Monitors.EngineMonitorSource.ToMonitorChanges(changes));
                history.Trim(added.Atoms);
            }
        }

        _databases.Add(name, added);
        DisconnectUnaware();
        RefreshServerDatabase();
        DatabasesChanged?.Invoke();
        return null;
    }

    /// <summary>Stops serving <paramref name="db"/> (ovsdb-server/remove-db): monitors are canceled, triggers dropped.</summary>
    public void RemoveDatabase(ServedDatabase db)
    {
        _databases.Remove(db.Name);
        DetachClients(db, db.Database);
        db.File?.Dispose();
        db.Relay?.Dispose();
        RefreshServerDatabase();
        DatabasesChanged?.Invoke();
    }

    /// <summary>
    /// Tells the clients of <paramref name="database"/> that it went away (removed or converted): change-aware
    /// sessions get monitor_canceled for their monitors and a "canceled" error for their waiting transactions;
    /// every other session is disconnected, as ovsdb-server(7) describes.
    /// </summary>
    private void DetachClients(ServedDatabase db, Engine.Database database)
    {
        DisconnectUnaware();
        foreach (TransactTrigger trigger in db.Triggers.ToList())
        {
            DropTrigger(trigger);
            if (trigger.Session.DbChangeAware)
            {
                trigger.Session.ReplyError(trigger.Id, JsonValue.String("canceled"));
            }
            else
            {
                CloseSession(trigger.Session);
            }
        }

        foreach (ServerSession session in _sessions.ToList())
        {
            int canceled = session.Monitors.OnDatabaseRemoved(database, session.DbChangeAware);
            if (canceled > 0 && !session.DbChangeAware)
            {
                CloseSession(session);
            }
            else
            {
                session.FlushMonitors();
            }
        }
    }

    /// <summary>
    /// The protocol cannot tell a client that the set of databases changed, so a client that did not ask for
    /// change notifications (set_db_change_aware) is disconnected, to reconnect and look again, as upstream does.
    /// </summary>
    private void DisconnectUnaware()
    {
        foreach (ServerSession session in _sessions.ToList())
        {
            if (!session.DbChangeAware)
            {
                CloseSession(session);
            }
        }
    }

    /// <summary>Brings _Server's Database table up to date and commits the change, if any.</summary>
    public void RefreshServerDatabase()
    {
        Engine.Transactions.Transaction? txn = ServerDatabaseContents.Update(_serverDb.Database, _databases.Values);
        if (txn is not null && txn.Precommit(out Engine.Transactions.TxnChanges changes) is null)
        {
            Commit(_serverDb, txn, changes, durable: false);
        }
    }

    private static bool SameFile(string a, string b)
    {
        try
        {
            return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _clusterTimer.Dispose();
        foreach (ServerSession session in _sessions.ToList())
        {
            CloseSession(session);
        }

        foreach (ServedDatabase db in _databases.Values)
        {
            db.File?.Dispose();
            db.Relay?.Dispose();
        }

        _databases.Clear();
    }
}
