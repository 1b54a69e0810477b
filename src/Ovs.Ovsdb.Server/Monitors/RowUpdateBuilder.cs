// Upstream: ovsdb/monitor.c, ovsdb_monitor_compose_row_update() and ovsdb_monitor_compose_row_update2()
// (OVS 3.1)
//
// Builds one <row-update> (RFC 7047 4.1.6) or <row-update2> (ovsdb-server(7) 4.1.14) for one row, from the
// columns of a MonitorTableSpec. Rules, as Debian's ovsdb-server 3.1.0 behaves (tests/testdata/ovsdb-monitor):
// - A kind of change is reported only through the columns whose select includes it; a table whose union select
//   lacks the kind is filtered out by the caller.
// - A modification is reported if any monitored column changed, whatever the columns' selects. Update rows then
//   carry "new" with every modify-selected column and "old" with the modify-selected columns that changed (so
//   "old" may be {}); update2 rows carry "modify" with the changed modify-selected columns (so it may be {}).
// - update2 "initial"/"insert" rows omit columns holding their type's default value; "delete" is null.
// - In "modify", a column whose type allows at most one element (scalars, optional values, one-pair maps)
//   carries its new value; other sets and maps carry Datum.Diff (symmetric difference, changed map keys).
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>Builds the JSON of one row update; the kind is one of the single flags of <see cref="MonitorSelect"/>.</summary>
internal static class RowUpdateBuilder
{
    /// <summary>
    /// Builds the row update of <paramref name="kind"/>, or returns null when a modification changed no monitored
    /// column. <paramref name="oldRow"/> is needed for Delete and Modify, <paramref name="newRow"/> for the others.
    /// </summary>
    public static JsonObject? Build(
        MonitorTableSpec spec, bool update2, MonitorSelect kind, MonitorRow? oldRow, MonitorRow? newRow,
        bool[]? changedColumns = null)
    {
        return kind switch
        {
            MonitorSelect.Initial => Whole(spec, update2, kind, update2 ? "initial" : "new", newRow!.Value),
            MonitorSelect.Insert => Whole(spec, update2, kind, update2 ? "insert" : "new", newRow!.Value),
            MonitorSelect.Delete => update2
                ? new JsonObject { { "delete", JsonValue.Null } }
                : Whole(spec, update2: false, kind, "old", oldRow!.Value),
            _ => Modify(spec, update2, oldRow!.Value, newRow!.Value, changedColumns),
        };
    }

    private static JsonObject Whole(MonitorTableSpec spec, bool update2, MonitorSelect kind, string member, MonitorRow row)
    {
        var columns = new JsonObject();
        foreach (MonitoredColumn c in spec.Columns)
        {
            if ((c.Select & kind) == 0)
            {
                continue;
            }

            Datum datum = row[c.Column];
            OvsdbType type = c.Column.Type;
            if (update2 && datum.IsDefault(type))
            {
                continue;
            }

            columns.Add(c.Column.Name, datum.ToJson(type));
        }

        return new JsonObject { { member, columns } };
    }

    private static JsonObject? Modify(
        MonitorTableSpec spec, bool update2, MonitorRow oldRow, MonitorRow newRow, bool[]? changedColumns)
    {
        bool anyChanged = false;
        var newColumns = new JsonObject();
        var oldColumns = new JsonObject();
        foreach (MonitoredColumn c in spec.Columns)
        {
            Datum oldDatum = oldRow[c.Column];
            Datum newDatum = newRow[c.Column];
            bool changed = changedColumns is not null
                ? changedColumns[c.Column.Index]
                : !ReferenceEquals(oldDatum, newDatum) && !oldDatum.Equals(newDatum);
            anyChanged |= changed;
            if ((c.Select & MonitorSelect.Modify) == 0)
            {
                continue;
            }

            OvsdbType type = c.Column.Type;
            if (update2)
            {
                if (changed)
                {
                    Datum diff = type.Max == 1 ? newDatum : Datum.Diff(oldDatum, newDatum, type);
                    newColumns.Add(c.Column.Name, diff.ToJson(type));
                }
            }
            else
            {
                newColumns.Add(c.Column.Name, newDatum.ToJson(type));
                if (changed)
                {
                    oldColumns.Add(c.Column.Name, oldDatum.ToJson(type));
                }
            }
        }

        if (!anyChanged)
        {
            return null;
        }

        return update2
            ? new JsonObject { { "modify", newColumns } }
            : new JsonObject { { "new", newColumns }, { "old", oldColumns } };
    }
}
