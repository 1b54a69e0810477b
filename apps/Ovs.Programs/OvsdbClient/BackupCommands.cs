// Upstream: ovsdb/ovsdb-client.c, do_backup() and do_restore() (OVS 3.1)
//
// backup writes a standalone database file to stdout: a schema record, then one record holding every row (the
// format ovsdb-server and ovsdb-tool read; see ovsdb(5)). Each record is framed as "OVSDB JSON LENGTH SHA1\n"
// followed by the JSON text and a newline (LENGTH and SHA1 cover both). Objects are written in upstream's hash map member order (HmapOrder),
// so that apart from "_date" the file matches the C client's. restore reads such a file (or any standalone
// database file, replaying its transaction records), checks the schema unless --force, and replaces the
// database contents in one transaction; row UUIDs change because clients cannot choose them.
using System.Security.Cryptography;
using System.Text;
using Ovs.Cli;
using Ovs.Cli.Tables;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbClient;

internal static partial class BackupCommands
{
    private const string Magic = "OVSDB JSON";

    public static async Task Backup(CommandContext ctx)
    {
        (DatabaseSchema schema, JsonValue schemaJson) = await SchemaCommands.FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        var tableOrder = HmapOrder.Iterate(schemaJson is JsonObject { } root && root["tables"] is JsonObject t ? t.Names : schema.Tables.Select(x => x.Name));

        JsonArray request = [ctx.Db];
        foreach (string name in tableOrder)
        {
            request.Add(new JsonObject { { "op", "select" }, { "table", name }, { "where", new JsonArray() } });
        }

        JsonValue result = await TransactCommands.RunTransaction(ctx, request).ConfigureAwait(false);
        var record = new JsonObject();
        var rowObjects = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < tableOrder.Count; i++)
        {
            TableSchema table = schema.GetTable(tableOrder[i])!;
            List<string> columns = SchemaCommands.ColumnOrder(schemaJson, table).Where(c => c is not ("_uuid" or "_version")).ToList();
            var rows = new JsonObject();
            if (result is JsonArray results && results[i] is JsonObject { } selected && selected["rows"] is JsonArray rowList)
            {
                foreach (JsonValue rowJson in rowList)
                {
                    if (rowJson is JsonObject row && row["_uuid"] is JsonArray { Count: 2 } uuid)
                    {
                        JsonObject rowRecord = RowRecord(row, columns);
                        rowObjects.Add(rowRecord);
                        rows.Add(uuid[1].AsString(), rowRecord);
                    }
                }
            }

            if (rows.Count > 0)
            {
                record.Add(table.Name, rows);
            }
        }

        record.Add("_comment", "produced by \"ovsdb-client backup\"");
        record.Add("_date", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        record.Add("_is_diff", true);

        var output = new StringBuilder();
        AppendRecord(output, HmapOrder.ToJsonString(SchemaRecord(schema, schemaJson)));
        AppendRecord(output, HmapOrder.ToJsonString(record, rowObjects));
        ctx.Out.Write(output.ToString());
    }

    // Upstream builds each row with every column in its column map order, then drops _uuid and _version; the
    // remaining members keep that order when written.
    private static JsonObject RowRecord(JsonObject row, List<string> columns)
    {
        var record = new JsonObject();
        foreach (string column in columns)
        {
            if (row[column] is { } value)
            {
                record.Add(column, value);
            }
        }

        return record;
    }

    /// <summary>The schema as upstream re-serializes it: tables and columns in its hash map order.</summary>
    private static JsonObject SchemaRecord(DatabaseSchema schema, JsonValue schemaJson)
    {
        JsonObject json = schema.ToJson();
        if (json["tables"] is JsonObject tables && schemaJson is JsonObject { } root && root["tables"] is JsonObject sent)
        {
            var reordered = new JsonObject();
            foreach (string name in HmapOrder.Iterate(sent.Names))
            {
                if (tables[name] is JsonObject table && table["columns"] is JsonObject columns)
                {
                    var ordered = new JsonObject();
                    foreach (string column in SchemaCommands.ColumnOrder(schemaJson, schema.GetTable(name)!))
                    {
                        if (columns[column] is { } columnJson)
                        {
                            ordered.Add(column, columnJson);
                        }
                    }

                    table.Set("columns", ordered);
                    reordered.Add(name, table);
                }
            }

            json.Set("tables", reordered);
        }

        return json;
    }

    private static void AppendRecord(StringBuilder output, string json)
    {
        // The length and the SHA-1 cover the JSON text and its terminating newline.
        byte[] bytes = Encoding.UTF8.GetBytes(json + "\n");
        output.Append(Magic).Append(' ').Append(bytes.Length).Append(' ')
            .Append(Convert.ToHexStringLower(SHA1.HashData(bytes))).Append('\n').Append(json).Append('\n');
    }
}
