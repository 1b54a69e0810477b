// Upstream: ovsdb/ovsdb-client.c, add_monitored_table() and parse_monitor_columns() (OVS 3.1)
//
// Turns "TABLE [COLUMN,...]..." (or "ALL") into monitor requests. Column arguments may hold several
// comma-separated names and the selection words !initial, !insert, !delete and !modify. Without columns a table
// is monitored in full: every user column in name order, then _version.
using Ovs.Cli;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbClient;

/// <summary>One monitored table and its column list, in output order.</summary>
internal sealed record MonitoredTable(TableSchema Table, List<ColumnSchema> Columns);

internal static class MonitorRequest
{
    /// <param name="conditional">monitor_cond and monitor_cond_since take no "ALL" and report a missing table
    /// without the server's name, as upstream does.</param>
    public static List<MonitoredTable> Build(CommandContext ctx, DatabaseSchema schema, IReadOnlyList<string> args, bool conditional, out JsonObject requests)
    {
        requests = new JsonObject();
        var tables = new List<MonitoredTable>();
        if (!conditional && args.Count == 1 && args[0] == "ALL")
        {
            foreach (TableSchema table in schema.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                tables.Add(Add(ctx, table, [], requests));
            }

            return tables;
        }

        if (!schema.TryGetTable(args[0], out TableSchema? only))
        {
            string prefix = conditional ? string.Empty : $"{ctx.Server}: ";
            throw new CliException($"{prefix}{schema.Name} does not have a table named \"{args[0]}\"");
        }

        tables.Add(Add(ctx, only, args.Skip(1).ToList(), requests));
        return tables;
    }

    private static MonitoredTable Add(CommandContext ctx, TableSchema table, List<string> args, JsonObject requests)
    {
        var columns = new List<ColumnSchema>();
        var select = new JsonObject { { "initial", true }, { "insert", true }, { "delete", true }, { "modify", true } };
        foreach (string arg in args)
        {
            foreach (string word in arg.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (word is "!initial" or "!insert" or "!delete" or "!modify")
                {
                    select.Set(word[1..], false);
                }
                else if (table.GetColumn(word) is { } column)
                {
                    columns.Add(column);
                }
                else
                {
                    throw new CliException($"{ctx.Server}: table \"{table.Name}\" in {ctx.Db} does not have a column named \"{word}\"");
                }
            }
        }

        if (columns.Count == 0)
        {
            columns.AddRange(table.Columns.Where(c => c.Name is not ("_uuid" or "_version")).OrderBy(c => c.Name, StringComparer.Ordinal));
            columns.Add(table.GetColumn("_version")!);
        }

        var names = new JsonArray();
        foreach (ColumnSchema column in columns)
        {
            names.Add(column.Name);
        }

        var request = new JsonObject { { "columns", names }, { "select", select } };
        requests.Add(table.Name, request);
        return new MonitoredTable(table, columns);
    }
}
