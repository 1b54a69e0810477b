// Upstream: ovsdb/ovsdb-client.c, monitor_print() and monitor2_print() (OVS 3.1)
//
// Prints monitor updates as tables with the headings "row", "action" and the monitored columns; "ALL" adds the
// table name as caption. Tables and rows come in the iteration order of upstream's JSON object hash maps (see
// HmapOrder), which is what the C client prints. Version 1 updates ("monitor") show a modification as two rows,
// "old" (only the changed columns, with the row UUID) and "new" (all columns, no UUID); versions 2 and 3
// ("monitor_cond", "monitor_cond_since") show one row per change, with "modify" holding the changed values.
using Ovs.Cli.Tables;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Programs.OvsdbClient;

internal sealed class MonitorPrinter(CommandContext ctx, List<MonitoredTable> tables, bool multiTable)
{
    private readonly TablePrinter _printer = ctx.CreatePrinter();
    private readonly Dictionary<string, MonitoredTable> _tables = tables.ToDictionary(t => t.Table.Name, StringComparer.Ordinal);

    public void PrintInitial(string method, JsonValue result)
    {
        switch (method)
        {
            case "monitor":
                Print(result, version: 1, initial: true);
                break;
            case "monitor_cond":
                Print(result, version: 2, initial: true);
                break;
            default:
                if (result is JsonArray { Count: 3 } since)
                {
                    ctx.Out.Write($"found: {(since[0].IsBoolean && since[0].AsBoolean() ? "true" : "false")}, last_id: {Text(since[1])}\n");
                    Print(since[2], version: 2, initial: true);
                }

                break;
        }
    }

    /// <summary>
    /// Prints an update notification for a monitor started with <paramref name="method"/>: "update" always,
    /// "update2" only for monitor_cond and "update3" only for monitor_cond_since, each only with a null first
    /// parameter (the monitor id ovsdb-client uses); anything else is ignored.
    /// </summary>
    public void PrintNotification(string method, RpcNotification notification)
    {
        JsonArray p = notification.Params;
        if (p.Count == 0 || !p[0].IsNull)
        {
            return;
        }

        switch (notification.Method)
        {
            case "update" when p.Count == 2:
                Print(notification.Params[1], version: 1, initial: false);
                break;
            case "update2" when p.Count == 2 && method == "monitor_cond":
                Print(notification.Params[1], version: 2, initial: false);
                break;
            case "update3" when p.Count == 3 && method == "monitor_cond_since":
                // No newline here: the table printer's separator (if the format has one) ends the line.
                ctx.Out.Write($"\nlast_id: {Text(notification.Params[1])}");
                Print(notification.Params[2], version: 2, initial: false);
                break;
            default:
                break;
        }
    }

    private static string Text(JsonValue json) => json is JsonString s ? s.Value : json.ToString();

    private void Print(JsonValue updates, int version, bool initial)
    {
        if (updates is not JsonObject byTable)
        {
            return;
        }

        foreach (string name in HmapOrder.Iterate(byTable.Names))
        {
            if (!_tables.TryGetValue(name, out MonitoredTable? monitored) || byTable[name] is not JsonObject rows)
            {
                continue;
            }

            Table table = NewTable(monitored);
            foreach (string uuid in HmapOrder.Iterate(rows.Names))
            {
                if (rows[uuid] is JsonObject change)
                {
                    if (version == 1)
                    {
                        AddRowsV1(table, monitored, uuid, change, initial);
                    }
                    else
                    {
                        AddRowV2(table, monitored, uuid, change);
                    }
                }
            }

            _printer.Print(table);
            ctx.Out.Flush();
        }
    }

    private Table NewTable(MonitoredTable monitored)
    {
        var table = new Table
        {
            Caption = multiTable ? monitored.Table.Name : null,
            Timestamp = ctx.Options.Timestamps ? DateTimeOffset.UtcNow : null,
        };
        table.AddColumn("row");
        table.AddColumn("action");
        foreach (Ovsdb.ColumnSchema column in monitored.Columns)
        {
            table.AddColumn(column.Name);
        }

        return table;
    }

    private static void AddRowsV1(Table table, MonitoredTable monitored, string uuid, JsonObject change, bool initial)
    {
        JsonObject? oldRow = change["old"] as JsonObject;
        JsonObject? newRow = change["new"] as JsonObject;
        if (oldRow is not null && newRow is not null)
        {
            AddRow(table, monitored, uuid, "old", oldRow);
            AddRow(table, monitored, string.Empty, "new", newRow);
        }
        else if (newRow is not null)
        {
            AddRow(table, monitored, uuid, initial ? "initial" : "insert", newRow);
        }
        else if (oldRow is not null)
        {
            AddRow(table, monitored, uuid, "delete", oldRow);
        }
    }

    private static void AddRowV2(Table table, MonitoredTable monitored, string uuid, JsonObject change)
    {
        foreach (string action in new[] { "initial", "insert", "delete", "modify" })
        {
            if (change.TryGetValue(action, out JsonValue? row))
            {
                AddRow(table, monitored, uuid, action, row as JsonObject);
                return;
            }
        }
    }

    private static void AddRow(Table table, MonitoredTable monitored, string uuid, string action, JsonObject? row)
    {
        int y = table.AddRow();
        table.SetCell(y, 0, uuid);
        table.SetCell(y, 1, action);
        for (int x = 0; x < monitored.Columns.Count; x++)
        {
            Ovsdb.ColumnSchema column = monitored.Columns[x];
            if (row is not null && row.TryGetValue(column.Name, out JsonValue? value))
            {
                table.SetCell(y, x + 2, DatumCell.Create(value, column.Type));
            }
        }
    }
}
