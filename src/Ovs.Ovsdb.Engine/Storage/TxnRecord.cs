// Upstream: ovsdb/file.c, ovsdb_file_txn_to_json() and ovsdb_file_txn_from_json() (OVS 3.1); format in ovsdb(5)
//
// A transaction record is an object with one member per changed table, mapping row UUIDs to null (deleted) or
// to an object of column values, plus "_date" (ms since the epoch), an optional "_comment" and, in records
// written since OVS 2.14, "_is_diff": true. In a diff record a modified row lists each changed column as a datum
// diff (see Datum.Diff) if the column can hold several elements, or as its new value if it holds at most one;
// inserted rows always list full values of their non-default columns. Only persistent
// columns are stored. A snapshot (compaction) record is the same shape without "_is_diff", every row an insert.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Storage;

internal static class TxnRecord
{
    /// <summary>The diff record for <paramref name="changes"/>, or null if nothing persistent changed.</summary>
    public static JsonObject? FromChanges(TxnChanges changes, long dateMs)
    {
        var record = new JsonObject { { "_date", dateMs } };
        bool any = false;
        foreach (TableChanges table in changes.Tables)
        {
            var rows = new JsonObject();
            foreach (RowChange change in table.Rows)
            {
                if (change.New is null)
                {
                    rows.Add(Atom.UuidToString(change.Uuid), JsonValue.Null);
                }
                else if (change.Old is null)
                {
                    rows.Add(Atom.UuidToString(change.Uuid), FullRow(change.New));
                }
                else if (DiffRow(change) is { } diff)
                {
                    rows.Add(Atom.UuidToString(change.Uuid), diff);
                }
            }

            if (rows.Count > 0)
            {
                record.Add(table.Table.Name, rows);
                any = true;
            }
        }

        if (!any)
        {
            return null;
        }

        if (changes.Comment is not null)
        {
            record.Add("_comment", changes.Comment);
        }

        record.Add("_is_diff", true);
        return record;
    }

    /// <summary>
    /// A record holding every row of <paramref name="database"/> as an insert. Marked "_is_diff" when
    /// <paramref name="isDiff"/>, as upstream writes clustered snapshots (every row being new, both readings agree).
    /// </summary>
    public static JsonObject Snapshot(Database database, long dateMs, string? comment, bool isDiff = false)
    {
        var record = new JsonObject { { "_date", dateMs } };
        foreach (Table table in database.Tables)
        {
            if (table.Count == 0)
            {
                continue;
            }

            var rows = new JsonObject();
            foreach (Row row in table.Rows)
            {
                rows.Add(Atom.UuidToString(row.Uuid), FullRow(row));
            }

            record.Add(table.Name, rows);
        }

        if (comment is not null)
        {
            record.Add("_comment", comment);
        }

        if (isDiff)
        {
            record.Add("_is_diff", true);
        }

        return record;
    }

    /// <summary>
    /// Adds the row changes of a record to <paramref name="transaction"/>. Errors describe records that do not
    /// fit the schema or the data (deleting or modifying a missing row).
    /// </summary>
    public static OvsdbError? Replay(Transaction transaction, JsonObject record)
    {
        bool isDiff = record["_is_diff"] is { } flag && flag.Type == JsonType.True;
        foreach (KeyValuePair<string, JsonValue> member in record)
        {
            if (member.Key.StartsWith('_'))
            {
                continue;
            }

            Table? table = transaction.Database.GetTable(member.Key);
            if (table is null)
            {
                return OvsdbError.SyntaxError(record, OvsdbErrorTags.UnknownTable, $"No table named {member.Key}.");
            }

            if (member.Value is not JsonObject rows)
            {
                return OvsdbError.SyntaxError(member.Value, null, "object expected");
            }

            foreach (KeyValuePair<string, JsonValue> rowMember in rows)
            {
                if (ReplayRow(transaction, table, rowMember.Key, rowMember.Value, isDiff) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static OvsdbError? ReplayRow(Transaction transaction, Table table, string uuidText, JsonValue json, bool isDiff)
    {
        if (!Atom.TryParseUuid(uuidText, out Guid uuid))
        {
            return OvsdbError.SyntaxError(JsonValue.String(uuidText), null, $"\"{uuidText}\" is not a valid UUID");
        }

        Row? existing = transaction.Find(table, uuid);
        if (json.IsNull)
        {
            if (existing is null)
            {
                return OvsdbError.SyntaxError(json, null, $"transaction deletes row {uuid} that does not exist");
            }

            transaction.Delete(table, existing);
            return null;
        }

        if (json is not JsonObject columns)
        {
            return OvsdbError.SyntaxError(json, null, "row must be JSON object");
        }

        Row row = existing is null ? transaction.Insert(table, uuid) : transaction.Modify(table, existing);
        foreach (KeyValuePair<string, JsonValue> member in columns)
        {
            ColumnSchema? column = table.Schema.GetColumn(member.Key);
            if (column is null)
            {
                return OvsdbError.SyntaxError(columns, OvsdbErrorTags.UnknownColumn, $"No column {member.Key} in table {table.Name}.");
            }

            if (column.IsImplicit)
            {
                continue;
            }

            // A diff may hold more elements than the column allows (e.g. replacing a set element), so parse it
            // with unlimited size and let ApplyDiff check the result. Columns with a single value (at most one
            // element) are stored as their new value, diff or not.
            bool applyDiff = existing is not null && isDiff && column.Type.IsComposite;
            OvsdbType type = applyDiff ? column.Type.WithCounts(0, OvsdbType.Unlimited) : column.Type;
            if (Datum.TryFromJson(member.Value, type, null, out Datum value) is { } parseError)
            {
                return parseError;
            }

            if (applyDiff)
            {
                if (Datum.ApplyDiff(row.Values[column.Index], value, column.Type, out Datum applied) is { } diffError)
                {
                    return diffError;
                }

                value = applied;
            }

            row.Values[column.Index] = value;
        }

        return null;
    }

    private static JsonObject FullRow(Row row)
    {
        var json = new JsonObject();
        foreach (ColumnSchema column in row.Schema.UserColumns)
        {
            Datum value = row.Values[column.Index];
            if (column.Persistent && !value.IsDefault(column.Type))
            {
                json.Add(column.Name, value.ToJson(column.Type));
            }
        }

        return json;
    }

    private static JsonObject? DiffRow(RowChange change)
    {
        JsonObject? json = null;
        foreach (ColumnSchema column in change.New!.Schema.UserColumns)
        {
            if (!change.Changed[column.Index] || !column.Persistent)
            {
                continue;
            }

            // ovsdb-server(7): "For columns with single value, the difference is the value of the new column";
            // that includes optional values (at most one element), which upstream also stores whole.
            Datum newValue = change.New.Values[column.Index];
            json ??= [];
            json.Add(column.Name, column.Type.IsComposite
                ? Datum.Diff(change.Old!.Values[column.Index], newValue, column.Type).ToJson(column.Type.WithCounts(0, OvsdbType.Unlimited))
                : newValue.ToJson(column.Type));
        }

        return json;
    }
}
