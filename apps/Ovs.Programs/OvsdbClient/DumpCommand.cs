// Upstream: ovsdb/ovsdb-client.c, do_dump() (OVS 3.1)
//
// dump [TABLE [COLUMN...]]: one "select all" per table in a single transaction, then one output table per
// database table in name order, captioned "NAME table". Columns appear in name order (_uuid included, _version
// left out unless asked for); rows are sorted by their values column by column, with _uuid compared last, so
// the output does not depend on the server's row order.
using Ovs.Cli;
using Ovs.Cli.Tables;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbClient;

internal static class DumpCommand
{
    public static async Task Dump(CommandContext ctx)
    {
        (DatabaseSchema schema, _) = await SchemaCommands.FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        var selections = new List<(TableSchema Table, List<ColumnSchema> Columns)>();
        if (ctx.Args.Count > 0)
        {
            if (!schema.TryGetTable(ctx.Args[0], out TableSchema? table))
            {
                throw new CliException($"No table \"{ctx.Args[0]}\" found.");
            }

            selections.Add((table, SelectColumns(table, ctx.Args.Skip(1).ToList())));
        }
        else
        {
            foreach (TableSchema table in schema.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                selections.Add((table, SelectColumns(table, [])));
            }
        }

        JsonArray request = [ctx.Db];
        foreach ((TableSchema table, List<ColumnSchema> columns) in selections)
        {
            var names = new JsonArray();
            foreach (ColumnSchema column in columns)
            {
                names.Add(column.Name);
            }

            request.Add(new JsonObject { { "op", "select" }, { "table", table.Name }, { "where", new JsonArray() }, { "columns", names } });
        }

        JsonValue result = await TransactCommands.RunTransaction(ctx, request).ConfigureAwait(false);
        if (result is not JsonArray results || results.Count != selections.Count)
        {
            throw new CliException($"expected {selections.Count} results, got {(result as JsonArray)?.Count ?? 0}");
        }

        TablePrinter printer = ctx.CreatePrinter();
        for (int i = 0; i < selections.Count; i++)
        {
            printer.Print(BuildTable(selections[i].Table, selections[i].Columns, results[i]));
        }
    }

    private static List<ColumnSchema> SelectColumns(TableSchema table, List<string> names)
    {
        var columns = new List<ColumnSchema>();
        if (names.Count == 0)
        {
            columns.AddRange(table.Columns.Where(c => c.Name != "_version"));
        }
        else
        {
            foreach (string name in names)
            {
                columns.Add(table.GetColumn(name) ?? throw new CliException($"Table \"{table.Name}\" has no column {name}."));
            }
        }

        columns.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return columns;
    }

    private static Table BuildTable(TableSchema schema, List<ColumnSchema> columns, JsonValue result)
    {
        if (result is not JsonObject obj || obj["rows"] is not JsonArray rowsJson)
        {
            throw new CliException($"{schema.Name} table reply is not an object with a \"rows\" member");
        }

        var rows = new List<Datum[]>();
        foreach (JsonValue rowJson in rowsJson)
        {
            if (rowJson is not JsonObject row)
            {
                throw new CliException($"{schema.Name} table reply row is not an object");
            }

            var data = new Datum[columns.Count];
            for (int x = 0; x < columns.Count; x++)
            {
                JsonValue? value = row[columns[x].Name];
                data[x] = value is not null && Datum.TryFromJson(value, columns[x].Type, null, out Datum datum) is null
                    ? datum
                    : Datum.Default(columns[x].Type);
            }

            rows.Add(data);
        }

        int uuidIndex = columns.FindIndex(c => c.Name == "_uuid");
        rows.Sort((a, b) => CompareRows(a, b, uuidIndex));

        var table = new Table { Caption = $"{schema.Name} table" };
        foreach (ColumnSchema column in columns)
        {
            table.AddColumn(column.Name);
        }

        foreach (Datum[] data in rows)
        {
            int y = table.AddRow();
            for (int x = 0; x < columns.Count; x++)
            {
                table.SetCell(y, x, DatumCell.Create(data[x].ToJson(columns[x].Type), columns[x].Type));
            }
        }

        return table;
    }

    private static int CompareRows(Datum[] a, Datum[] b, int uuidIndex)
    {
        for (int x = 0; x < a.Length; x++)
        {
            if (x != uuidIndex && a[x].CompareTo(b[x]) is int c and not 0)
            {
                return c;
            }
        }

        return uuidIndex >= 0 ? a[uuidIndex].CompareTo(b[uuidIndex]) : 0;
    }
}
