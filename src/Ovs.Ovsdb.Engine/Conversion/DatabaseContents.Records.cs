// Upstream: ovsdb/file.c, replaying and writing transaction records (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Conversion;

internal sealed partial class DatabaseContents
{
    /// <summary>Applies one transaction record. Unknown tables and columns are errors, as upstream reports them.</summary>
    public OvsdbError? Apply(JsonObject record)
    {
        bool isDiff = record["_is_diff"] is { Type: JsonType.True };
        foreach (KeyValuePair<string, JsonValue> member in record)
        {
            if (member.Key.StartsWith('_'))
            {
                continue;
            }

            if (!Schema.TryGetTable(member.Key, out TableSchema? table))
            {
                return OvsdbError.SyntaxError(record, OvsdbErrorTags.UnknownTable, $"No table named {member.Key}.");
            }

            if (member.Value is not JsonObject rows)
            {
                return OvsdbError.SyntaxError(member.Value, null, "object expected");
            }

            OvsdbError? error = ApplyTable(table, rows, isDiff);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// The whole contents as one record, as a compacted or converted log stores it: every row with the columns
    /// that differ from their defaults, then "_comment". Pass <paramref name="markDiff"/> to add "_is_diff" (as a
    /// new cluster's snapshot has it; for rows that are all new the two forms mean the same).
    /// </summary>
    public JsonObject ToRecord(string? comment, DateTimeOffset date, bool markDiff = false)
    {
        var record = new JsonObject { { "_date", date.ToUnixTimeMilliseconds() } };
        foreach (TableSchema table in Schema.Tables)
        {
            Dictionary<Guid, Dictionary<string, Datum>> rows = _tables[table.Name];
            if (rows.Count == 0)
            {
                continue;
            }

            var rowsJson = new JsonObject();
            foreach (KeyValuePair<Guid, Dictionary<string, Datum>> row in rows)
            {
                var columns = new JsonObject();
                foreach (ColumnSchema column in table.UserColumns)
                {
                    if (column.Persistent && row.Value.TryGetValue(column.Name, out Datum? datum) && !datum.IsDefault(column.Type))
                    {
                        columns.Add(column.Name, datum.ToJson(column.Type));
                    }
                }

                rowsJson.Add(row.Key.ToString("D"), columns);
            }

            record.Add(table.Name, rowsJson);
        }

        if (markDiff)
        {
            record.Add("_is_diff", JsonValue.True);
        }

        if (comment is not null)
        {
            record.Add("_comment", comment);
        }

        return record;
    }

    private OvsdbError? ApplyTable(TableSchema table, JsonObject rows, bool isDiff)
    {
        Dictionary<Guid, Dictionary<string, Datum>> existing = _tables[table.Name];
        foreach (KeyValuePair<string, JsonValue> row in rows)
        {
            if (!Guid.TryParseExact(row.Key, "D", out Guid uuid))
            {
                return OvsdbError.SyntaxError(new JsonString(row.Key), null, $"\"{row.Key}\" is not a valid UUID");
            }

            if (row.Value.Type == JsonType.Null)
            {
                existing.Remove(uuid);
                continue;
            }

            if (row.Value is not JsonObject columns)
            {
                return OvsdbError.SyntaxError(row.Value, null, "object expected");
            }

            bool isNew = !existing.TryGetValue(uuid, out Dictionary<string, Datum>? values);
            values ??= new Dictionary<string, Datum>(StringComparer.Ordinal);
            OvsdbError? error = ApplyColumns(table, values, columns, isDiff && !isNew);
            if (error is not null)
            {
                return error;
            }

            existing[uuid] = values;
        }

        return null;
    }

    private static OvsdbError? ApplyColumns(TableSchema table, Dictionary<string, Datum> values, JsonObject columns, bool isDiff)
    {
        foreach (KeyValuePair<string, JsonValue> member in columns)
        {
            if (!table.TryGetColumn(member.Key, out ColumnSchema? column))
            {
                return OvsdbError.SyntaxError(columns, OvsdbErrorTags.UnknownColumn, $"No column {member.Key} in table {table.Name}.");
            }

            // A diff may hold more (or fewer) elements than the column allows; only the result is checked.
            OvsdbType parseType = isDiff ? column.Type.WithCounts(0, OvsdbType.Unlimited) : column.Type;
            OvsdbError? error = Datum.TryFromJson(member.Value, parseType, null, out Datum datum);
            if (error is not null)
            {
                return error;
            }

            if (isDiff)
            {
                Datum old = values.TryGetValue(column.Name, out Datum? current) ? current : Datum.Default(column.Type);
                error = Datum.ApplyDiff(old, datum, column.Type, out datum);
                if (error is not null)
                {
                    return error;
                }
            }

            values[column.Name] = datum;
        }

        return null;
    }
}
