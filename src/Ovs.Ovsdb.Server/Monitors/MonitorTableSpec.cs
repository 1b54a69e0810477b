// Upstream: ovsdb/monitor.c, struct ovsdb_monitor_table and its columns (OVS 3.1)
//
// What one monitor watches in one table: the monitored columns, each with its own <monitor-select> (a column
// belongs to exactly one request, so it has exactly one), and the union of the requests' selects for the table. The spec
// is immutable once parsed; the condition, which monitor_cond_change replaces, lives beside it in the monitor.
//
// Columns are kept in schema order whatever order the request named them in, so two requests for the same
// columns and selects get the same Signature. Row updates are computed once per commit per signature and shared
// by every monitor (in every session) whose table spec has that signature (see CommitUpdates).
using System.Text;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>One monitored column and the kinds of change it is reported for.</summary>
internal readonly record struct MonitoredColumn(ColumnSchema Column, MonitorSelect Select);

/// <summary>The columns and selects one monitor watches in one table.</summary>
internal sealed class MonitorTableSpec
{
    public MonitorTableSpec(TableSchema table, IEnumerable<MonitoredColumn> columns, MonitorSelect select)
    {
        Table = table;
        Columns = [.. columns.OrderBy(c => c.Column.Index)];
        Select = select;
        var signature = new StringBuilder(table.Name).Append(' ').Append((int)select);
        foreach (MonitoredColumn c in Columns)
        {
            signature.Append(' ').Append(c.Column.Index).Append(':').Append((int)c.Select);
        }

        Signature = signature.ToString();
    }

    public TableSchema Table { get; }

    /// <summary>The monitored columns in schema order.</summary>
    public MonitoredColumn[] Columns { get; }

    /// <summary>
    /// The union of the requests' selects: which kinds of change the table is reported for at all. A request
    /// with "columns": [] still counts (Debian then reports rows as empty objects).
    /// </summary>
    public MonitorSelect Select { get; }

    /// <summary>Identifies the table, the columns and their selects; equal signatures give equal row updates.</summary>
    public string Signature { get; }
}
