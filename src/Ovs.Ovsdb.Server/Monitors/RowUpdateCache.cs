// Upstream: ovsdb/monitor.c, the row cache of struct ovsdb_monitor_changes (OVS 3.1)
//
// The row updates of one table in one commit for one table spec signature, built lazily: a row's insert, delete
// and modify forms are each computed at most once, however many monitors ask for them. Which form a monitor
// wants depends on its condition (a modification that moves a row into the condition is reported as an insert).
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>Lazily built, shared row updates for one table spec in one commit.</summary>
internal sealed class RowUpdateCache
{
    private const int Forms = 3;

    private readonly MonitorTableSpec _spec;
    private readonly bool _update2;
    private readonly MonitorTableChanges _changes;
    private readonly JsonObject?[] _updates;
    private readonly bool[] _built;
    private readonly string?[] _texts;
    private readonly string?[] _uuids;

    public RowUpdateCache(MonitorTableSpec spec, bool update2, MonitorTableChanges changes)
    {
        _spec = spec;
        _update2 = update2;
        _changes = changes;
        _updates = new JsonObject?[changes.Rows.Count * Forms];
        _built = new bool[changes.Rows.Count * Forms];
        _texts = new string?[changes.Rows.Count * Forms];
        _uuids = new string?[changes.Rows.Count];
    }

    /// <summary>The canonical text of row <paramref name="row"/>'s UUID, the key of its row update.</summary>
    public string UuidText(int row) => _uuids[row] ??= _changes.Rows[row].Uuid.ToString("D");

    /// <summary>
    /// The row update of <paramref name="kind"/> (Insert, Delete or Modify) for change number <paramref name="row"/>,
    /// or null if a modification changed none of the monitored columns.
    /// </summary>
    public JsonObject? Get(int row, MonitorSelect kind)
    {
        int slot = Slot(row, kind);
        if (!_built[slot])
        {
            MonitorRowChange change = _changes.Rows[row];
            _updates[slot] = RowUpdateBuilder.Build(_spec, _update2, kind, change.Old, change.New, change.Changed);
            _built[slot] = true;
        }

        return _updates[slot];
    }

    /// <summary>The compact text of a row update that <see cref="Get"/> returned non-null.</summary>
    public string GetText(int row, MonitorSelect kind)
    {
        int slot = Slot(row, kind);
        return _texts[slot] ??= Get(row, kind)!.ToString();
    }

    private static int Slot(int row, MonitorSelect kind) => (row * Forms) + kind switch
    {
        MonitorSelect.Insert => 0,
        MonitorSelect.Delete => 1,
        _ => 2,
    };
}
