// Upstream: ovsdb/ovsdb-server.c, update_server_status() and update_database_status() (OVS 3.1)
//
// Keeps the built-in _Server database's "Database" table in step with the set of served databases: one row per
// database (the _Server database included, as upstream lists itself) with its model ("standalone", "clustered" or
// "relay") and schema as JSON text. Standalone databases are connected and leader, with cid/sid/index empty; a
// clustered one reports its Raft state (connected, leader), cluster and server IDs and the log index last applied;
// a relay is connected while in step with its source. The update is an ordinary engine transaction, so _Server
// monitors see it like any other commit.
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Server.Databases;

internal static class ServerDatabaseContents
{
    /// <summary>
    /// Builds the transaction that makes _Server's Database table describe <paramref name="databases"/>, or
    /// returns null when it already does.
    /// </summary>
    public static Transaction? Update(Database server, IEnumerable<ServedDatabase> databases)
    {
        Table table = server.GetTable("Database")!;
        TableSchema schema = table.Schema;
        var transaction = new Transaction(server);
        var wanted = databases.ToDictionary(d => d.Name, StringComparer.Ordinal);
        foreach (Row row in table.Rows.ToList())
        {
            string name = row[schema.GetColumn("name")!].Keys[0].AsString;
            if (!wanted.Remove(name, out ServedDatabase? db))
            {
                transaction.Delete(table, row);
                continue;
            }

            Datum[] values = Values(schema, db);
            if (!Same(row, values))
            {
                Row modified = transaction.Modify(table, row);
                Fill(modified, values);
            }
        }

        foreach (ServedDatabase db in wanted.Values)
        {
            Row inserted = transaction.Insert(table, server.NewUuid());
            Fill(inserted, Values(schema, db));
        }

        return transaction.HasChanges ? transaction : null;
    }

    private static Datum[] Values(TableSchema schema, ServedDatabase db)
    {
        var values = new Datum[schema.Columns.Count];
        foreach (ColumnSchema column in schema.UserColumns)
        {
            values[column.Index] = column.Name switch
            {
                "name" => Datum.Scalar(Atom.String(db.Name)),
                "model" => Datum.Scalar(Atom.String(db.Model)),
                "connected" => Datum.Scalar(Atom.Boolean(db.Clustered?.Raft.IsConnected ?? db.Relay?.IsSynced ?? true)),
                "leader" => Datum.Scalar(Atom.Boolean(db.Clustered?.Raft.IsLeader ?? db.Relay is null)),
                "cid" when db.Clustered is { Raft.ClusterId: var cid } && cid != Guid.Empty => Datum.Scalar(Atom.Uuid(cid)),
                "sid" when db.Clustered is { } c => Datum.Scalar(Atom.Uuid(c.Raft.ServerId)),
                "index" when db.Clustered is { } c => Datum.Scalar(Atom.Integer(c.AppliedIndex)),
                "schema" when db.Relay is { HasSchema: false } => Datum.Empty(column.Type),
                "schema" => Datum.Scalar(Atom.String(SchemaText(db))),
                _ => Datum.Empty(column.Type),
            };
        }

        return values;
    }

    private static string SchemaText(ServedDatabase db) =>
        db.IsReserved ? ServerSchema.Text : db.Database.Schema.ToJson().ToString();

    private static bool Same(Row row, Datum[] values)
    {
        for (int i = 2; i < values.Length; i++)
        {
            if (!row.Values[i].Equals(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void Fill(Row row, Datum[] values)
    {
        for (int i = 2; i < values.Length; i++)
        {
            row.Values[i] = values[i];
        }
    }
}
