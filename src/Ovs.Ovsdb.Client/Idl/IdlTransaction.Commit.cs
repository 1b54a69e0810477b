// Upstream: lib/ovsdb-idl.c, ovsdb_idl_txn_commit() and ovsdb_idl_txn_process_reply() (OVS 3.1)
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Ovsdb.Client.Idl;

public sealed partial class IdlTransaction
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_idl");
    private static readonly VlogRateLimit s_rateLimit = new(1, 5);

    private (JsonArray Operations, bool AnyUpdates, int IncrementIndex, List<(Guid Dummy, int Index)> Inserts) BuildOperations()
    {
        var ops = new JsonArray(JsonValue.String(_idl.Database));
        var inserts = new List<(Guid, int)>();
        bool anyUpdates = false;

        foreach (IdlRow row in _rows)
        {
            if (row.Verified is not { Count: > 0 } verified || row.IsNew)
            {
                continue;
            }

            var columns = new JsonArray();
            var values = new JsonObject();
            foreach (int index in verified)
            {
                ColumnSchema column = row.Table.Schema.Columns[index];
                columns.Add(column.Name);
                values.Add(column.Name, row.GetCommitted(column).ToJson(column.Type));
            }

            ops.Add(new JsonObject
            {
                { "op", "wait" }, { "table", row.Table.Name }, { "timeout", 0 }, { "where", WhereUuid(row.Uuid) },
                { "until", "==" }, { "columns", columns }, { "rows", new JsonArray(values) },
            });
        }

        foreach (IdlTable table in _idl.Tables)
        {
            if (table.Schema.MaxRows != 1)
            {
                continue;
            }

            int initial = table.CommittedCount;
            int final = 0;
            foreach (IdlRow unused in table.Rows)
            {
                final++;
            }

            if (initial == 0 && final == 1)
            {
                ops.Add(new JsonObject
                {
                    { "op", "wait" }, { "table", table.Name }, { "where", new JsonArray() }, { "timeout", 0 },
                    { "until", "==" }, { "rows", new JsonArray() },
                });
            }
        }

        foreach (IdlRow row in _rows)
        {
            TableSchema schema = row.Table.Schema;
            if (row.IsDeleted)
            {
                if (!row.IsNew && schema.IsRoot)
                {
                    ops.Add(new JsonObject { { "op", "delete" }, { "table", schema.Name }, { "where", WhereUuid(row.Uuid) } });
                    anyUpdates = true;
                }

                continue;
            }

            if (row.New is null)
            {
                anyUpdates |= AddMutations(ops, row);
                continue;
            }

            var op = new JsonObject { { "op", row.IsNew ? "insert" : "update" }, { "table", schema.Name } };
            if (!row.IsNew)
            {
                op.Add("where", WhereUuid(row.Uuid));
            }
            else
            {
                anyUpdates = true;
                op.Add(row.PersistUuid ? "uuid" : "uuid-name", row.PersistUuid ? row.Uuid.ToString() : RowName(row.Uuid));
                inserts.Add((row.Uuid, ops.Count - 1));
            }

            var values = new JsonObject();
            for (int i = 2; i < row.New.Length; i++)
            {
                if (row.New[i] is not { } value)
                {
                    continue;
                }

                ColumnSchema column = schema.Columns[i];
                if (!row.IsNew || !value.IsDefault(column.Type))
                {
                    values.Add(column.Name, Substitute(value.ToJson(column.Type)));
                    anyUpdates |= !row.IsNew && !row.GetCommitted(column).Equals(value);
                }
            }

            op.Add("row", values);
            if (row.IsNew || values.Count > 0)
            {
                ops.Add(op);
            }

            anyUpdates |= AddMutations(ops, row);
        }

        int incrementIndex = -1;
        if (_incrementRow is { } incRow && _incrementColumn is { } incColumn && (anyUpdates || _incrementForce))
        {
            anyUpdates = true;
            incrementIndex = ops.Count - 1;
            ops.Add(new JsonObject
            {
                { "op", "mutate" }, { "table", incRow.Table.Name }, { "where", Substitute(WhereUuid(incRow.Uuid)) },
                { "mutations", new JsonArray((JsonValue)new JsonArray(incColumn.Name, "+=", 1)) },
            });
            ops.Add(new JsonObject
            {
                { "op", "select" }, { "table", incRow.Table.Name }, { "where", Substitute(WhereUuid(incRow.Uuid)) },
                { "columns", new JsonArray(incColumn.Name) },
            });
        }

        if (_comments.Count > 0)
        {
            ops.Add(new JsonObject { { "op", "comment" }, { "comment", string.Join('\n', _comments) } });
        }

        if (DryRun)
        {
            ops.Add(new JsonObject { { "op", "abort" } });
        }

        return (ops, anyUpdates, incrementIndex, inserts);
    }

    private bool AddMutations(JsonArray ops, IdlRow row)
    {
        if (BuildMutations(row) is not { } mutate)
        {
            return false;
        }

        ops.Add(mutate);
        return true;
    }

    private static JsonArray WhereUuid(Guid uuid) =>
        new((JsonValue)new JsonArray("_uuid", "==", new JsonArray("uuid", uuid.ToString())));

    /// <summary>The named-uuid upstream gives an inserted row: "row" and its temporary UUID with '_' for '-'.</summary>
    private static string RowName(Guid uuid) => "row" + uuid.ToString().Replace('-', '_');

    /// <summary>Replaces references to rows this transaction inserts by their named-uuid.</summary>
    private JsonValue Substitute(JsonValue json)
    {
        if (json is JsonObject obj)
        {
            var objectCopy = new JsonObject();
            foreach (KeyValuePair<string, JsonValue> member in obj)
            {
                objectCopy.Add(member.Key, Substitute(member.Value));
            }

            return objectCopy;
        }

        if (json is not JsonArray array)
        {
            return json;
        }

        if (array.Count == 2 && array[0] is JsonString { Value: "uuid" } && array[1] is JsonString text
            && Guid.TryParse(text.Value, out Guid uuid) && IsInsertedHere(uuid, out IdlRow? row) && !row.PersistUuid)
        {
            return new JsonArray("named-uuid", RowName(uuid));
        }

        var copy = new JsonArray();
        foreach (JsonValue item in array)
        {
            copy.Add(Substitute(item));
        }

        return copy;
    }

    private bool IsInsertedHere(Guid uuid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IdlRow? row)
    {
        foreach (IdlRow candidate in _rows)
        {
            if (candidate.IsNew && candidate.Uuid == uuid)
            {
                row = candidate;
                return true;
            }
        }

        row = null;
        return false;
    }

    private IdlTxnStatus ProcessReply(RpcReply reply, int incrementIndex, List<(Guid Dummy, int Index)> inserts)
    {
        if (reply.ConnectionError != 0)
        {
            return IdlTxnStatus.TryAgain;
        }

        if (reply.Error is { } error)
        {
            if (error is JsonString { Value: "canceled" })
            {
                return IdlTxnStatus.TryAgain;
            }

            Error = SortedJson(error);
            return IdlTxnStatus.Error;
        }

        if (reply.Result is not JsonArray results)
        {
            Error = SortedJson(reply.Result ?? JsonValue.Null);
            return IdlTxnStatus.Error;
        }

        int hard = 0;
        int soft = 0;
        int locks = 0;
        foreach (JsonValue result in results)
        {
            if (result.Type == JsonType.Null)
            {
                soft++;
            }
            else if (result is JsonObject obj)
            {
                if (obj["error"] is not { } opError)
                {
                    continue;
                }

                switch (opError)
                {
                    case JsonString { Value: "timed out" or "unknown database" }:
                        soft++;
                        break;
                    case JsonString { Value: "not owner" }:
                        locks++;
                        break;
                    case JsonString { Value: "aborted" }:
                        break;
                    case JsonString { Value: "not allowed" }:
                        hard++;
                        Error ??= SortedJson(obj);
                        break;
                    default:
                        hard++;
                        Error ??= SortedJson(obj);
                        if (opError is JsonString)
                        {
                            s_log.Warn(s_rateLimit, $"transaction error: {Error}");
                        }
                        else
                        {
                            s_log.Warn(s_rateLimit, "\"error\" in reply is not JSON string");
                        }

                        break;
                }
            }
            else
            {
                hard++;
                Error ??= SortedJson(result);
                s_log.Warn(s_rateLimit, "operation reply is not JSON null or object");
            }
        }

        if (hard == 0 && soft == 0 && locks == 0)
        {
            if (incrementIndex >= 0 && !ReadIncrement(results, incrementIndex))
            {
                hard++;
            }

            foreach ((Guid dummy, int index) in inserts)
            {
                if (index >= 0 && index < results.Count && results[index] is JsonObject insertResult
                    && insertResult["uuid"] is JsonArray { Count: 2 } uuidJson && uuidJson[1] is JsonString uuidText
                    && Guid.TryParse(uuidText.Value, out Guid real))
                {
                    _inserted[dummy] = real;
                }
                else
                {
                    hard++;
                }
            }
        }

        return hard > 0 ? IdlTxnStatus.Error : locks > 0 ? IdlTxnStatus.NotLocked : soft > 0 ? IdlTxnStatus.TryAgain : IdlTxnStatus.Success;
    }

    private bool ReadIncrement(JsonArray results, int index)
    {
        if (index + 1 < results.Count && results[index + 1] is JsonObject select
            && select["rows"] is JsonArray { Count: 1 } rows && rows[0] is JsonObject row
            && row[_incrementColumn!.Name] is JsonInteger value)
        {
            IncrementNewValue = value.Value;
            return true;
        }

        return false;
    }

    private static string SortedJson(JsonValue json) => json.ToString(JsonWriteOptions.Sort);
}
