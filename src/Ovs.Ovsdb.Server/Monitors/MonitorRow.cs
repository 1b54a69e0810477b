// Upstream: ovsdb/monitor.c, struct ovsdb_monitor_row (OVS 3.1)
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>
/// A read-only view of one row version as the monitors see it: its UUID and its column values indexed by
/// <see cref="ColumnSchema.Index"/> (0 is _uuid, 1 is _version).
/// </summary>
internal readonly record struct MonitorRow(Guid Uuid, IReadOnlyList<Datum> Values)
{
    public Datum this[ColumnSchema column] => Values[column.Index];
}

/// <summary>
/// One row changed by a commit: <see cref="Old"/> is null for an insert, <see cref="New"/> is null for a delete.
/// A row inserted and deleted by the same commit does not appear at all. <see cref="Changed"/>, when known, tells
/// by column index which values differ between Old and New, which saves comparing them.
/// </summary>
internal readonly record struct MonitorRowChange(Guid Uuid, MonitorRow? Old, MonitorRow? New, bool[]? Changed = null);

/// <summary>The rows of one table changed by one commit.</summary>
internal sealed record MonitorTableChanges(TableSchema Table, IReadOnlyList<MonitorRowChange> Rows);
