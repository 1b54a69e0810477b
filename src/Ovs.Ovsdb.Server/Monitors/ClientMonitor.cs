// Upstream: ovsdb/monitor.c, struct ovsdb_monitor and ovsdb_monitor_get_update() (OVS 3.1)
//
// One monitor of one session: its client-chosen id, its protocol, its database and, per table, the immutable
// spec plus the current condition. It turns a commit into the table-updates the client should see:
// - a row matching the condition before and after is a modification; matching only after is an insertion;
//   matching only before is a deletion (ovsdb-server(7) 4.1.12); the kind must be in the table's select;
// - when every table's condition is true the result depends only on the specs, so it is looked up in the
//   commit's shared cache under the monitor's signature and reused by identical monitors in other sessions.
// Table-updates of a monitor with nothing to report are null (no notification is sent).
using System.Text;
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>The spec and current condition of one monitored table.</summary>
internal sealed class MonitorTableState(MonitorTableSpec spec, MonitorCondition condition)
{
    public MonitorTableSpec Spec { get; } = spec;

    /// <summary>Replaced by monitor_cond_change.</summary>
    public MonitorCondition Condition { get; set; } = condition;
}

/// <summary>One active monitor.</summary>
internal sealed class ClientMonitor
{
    private readonly MonitorTableState[] _tables;
    private readonly string _specSignature;

    public ClientMonitor(JsonValue id, MonitorProtocol protocol, IMonitorSource database, IEnumerable<ParsedMonitorTable> tables)
    {
        Id = id;
        Protocol = protocol;
        Database = database;
        _tables = [.. tables.Select(t => new MonitorTableState(t.Spec, t.Condition))];
        _specSignature = (protocol.UsesUpdate2Rows() ? "2" : "1") + "\n"
            + string.Join("\n", _tables.Select(t => t.Spec.Signature).Order(StringComparer.Ordinal));
    }

    /// <summary>The client's id for this monitor; monitor_cond_change may change it.</summary>
    public JsonValue Id { get; set; }

    public MonitorProtocol Protocol { get; }

    public IMonitorSource Database { get; }

    public IReadOnlyList<MonitorTableState> Tables => _tables;

    private bool Update2 => Protocol.UsesUpdate2Rows();

    public MonitorTableState? FindTable(string name) =>
        Array.Find(_tables, t => string.Equals(t.Spec.Table.Name, name, StringComparison.Ordinal));

    /// <summary>The initial contents: every row matching the condition of each table that selects "initial".</summary>
    public JsonObject ComposeInitial()
    {
        var result = new JsonObject();
        foreach (MonitorTableState table in _tables)
        {
            if ((table.Spec.Select & MonitorSelect.Initial) == 0)
            {
                continue;
            }

            JsonObject? rows = null;
            foreach (MonitorRow row in Database.GetRows(table.Spec.Table))
            {
                if (table.Condition.Matches(row))
                {
                    rows ??= [];
                    rows.Add(row.Uuid.ToString("D"), RowUpdateBuilder.Build(table.Spec, Update2, MonitorSelect.Initial, null, row)!);
                }
            }

            if (rows is not null)
            {
                result.Add(table.Spec.Table.Name, rows);
            }
        }

        return result;
    }

    /// <summary>The table-updates for <paramref name="commit"/>, or null if this monitor has nothing to report.</summary>
    public SharedJson? ComposeUpdates(CommitUpdates commit)
    {
        if (Array.TrueForAll(_tables, t => t.Condition.IsTrue))
        {
            return commit.GetOrAddWholeUpdates(_specSignature, () => Compose(commit));
        }

        return Compose(commit);
    }

    /// <summary>
    /// The table-updates that bring the client from the current conditions to <paramref name="changes"/>: rows
    /// that start matching are inserted and rows that stop matching are deleted, as the selects allow.
    /// </summary>
    public JsonObject ComposeConditionChange(IReadOnlyList<(MonitorTableState Table, MonitorCondition Condition)> changes)
    {
        var result = new JsonObject();
        foreach ((MonitorTableState table, MonitorCondition condition) in changes)
        {
            MonitorTableSpec spec = table.Spec;
            JsonObject? rows = null;
            foreach (MonitorRow row in Database.GetRows(spec.Table))
            {
                bool before = table.Condition.Matches(row);
                bool after = condition.Matches(row);
                MonitorSelect kind = before == after ? MonitorSelect.None
                    : after ? MonitorSelect.Insert : MonitorSelect.Delete;
                if ((spec.Select & kind) != 0)
                {
                    rows ??= [];
                    rows.Add(row.Uuid.ToString("D"), RowUpdateBuilder.Build(spec, Update2, kind, row, row)!);
                }
            }

            if (rows is not null)
            {
                result.Add(spec.Table.Name, rows);
            }
        }

        return result;
    }

    /// <summary>
    /// Builds the table-updates and, alongside, their text from the cached text of each row update, so a row's
    /// update is serialized once per commit however many monitors (with whatever conditions) report it.
    /// </summary>
    private SharedJson? Compose(CommitUpdates commit)
    {
        JsonObject? result = null;
        var text = new StringBuilder();
        foreach (MonitorTableState table in _tables)
        {
            MonitorTableChanges? changes = commit.GetChanges(table.Spec.Table.Name);
            if (changes is null || (table.Spec.Select & ~MonitorSelect.Initial) == 0)
            {
                continue;
            }

            RowUpdateCache cache = commit.GetRowUpdates(table.Spec, Update2, changes);
            JsonObject? rows = null;
            for (int i = 0; i < changes.Rows.Count; i++)
            {
                MonitorRowChange change = changes.Rows[i];
                bool before = change.Old is { } oldRow && table.Condition.Matches(oldRow);
                bool after = change.New is { } newRow && table.Condition.Matches(newRow);
                MonitorSelect kind = before ? (after ? MonitorSelect.Modify : MonitorSelect.Delete)
                    : after ? MonitorSelect.Insert : MonitorSelect.None;
                if ((table.Spec.Select & kind) == 0 || cache.Get(i, kind) is not { } update)
                {
                    continue;
                }

                if (rows is null)
                {
                    rows = [];
                    text.Append(result is null ? '{' : ',');
                    JsonWriter.WriteString(text, table.Spec.Table.Name);
                    text.Append(":{");
                }
                else
                {
                    text.Append(',');
                }

                rows.Add(cache.UuidText(i), update);
                text.Append('"').Append(cache.UuidText(i)).Append("\":").Append(cache.GetText(i, kind));
            }

            if (rows is not null)
            {
                result ??= [];
                result.Add(table.Spec.Table.Name, rows);
                text.Append('}');
            }
        }

        return result is null ? null : new SharedJson(result, text.Append('}').ToString());
    }
}
