// Upstream: ovsdb/ovsdb-tool.c, print_db_changes() and the transaction part of do_show_log() (OVS 3.1)
//
// Describes a transaction record for show-log: " DATE" and " \"COMMENT\"" on the record's line, then, with -m,
// one line per changed row ("  table T insert row NAME (UUID8):", "  table T row NAME (UUID8)[ diff]:"), and with
// -mm the new column values (or the diffs) in the column's display syntax. A row's NAME is the JSON of its "name"
// column when it has one, else the first 8 characters of its UUID; names are remembered across records (in
// _names) so later changes to a row show the name it had, and forgotten when the row is deleted.
using System.Globalization;
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbTool;

internal sealed class LogChangePrinter(int more)
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>The schema used to display column values; null shows them as JSON.</summary>
    public DatabaseSchema? Schema { get; set; }

    /// <summary>Appends the date, comment and (with -m) the changes of <paramref name="record"/>.</summary>
    public void Append(StringBuilder sb, JsonObject record)
    {
        if (record["_date"] is JsonInteger date)
        {
            // Old logs recorded seconds; any value that fits a 32-bit time_t is taken as seconds, as upstream does.
            long ms = date.Value < int.MaxValue ? date.Value * 1000 : date.Value;
            DateTimeOffset time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            sb.Append(' ').Append(time.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        }

        if (record["_comment"] is JsonString comment)
        {
            sb.Append(" \"").Append(comment.Value).Append('"');
        }

        if (more > 0)
        {
            AppendChanges(sb, record, record["_is_diff"] is { Type: JsonType.True });
        }
    }

    private void AppendChanges(StringBuilder sb, JsonObject record, bool isDiff)
    {
        bool first = true;
        foreach (KeyValuePair<string, JsonValue> table in record)
        {
            if (table.Key.StartsWith('_'))
            {
                continue;
            }

            // The change lines start on a new line, opened by the first table the record mentions (even one
            // with no rows); a record without tables stays on its "record N:" line.
            if (first)
            {
                sb.Append('\n');
                first = false;
            }

            if (table.Value is not JsonObject rows)
            {
                continue;
            }

            TableSchema? tableSchema = Schema?.GetTable(table.Key);
            foreach (KeyValuePair<string, JsonValue> row in rows)
            {
                AppendRow(sb, table.Key, tableSchema, row.Key, row.Value, isDiff);
            }
        }
    }

    private void AppendRow(StringBuilder sb, string table, TableSchema? tableSchema, string uuid, JsonValue row, bool isDiff)
    {
        string shortUuid = uuid.Length > 8 ? uuid[..8] : uuid;
        JsonObject? columns = row as JsonObject;
        string? newName = columns?["name"] is { } nameJson ? nameJson.ToString(JsonWriteOptions.Sort) : null;
        sb.Append("  table ").Append(table);
        if (_names.TryGetValue(uuid, out string? oldName))
        {
            sb.Append(" row ").Append(oldName).Append(" (").Append(shortUuid).Append(')').Append(isDiff ? " diff:\n" : ":\n");
        }
        else if (newName is not null)
        {
            sb.Append(" insert row ").Append(newName).Append(" (").Append(shortUuid).Append("):\n");
        }
        else
        {
            sb.Append(" insert row ").Append(shortUuid).Append(":\n");
        }

        if (columns is null)
        {
            sb.Append("    delete row\n");
            _names.Remove(uuid);
            return;
        }

        _names[uuid] = newName ?? oldName ?? shortUuid;
        if (more < 2)
        {
            return;
        }

        foreach (KeyValuePair<string, JsonValue> column in columns)
        {
            sb.Append("    ").Append(column.Key).Append('=');
            AppendValue(sb, tableSchema?.GetColumn(column.Key), column.Value);
            sb.Append('\n');
        }
    }

    private static void AppendValue(StringBuilder sb, ColumnSchema? column, JsonValue value)
    {
        if (column is not null)
        {
            // A diff may not fit the column's element counts, so fall back to an unbounded type for it.
            foreach (OvsdbType type in new[] { column.Type, column.Type.WithCounts(0, OvsdbType.Unlimited) })
            {
                if (Datum.TryFromJson(value, type, null, out Datum datum) is null)
                {
                    datum.AppendDisplayString(sb, column.Type);
                    return;
                }
            }
        }

        sb.Append(value.ToString(JsonWriteOptions.Sort));
    }
}
