// Upstream: ovsdb/ovsdb-client.c, do_list_dbs(), do_get_schema*(), do_list_tables(), do_list_columns() (OVS 3.1)
using Ovs.Cli;
using Ovs.Cli.Tables;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbClient;

internal static class SchemaCommands
{
    public static async Task ListDbs(CommandContext ctx)
    {
        foreach (string db in await OvsdbClientProgram.FetchDbs(ctx.Rpc, ctx.Server, ctx.Cancellation).ConfigureAwait(false))
        {
            ctx.Out.Write(db + "\n");
        }
    }

    public static async Task GetSchema(CommandContext ctx)
    {
        (DatabaseSchema schema, _) = await FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        ctx.Out.Write(schema.ToJson().ToString(JsonFlags(ctx)) + "\n");
    }

    public static async Task GetSchemaVersion(CommandContext ctx)
    {
        (DatabaseSchema schema, _) = await FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        ctx.Out.Write(schema.Version + "\n");
    }

    public static async Task GetSchemaCksum(CommandContext ctx)
    {
        (DatabaseSchema schema, _) = await FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        ctx.Out.Write(schema.Cksum + "\n");
    }

    public static async Task ListTables(CommandContext ctx)
    {
        (DatabaseSchema schema, _) = await FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        var table = new Table();
        table.AddColumn("Table");
        foreach (string name in schema.Tables.Select(t => t.Name).Order(StringComparer.Ordinal))
        {
            table.SetCell(table.AddRow(), 0, name);
        }

        ctx.CreatePrinter().Print(table);
    }

    public static async Task ListColumns(CommandContext ctx)
    {
        (DatabaseSchema schema, JsonValue json) = await FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        string? only = ctx.Args.Count > 0 ? ctx.Args[0] : null;
        var output = new Table();
        if (only is null)
        {
            output.AddColumn("Table");
        }

        output.AddColumn("Column");
        output.AddColumn("Type");
        foreach (TableSchema table in schema.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (only is not null && table.Name != only)
            {
                continue;
            }

            foreach (string name in ColumnOrder(json, table))
            {
                JsonValue type = table.GetColumn(name)!.Type.ToJson();
                int row = output.AddRow();
                int x = 0;
                if (only is null)
                {
                    output.SetCell(row, x++, table.Name);
                }

                output.SetCell(row, x++, name);
                string text = type.ToString(JsonWriteOptions.Sort);
                output.SetCell(row, x, TableCell.FromDatum(type, text, text));
            }
        }

        ctx.CreatePrinter().Print(output);
    }

    /// <summary>
    /// Upstream lists columns in the iteration order of its column hash map: the implicit columns are inserted
    /// first, then the others in the iteration order of the parsed JSON object, itself filled in the order the
    /// server sent them.
    /// </summary>
    internal static List<string> ColumnOrder(JsonValue schemaJson, TableSchema table)
    {
        var sent = new List<string>();
        if (schemaJson is JsonObject { } root && root["tables"] is JsonObject tables
            && tables[table.Name] is JsonObject tableJson && tableJson["columns"] is JsonObject columns)
        {
            sent.AddRange(columns.Names);
        }

        return HmapOrder.Iterate(["_uuid", "_version", .. HmapOrder.Iterate(sent)]);
    }

    internal static JsonWriteOptions JsonFlags(CommandContext ctx) =>
        JsonWriteOptions.Sort | (ctx.Options.Style.Pretty ? JsonWriteOptions.Pretty : JsonWriteOptions.None);

    /// <summary>Fetches and parses the schema of <paramref name="database"/>, also returning the JSON as sent.</summary>
    internal static async Task<(DatabaseSchema Schema, JsonValue Json)> FetchSchema(CommandContext ctx, string database)
    {
        Ovsdb.Client.Rpc.RpcReply reply = await ctx.Rpc.GetSchemaAsync(database, ctx.Cancellation).ConfigureAwait(false);
        if (reply.ConnectionError != 0)
        {
            throw new CliException($"{ctx.Server}: get_schema failed", reply.ConnectionError);
        }

        if (reply.Error is not null)
        {
            throw new CliException($"get_schema request returned error: {reply.Error}");
        }

        JsonValue json = reply.Result ?? JsonValue.Null;
        OvsdbError? error = DatabaseSchema.TryFromJson(json, out DatabaseSchema schema);
        if (error is not null)
        {
            throw new CliException($"parsing database schema failed: {error}");
        }

        return (schema, json);
    }
}
