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

    /// <summary>The service model _Server reports: "relay" or "standalone".</summary>
    public string Model => Relay is null ? "standalone" : "relay";

    /// <summary>Replaces a relay database's in-memory copy (its schema arrived or changed).</summary>
    public void ReplaceDatabase(Database database) => _database = database;

    /// <summary>Deferred transactions on this database, in arrival order; re-run after every commit here.</summary>
    public List<TransactTrigger> Triggers { get; } = [];

    /// <summary>Tables whose transactions are logged (ovsdb-server/tlog-set).</summary>
    public HashSet<string> LoggedTables { get; } = new(StringComparer.Ordinal);
}
