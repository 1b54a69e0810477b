// Upstream: ovsdb/ovsdb-client.c, do_restore() (OVS 3.1)
using System.Text;
using Ovs.Cli;
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbClient;

internal static partial class BackupCommands
{
    private const string InputName = "/dev/stdin";

    public static async Task Restore(CommandContext ctx)
    {
        byte[] data;
        using (Stream input = ctx.OpenInput())
        using (var buffer = new MemoryStream())
        {
            await input.CopyToAsync(buffer, ctx.Cancellation).ConfigureAwait(false);
            data = buffer.ToArray();
        }

        List<JsonValue> records = ReadRecords(data);
        OvsdbError? schemaError = DatabaseSchema.TryFromJson(records[0], out DatabaseSchema backupSchema);
        if (schemaError is not null)
        {
            throw new CliException($"{schemaError}");
        }

        (DatabaseSchema schema, _) = await SchemaCommands.FetchSchema(ctx, ctx.Db).ConfigureAwait(false);
        if (!ctx.Options.Force && !schema.JsonEquals(backupSchema))
        {
            const string Advice = "(use --force to override differences, or \"ovsdb-client convert\" to change the schema)";
            throw new CliException(schema.Version == backupSchema.Version
                ? $"backup schema and database schema are both version {schema.Version} but still differ {Advice}"
                : $"backup schema has version \"{backupSchema.Version}\" but database schema has version \"{schema.Version}\" {Advice}");
        }

        Dictionary<string, Dictionary<string, JsonObject>> rows = Replay(records, backupSchema);
        JsonArray transaction = [ctx.Db];
        foreach (TableSchema table in schema.Tables)
        {
            transaction.Add(new JsonObject { { "op", "delete" }, { "table", table.Name }, { "where", new JsonArray() } });
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string uuid in rows.Values.SelectMany(r => r.Keys))
        {
            names[uuid] = "row" + uuid.Replace('-', '_');
        }

        foreach ((string tableName, Dictionary<string, JsonObject> tableRows) in rows)
        {
            foreach ((string uuid, JsonObject row) in tableRows)
            {
                var named = new JsonObject();
                foreach (KeyValuePair<string, JsonValue> column in row)
                {
                    named.Add(column.Key, NameReferences(column.Value, names));
                }

                transaction.Add(new JsonObject { { "op", "insert" }, { "table", tableName }, { "row", named }, { "uuid-name", names[uuid] } });
            }
        }

        JsonValue result = await TransactCommands.RunTransaction(ctx, transaction).ConfigureAwait(false);
        if (result is JsonArray results && results.FirstOrDefault(r => r is JsonObject o && o.ContainsKey("error")) is { } failed)
        {
            throw new CliException($"transaction returned error: {failed.ToString(JsonWriteOptions.Sort)}");
        }
    }

    /// <summary>Splits the file into records, with upstream's messages for a file that is not a database.</summary>
    private static List<JsonValue> ReadRecords(byte[] data)
    {
        var records = new List<JsonValue>();
        int offset = 0;
        while (offset < data.Length)
        {
            int newline = Array.IndexOf(data, (byte)'\n', offset);
            string header = Encoding.UTF8.GetString(data, offset, (newline < 0 ? data.Length : newline) - offset);
            string[] fields = header.Split(' ');
            if (fields.Length != 4 || $"{fields[0]} {fields[1]}" != Magic || !int.TryParse(fields[2], out int length)
                || fields[3].Length != 40 || !fields[3].All(char.IsAsciiHexDigit)
                || length < 0 || newline < 0 || newline + 1 + length > data.Length)
            {
                if (records.Count == 0)
                {
                    throw new CliException($"ovsdb error: {InputName}: unexpected file format");
                }

                break;
            }

            if (!JsonParser.TryParse(data.AsSpan(newline + 1, length), out JsonValue? json, out string? error))
            {
                throw new CliException($"ovsdb error: {InputName}: {error}");
            }

            records.Add(json!);
            offset = newline + 1 + length;
            while (offset < data.Length && data[offset] == '\n')
            {
                offset++;
            }
        }

        return records.Count > 0 ? records : throw new CliException($"ovsdb error: {InputName}: cannot identify file type");
    }

    /// <summary>Applies the data records in order: the final contents, by table and row UUID.</summary>
    private static Dictionary<string, Dictionary<string, JsonObject>> Replay(List<JsonValue> records, DatabaseSchema schema)
    {
        var tables = new Dictionary<string, Dictionary<string, JsonObject>>(StringComparer.Ordinal);
        foreach (JsonObject record in records.Skip(1).OfType<JsonObject>())
        {
            bool isDiff = record["_is_diff"] is { IsBoolean: true } flag && flag.AsBoolean();
            foreach (KeyValuePair<string, JsonValue> member in record)
            {
                if (member.Key.StartsWith('_') || member.Value is not JsonObject changes || schema.GetTable(member.Key) is not { } table)
                {
                    continue;
                }

                if (!tables.TryGetValue(member.Key, out Dictionary<string, JsonObject>? rows))
                {
                    tables[member.Key] = rows = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
                }

                foreach (KeyValuePair<string, JsonValue> change in changes)
                {
                    if (change.Value is not JsonObject columns)
                    {
                        rows.Remove(change.Key);
                    }
                    else if (rows.TryGetValue(change.Key, out JsonObject? row))
                    {
                        ApplyChange(row, columns, table, isDiff);
                    }
                    else
                    {
                        rows[change.Key] = Copy(columns);
                    }
                }
            }
        }

        return tables;
    }

    private static void ApplyChange(JsonObject row, JsonObject columns, TableSchema table, bool isDiff)
    {
        foreach (KeyValuePair<string, JsonValue> column in columns)
        {
            if (isDiff && table.GetColumn(column.Key) is { Type: { IsComposite: true } type }
                && Datum.TryFromJson(row[column.Key] ?? Datum.Default(type).ToJson(type), type, null, out Datum old) is null
                && Datum.TryFromJson(column.Value, type.WithCounts(0, OvsdbType.Unlimited), null, out Datum diff) is null
                && Datum.ApplyDiff(old, diff, type, out Datum result) is null)
            {
                row.Set(column.Key, result.ToJson(type));
            }
            else
            {
                row.Set(column.Key, column.Value);
            }
        }
    }

    private static JsonObject Copy(JsonObject source)
    {
        var copy = new JsonObject();
        foreach (KeyValuePair<string, JsonValue> member in source)
        {
            copy.Add(member.Key, member.Value);
        }

        return copy;
    }

    /// <summary>Rewrites ["uuid", X] for restored rows X as ["named-uuid", name], so references survive.</summary>
    private static JsonValue NameReferences(JsonValue value, Dictionary<string, string> names)
    {
        if (value is not JsonArray array)
        {
            return value;
        }

        if (array.Count == 2 && array[0] is JsonString { Value: "uuid" } && array[1] is JsonString uuid && names.TryGetValue(uuid.Value, out string? name))
        {
            return new JsonArray("named-uuid", name);
        }

        var copy = new JsonArray();
        foreach (JsonValue item in array)
        {
            copy.Add(NameReferences(item, names));
        }

        return copy;
    }
}
