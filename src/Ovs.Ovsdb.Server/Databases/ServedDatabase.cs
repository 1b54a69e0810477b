// Upstream: ovsdb/ovsdb-server.c, struct db (OVS 3.1)
//
// One database the server serves: the engine Database, the file it lives in (none for the built-in _Server
// database), the "transact" requests waiting on it, and per-table transaction logging switches (tlog-set).
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Server.Relay;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server.Databases;

internal sealed class ServedDatabase
{
    private Database _database;

    public ServedDatabase(Database database, DatabaseFile? file)
    {
        _database = database;
        File = file;
    }

    public string Name => Database.Name;

    /// <summary>The live engine database (the file's current one: conversion replaces it).</summary>
    public Database Database => File?.Database ?? _database;

    /// <summary>The backing file; null for the built-in _Server database.</summary>
    public DatabaseFile? File { get; }

    /// <summary>True for _Server, which clients may read and monitor but never write.</summary>
    public bool IsReserved => File is null && Relay is null;

    /// <summary>For a "relay:DB:REMOTE" database: the client that keeps it in step with the remote server.</summary>
    public RelayClient? Relay { get; set; }

    /// <summary>The service model _Server reports: "clustered", "relay" or "standalone".</summary>
    public string Model => Relay is not null ? "relay" : File is { IsClustered: true } ? "clustered" : "standalone";

    /// <summary>The Raft storage of a clustered database, or null.</summary>
    public Ovs.Ovsdb.Engine.Raft.ClusteredStorage? Clustered => File?.Clustered;

    /// <summary>
    /// The transaction history, kept for clustered and relay databases (whose transactions have IDs); null for the
    /// others. Monitors reach it through the database's monitor source.
    /// </summary>
    public Monitors.TxnHistory? History { get; private set; }

    /// <summary>The number of atoms in the database, kept up to date while a history is kept (to bound it).</summary>
    public long Atoms { get; private set; }

    /// <summary>Keeps a transaction history from now on (clustered and relay databases).</summary>
    public void EnableHistory(Monitors.TxnHistory history)
    {
        History = history;
        Monitors.EngineMonitorSource.For(Database).History = history;
        Atoms = 0;
        foreach (Table table in Database.Tables)
        {
            foreach (Row row in table.Rows)
            {
                Atoms += CountAtoms(row.Values);
            }
        }
    }

    /// <summary>Updates <see cref="Atoms"/> for an applied change set.</summary>
    public void CountAtoms(Ovs.Ovsdb.Engine.Transactions.TxnChanges changes)
    {
        foreach (Ovs.Ovsdb.Engine.Transactions.TableChanges table in changes.Tables)
        {
            foreach (Ovs.Ovsdb.Engine.Transactions.RowChange row in table.Rows)
            {
                Atoms += (row.New is { } n ? CountAtoms(n.Values) : 0) - (row.Old is { } o ? CountAtoms(o.Values) : 0);
            }
        }
    }

    private static long CountAtoms(IReadOnlyList<Datum> values)
    {
        long atoms = 0;
        foreach (Datum datum in values)
        {
            atoms += datum.Count * (datum.IsMap ? 2L : 1L);
        }

        return atoms;
    }

    /// <summary>Replaces a relay database's in-memory copy (its schema arrived or changed).</summary>
    public void ReplaceDatabase(Database database) => _database = database;

    /// <summary>Deferred transactions on this database, in arrival order; re-run after every commit here.</summary>
    public List<TransactTrigger> Triggers { get; } = [];

    /// <summary>Tables whose transactions are logged (ovsdb-server/tlog-set).</summary>
    public HashSet<string> LoggedTables { get; } = new(StringComparer.Ordinal);
}
