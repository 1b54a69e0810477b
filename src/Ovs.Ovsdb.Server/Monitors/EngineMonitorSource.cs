// Upstream: ovsdb/monitor.c, ovsdb_monitor_change_cb() reading a committed transaction (OVS 3.1)
//
// Adapts the engine's Database and commit change sets (Ovs.Ovsdb.Engine) to what the monitors read. Rows are
// wrapped, not copied: a committed engine Row never changes, so its value array can be read later (for example
// by a monitor_cond_change evaluating the old rows' conditions) without copying.
using System.Runtime.CompilerServices;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>The monitor view of one engine <see cref="Engine.Database"/>; one instance per database.</summary>
internal sealed class EngineMonitorSource : IMonitorSource
{
    private static readonly ConditionalWeakTable<Database, EngineMonitorSource> s_sources = [];

    private EngineMonitorSource(Database database)
    {
        Database = database;
    }

    public Database Database { get; }

    public DatabaseSchema Schema => Database.Schema;

    /// <summary>Set by the server for clustered and relay databases, whose transactions have IDs.</summary>
    public TxnHistory? History { get; set; }

    /// <summary>The (unique) source for <paramref name="database"/>, so monitors can compare sources by reference.</summary>
    public static EngineMonitorSource For(Database database) =>
        s_sources.GetValue(database, static db => new EngineMonitorSource(db));

    public IEnumerable<MonitorRow> GetRows(TableSchema table)
    {
        foreach (Row row in Database.GetTable(table).Rows)
        {
            yield return new MonitorRow(row.Uuid, row.Values);
        }
    }

    /// <summary>Wraps one commit's engine change set for the monitors (see <see cref="CommitUpdates"/>).</summary>
    public static CommitUpdates ToCommitUpdates(Database database, TxnChanges changes) =>
        new(For(database), ToMonitorChanges(changes));

    /// <summary>The monitor view of one engine change set.</summary>
    public static List<MonitorTableChanges> ToMonitorChanges(TxnChanges changes)
    {
        var tables = new List<MonitorTableChanges>(changes.Tables.Count);
        foreach (TableChanges table in changes.Tables)
        {
            var rows = new MonitorRowChange[table.Rows.Count];
            for (int i = 0; i < rows.Length; i++)
            {
                RowChange change = table.Rows[i];
                rows[i] = new MonitorRowChange(
                    change.Uuid,
                    change.Old is { } o ? new MonitorRow(o.Uuid, o.Values) : null,
                    change.New is { } n ? new MonitorRow(n.Uuid, n.Values) : null,
                    change.Old is not null && change.New is not null ? change.Changed : null);
            }

            tables.Add(new MonitorTableChanges(table.Table.Schema, rows));
        }

        return tables;
    }
}
