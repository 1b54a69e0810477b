// Upstream: ovsdb/replication.c, reset_database() and process_table_update() (OVS 3.1)
//
// Turns what the active server sends into local transactions on the backup's copy of a database: the "monitor"
// reply replaces the contents of every replicated table (rows the active server does not have are deleted, the
// others take its values, keeping their UUIDs), and each "update" notification (monitor protocol version 1: full
// "new" rows, "old" only to tell modifications from inserts) becomes one transaction. Both are committed through
// the server, so they reach the database file and the backup's own monitor clients like any other commit.
// Excluded tables and tables the active server does not monitor are never touched.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Transactions;
using Ovs.Ovsdb.Server.Databases;

namespace Ovs.Ovsdb.Server.Replication;

internal static class ReplicaWriter
{
    private static readonly VlogModule s_log = VlogModule.Get("replication");

    /// <summary>Makes the tables in <paramref name="tables"/> hold exactly the rows of <paramref name="contents"/>.</summary>
    public static OvsdbError? Reset(OvsdbServer server, ServedDatabase db, IReadOnlyCollection<string> tables, JsonValue contents)
    {
        if (contents is not JsonObject updates)
        {
            return Malformed(db, "monitor reply is not an object");
        }

        var txn = new Transaction(db.Database);
        foreach (string name in tables)
        {
            Table table = db.Database.GetTable(name)!;
            JsonObject? rows = updates[name] as JsonObject;
            foreach (Row row in table.Rows.ToList())
            {
                if (rows?[row.Uuid.ToString()] is null)
                {
                    txn.Delete(table, row);
                }
            }

            if (rows is not null && ApplyTable(txn, table, rows) is { } error)
            {
                return error;
            }
        }

        return Commit(server, db, txn);
    }

    /// <summary>Applies one "update" notification's table updates.</summary>
    public static OvsdbError? Update(OvsdbServer server, ServedDatabase db, JsonValue notification)
    {
        if (notification is not JsonObject updates)
        {
            return Malformed(db, "update is not an object");
        }

        var txn = new Transaction(db.Database);
        foreach (KeyValuePair<string, JsonValue> entry in updates)
        {
            if (db.Database.GetTable(entry.Key) is not { } table)
            {
                continue;
            }

            if (entry.Value is not JsonObject rows)
            {
                return Malformed(db, $"table update for {entry.Key} is not an object");
            }

            if (ApplyTable(txn, table, rows) is { } error)
            {
                return error;
            }
        }

        return Commit(server, db, txn);
    }

    private static OvsdbError? ApplyTable(Transaction txn, Table table, JsonObject rows)
    {
        foreach (KeyValuePair<string, JsonValue> entry in rows)
        {
            if (!Guid.TryParse(entry.Key, out Guid uuid) || entry.Value is not JsonObject rowUpdate)
            {
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"bad row update for {table.Name} row {entry.Key}");
            }

            Row? current = txn.Find(table, uuid);
            if (rowUpdate["new"] is not JsonObject values)
            {
                if (current is not null)
                {
                    txn.Delete(table, current);
                }

                continue;
            }

            Row target = current is null ? txn.Insert(table, uuid) : txn.Modify(table, current);
            if (SetColumns(table, target, values) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static OvsdbError? SetColumns(Table table, Row row, JsonObject values)
    {
        foreach (KeyValuePair<string, JsonValue> column in values)
        {
            // _version is the active server's; the backup's commit gives the row a version of its own.
            if (table.Schema.GetColumn(column.Key) is not { } schema || schema.Index < 2)
            {
                continue;
            }

            OvsdbError? error = Datum.TryFromJson(column.Value, schema.Type, null, out Datum datum);
            if (error is not null)
            {
                return error;
            }

            row.Values[schema.Index] = datum;
        }

        return null;
    }

    private static OvsdbError? Commit(OvsdbServer server, ServedDatabase db, Transaction txn)
    {
        if (!txn.HasChanges)
        {
            return null;
        }

        return txn.Precommit(out TxnChanges changes) ?? server.Commit(db, txn, changes, durable: false);
    }

    private static OvsdbError Malformed(ServedDatabase db, string what)
    {
        s_log.Dbg($"{db.Name}: {what}");
        return new OvsdbError(OvsdbErrorTags.SyntaxError, what);
    }
}
