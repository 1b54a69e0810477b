// Upstream: ovsdb/monitor.c, struct ovsdb_monitor_changes and the per-monitor JSON cache (OVS 3.1)
//
// The changes of one commit, plus everything computed from them that more than one monitor can reuse. The server
// makes one CommitUpdates per commit and hands it to every session (SessionMonitors.OnCommit), so:
// - each row update is built once per distinct (table spec signature, update format) and the JsonObject is shared
//   by every monitor, in any session, whose table spec has that signature (conditions only decide which rows);
// - the whole table-updates of a monitor without conditions (every table's condition true) is built and
//   serialized once per distinct monitor signature.
// Thread-safety: not thread-safe; used on the server's main loop only, like everything in this folder. The
// object may be dropped as soon as every session has been given the commit.
namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>One commit's row changes to one database, with the caches shared by all monitors of it.</summary>
internal sealed class CommitUpdates
{
    private readonly Dictionary<string, MonitorTableChanges> _byTable = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Signature, bool Update2), RowUpdateCache> _rowCaches = [];
    private readonly Dictionary<string, SharedJson?> _wholeUpdates = new(StringComparer.Ordinal);

    public CommitUpdates(IMonitorSource database, IEnumerable<MonitorTableChanges> tables)
    {
        Database = database;
        foreach (MonitorTableChanges table in tables)
        {
            if (table.Rows.Count > 0)
            {
                _byTable[table.Table.Name] = table;
            }
        }
    }

    /// <summary>
    /// The transaction ID update3 notifications carry for this commit: the newest ID in the database's history
    /// after the commit (all-zeros for a database without one).
    /// </summary>
    public Guid LastTxnId { get; init; }

    /// <summary>The database the commit changed.</summary>
    public IMonitorSource Database { get; }

    public bool IsEmpty => _byTable.Count == 0;

    public MonitorTableChanges? GetChanges(string tableName) => _byTable.GetValueOrDefault(tableName);

    /// <summary>The shared row updates of <paramref name="spec"/>'s table in this commit.</summary>
    public RowUpdateCache GetRowUpdates(MonitorTableSpec spec, bool update2, MonitorTableChanges changes)
    {
        if (!_rowCaches.TryGetValue((spec.Signature, update2), out RowUpdateCache? cache))
        {
            cache = new RowUpdateCache(spec, update2, changes);
            _rowCaches.Add((spec.Signature, update2), cache);
        }

        return cache;
    }

    /// <summary>
    /// Returns the table-updates cached under <paramref name="monitorSignature"/>, building them with
    /// <paramref name="compose"/> the first time (null means the monitor has nothing to report).
    /// </summary>
    public SharedJson? GetOrAddWholeUpdates(string monitorSignature, Func<SharedJson?> compose)
    {
        if (!_wholeUpdates.TryGetValue(monitorSignature, out SharedJson? updates))
        {
            updates = compose();
            _wholeUpdates.Add(monitorSignature, updates);
        }

        return updates;
    }
}
