// Upstream: ovsdb/execution.c, ovsdb_execute_wait/commit/abort/comment/assert() (OVS 3.1); RFC 7047 5.2.6-5.2.10
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Execution;

internal static partial class Executor
{
    private static OvsdbError? Wait(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        JsonValue? whereJson = parser.Member("where", MemberTypes.Array);
        JsonValue? columnsJson = parser.Member("columns", MemberTypes.Array | MemberTypes.Optional);
        JsonValue? untilJson = parser.Member("until", MemberTypes.String);
        JsonValue? rowsJson = parser.Member("rows", MemberTypes.Array);
        JsonValue? timeoutJson = parser.Member("timeout", MemberTypes.Integer | MemberTypes.Optional);
        if (parser.Error is not null || table is null || untilJson is null || rowsJson is not JsonArray expectedRows)
        {
            return parser.Error;
        }

        if (ParseCondition(context, table, whereJson, out Condition condition) is { } whereError)
        {
            return whereError;
        }

        IReadOnlyList<ColumnSchema> columns = [.. table.Schema.UserColumns];
        if (columnsJson is not null && table.Schema.TryParseColumnSet(columnsJson, out columns) is { } columnsError)
        {
            return columnsError;
        }

        string until = untilJson.AsString();
        if (until is not ("==" or "!="))
        {
            return OvsdbError.SyntaxError(untilJson, null, "\"until\" must be \"==\" or \"!=\"");
        }

        long? timeout = timeoutJson?.AsInteger();
        if (timeout < 0)
        {
            return OvsdbError.SyntaxError(timeoutJson, null, "timeout must be nonnegative");
        }

        var expected = new HashSet<IndexKey>();
        foreach (JsonValue rowJson in expectedRows)
        {
            if (ParseRow(context, table, rowJson, out List<(ColumnSchema Column, Datum Value)> values) is { } rowError)
            {
                return rowError;
            }

            var key = new Datum[columns.Count];
            for (int i = 0; i < columns.Count; i++)
            {
                key[i] = Datum.Default(columns[i].Type);
                foreach ((ColumnSchema column, Datum value) in values)
                {
                    if (column == columns[i])
                    {
                        key[i] = value;
                    }
                }
            }

            expected.Add(new IndexKey(key));
        }

        var actual = new HashSet<IndexKey>();
        foreach (Row row in Query(context, table, condition))
        {
            actual.Add(new IndexKey([.. columns.Select(c => row.Values[c.Index])]));
        }

        bool equal = actual.SetEquals(expected);
        if (equal == (until == "=="))
        {
            return null;
        }

        if (timeout == 0)
        {
            return new OvsdbError(OvsdbErrorTags.TimedOut, "\"where\" clause test failed");
        }

        if (!context.Options.TriggersSupported)
        {
            return new OvsdbError(OvsdbErrorTags.NotSupported, "triggers not supported");
        }

        if (timeout is { } ms)
        {
            if (context.Options.ElapsedMs >= ms)
            {
                // Upstream reports the time actually waited, not the timeout (ovsdb-server 3.1 says "after 304 ms" for 300).
                return new OvsdbError(OvsdbErrorTags.TimedOut, $"\"wait\" timed out after {context.Options.ElapsedMs} ms");
            }

            context.RetryAfterMs = Math.Min(context.RetryAfterMs ?? long.MaxValue, ms);
        }
        else
        {
            context.WaitForever = true;
        }

        return null;
    }

    private static OvsdbError? Commit(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        if (parser.Member("durable", MemberTypes.Boolean) is { } durable)
        {
            context.Durable |= durable.AsBoolean();
        }

        return parser.Error;
    }

    private static OvsdbError? Abort(OperationContext context, OvsdbParser parser, JsonObject result) =>
        parser.Error ?? new OvsdbError(OvsdbErrorTags.Aborted, "aborted by request");

    private static OvsdbError? Comment(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        if (parser.Member("comment", MemberTypes.String) is JsonString comment)
        {
            context.Transaction.AddComment(comment.Value);
        }

        return parser.Error;
    }

    private static OvsdbError? Assert(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        if (parser.Member("lock", MemberTypes.Id) is not JsonString lockName)
        {
            return parser.Error;
        }

        bool owned = context.Options.IsLockOwned?.Invoke(lockName.Value) ?? false;
        return owned ? null : new OvsdbError(OvsdbErrorTags.NotOwner, $"Asserted lock {lockName.Value} not held.");
    }
}
