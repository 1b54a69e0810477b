// Upstream: ovsdb/ovsdb.c, ovsdb_get_memory_usage(); ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_server_get_memory_usage()
// (OVS 3.1)
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server;

internal sealed partial class OvsdbServer
{
    /// <summary>
    /// The memory/show facts: "cells" (one per column of every row, _uuid and _version included), "atoms" (every
    /// key and value of every cell), "n-weak-refs", "monitors", while any client is connected "sessions", and
    /// when non-zero "txn-history"/"txn-history-atoms" (clustered and relay databases) and "raft-log".
    /// </summary>
    public void GetMemoryUsage(IDictionary<string, long> usage)
    {
        long cells = 0;
        long atoms = 0;
        long weakRefs = 0;
        foreach (ServedDatabase db in _databases.Values)
        {
            foreach (Table table in db.Database.Tables)
            {
                cells += (long)table.Count * table.Schema.Columns.Count;
                foreach (Row row in table.Rows)
                {
                    foreach (ColumnSchema column in table.Schema.Columns)
                    {
                        Datum datum = row[column];
                        atoms += datum.Count * (datum.IsMap ? 2L : 1L);
                        if (IsWeak(column.Type.Key) || (column.Type.IsMap && IsWeak(column.Type.Value)))
                        {
                            weakRefs += datum.Count;
                        }
                    }
                }
            }
        }

        usage["cells"] = cells;
        usage["atoms"] = atoms;

        // As upstream, counters that are zero are left out.
        long history = 0;
        long historyAtoms = 0;
        long raftLog = 0;
        foreach (ServedDatabase db in _databases.Values)
        {
            history += db.History?.Count ?? 0;
            historyAtoms += db.History?.Atoms ?? 0;
            if (db.Clustered is { } clustered)
            {
                raftLog += clustered.Raft.LogEnd - clustered.Raft.LogStart;
            }
        }

        AddIfNonZero(usage, "txn-history", history);
        AddIfNonZero(usage, "txn-history-atoms", historyAtoms);
        AddIfNonZero(usage, "raft-log", raftLog);
        usage["n-weak-refs"] = weakRefs;
        long monitors = 0;
        foreach (ServerSession session in _sessions)
        {
            monitors += session.Monitors.Count;
        }

        usage["monitors"] = monitors;
        if (_sessions.Count > 0)
        {
            usage["sessions"] = _sessions.Count;
        }
    }

    private static bool IsWeak(BaseType type) => type.IsWeakReference;

    private static void AddIfNonZero(IDictionary<string, long> usage, string key, long value)
    {
        if (value != 0)
        {
            usage[key] = value;
        }
    }
}
