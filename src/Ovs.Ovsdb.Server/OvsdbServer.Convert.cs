// Upstream: ovsdb/ovsdb-server.c and ovsdb/jsonrpc-server.c, the "convert" method (OVS 3.1); ovsdb-server(7) 4.1.17
//
// Online schema conversion of a standalone database: the live rows are converted to the new schema by the engine's
// SchemaConverter, the file is rewritten as the new schema plus one snapshot record, and the converted database
// replaces the old one. Clients of the old database are told as for a removed database (see DetachClients).
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Conversion;
using Ovs.Ovsdb.Server.Databases;

namespace Ovs.Ovsdb.Server;

internal sealed partial class OvsdbServer
{
    public OvsdbError? ConvertDatabase(ServedDatabase db, DatabaseSchema schema)
    {
        if (db.File is not { } file)
        {
            return OvsdbError.Create("permission error", $"cannot convert reserved database {db.Name}");
        }

        if (schema.Name != db.Name)
        {
            return OvsdbError.Create(null, $"new schema name ({schema.Name}) does not match database name ({db.Name})");
        }

        Database old = db.Database;
        var contents = new DatabaseContents(old.Schema);
        foreach (Table table in old.Tables)
        {
            foreach (Row row in table.Rows)
            {
                var columns = new Dictionary<string, Datum>(StringComparer.Ordinal);
                foreach (ColumnSchema column in table.Schema.UserColumns)
                {
                    if (!row[column].IsDefault(column.Type))
                    {
                        columns.Add(column.Name, row[column]);
                    }
                }

                contents.AddRow(table.Name, row.Uuid, columns);
            }
        }

        OvsdbError? error = SchemaConverter.Convert(contents, schema, out DatabaseContents converted)
            ?? file.Replace(schema, converted.ToRecord(null, Loop.Now), Loop.Time);
        if (error is not null)
        {
            return error;
        }

        DetachClients(db, old);
        RefreshServerDatabase();
        DatabasesChanged?.Invoke();
        return null;
    }
}
