// Upstream: ovsdb/monitor.c (OVS 3.1)
//
// What the monitors need from a database. Upstream's monitors read struct ovsdb directly; here the engine's
// Database is adapted once (see EngineMonitorSource) so the monitor code depends on this small role only.
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>A database as seen by monitors: its schema and the current rows of a table.</summary>
internal interface IMonitorSource
{
    DatabaseSchema Schema { get; }

    /// <summary>The committed rows of <paramref name="table"/>, for initial contents and condition changes.</summary>
    IEnumerable<MonitorRow> GetRows(TableSchema table);

    /// <summary>The transaction history, for a database whose transactions have IDs; otherwise null.</summary>
    TxnHistory? History { get; }
}
