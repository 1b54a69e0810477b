// Upstream: ovsdb/execution.c, ovsdb_execute_insert/select/update/mutate/delete() (OVS 3.1); RFC 7047 5.2.1-5.2.5
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Execution;

internal static partial class Executor
{
    private static OvsdbError? Insert(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        JsonValue? rowJson = parser.Member("row", MemberTypes.Object | MemberTypes.Optional);
        JsonValue? uuidName = parser.Member("uuid-name", MemberTypes.Id | MemberTypes.Optional);
        JsonValue? uuidJson = parser.Member("uuid", MemberTypes.String | MemberTypes.Optional);
        if (parser.Error is not null || table is null)
        {
            return parser.Error;
        }

        Guid? explicitUuid = null;
        if (uuidJson is JsonString uuidText)
        {
            if (!Atom.TryParseUuid(uuidText.Value, out Guid parsed))
            {
                return OvsdbError.SyntaxError(uuidJson, null, "bad uuid");
            }

            explicitUuid = parsed;
        }

        Guid uuid;
        if (uuidName is JsonString name)
        {
            if (context.Symbols.TryGet(name.Value, out SymbolTable.Symbol? existing) && existing!.CreatedByInsert)
            {
                return OvsdbError.SyntaxError(
                    uuidName, OvsdbErrorTags.DuplicateUuidName, "This \"uuid-name\" appeared on an earlier \"insert\" operation.");
            }

            SymbolTable.Symbol symbol = explicitUuid is { } given ? context.Symbols.Bind(name.Value, given) : context.Symbols.Get(name.Value);
            symbol.CreatedByInsert = true;
            uuid = symbol.Uuid;
        }
        else
        {
            uuid = explicitUuid ?? context.Database.NewUuid();
        }

        if (explicitUuid is not null
            && (context.Transaction.Find(table, uuid) is not null || context.Transaction.IsDeleted(table, uuid)))
        {
            return OvsdbError.SyntaxError(
                uuidJson,
                "duplicate uuid",
                "This UUID would duplicate a UUID already present within the table or deleted within the same transaction.");
        }

        List<(ColumnSchema Column, Datum Value)> values = [];
        if (rowJson is not null && ParseRow(context, table, rowJson, out values) is { } rowError)
        {
            return rowError;
        }

        Row row = context.Transaction.Insert(table, uuid);
        foreach ((ColumnSchema column, Datum value) in values)
        {
            // The implicit columns are the engine's to set; a client's "_uuid" or "_version" is ignored.
            if (!column.IsImplicit)
            {
                row.Values[column.Index] = value;
            }
        }

        result.Add("uuid", new JsonArray("uuid", Atom.UuidToString(uuid)));
        return null;
    }

    private static OvsdbError? Select(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        if (table is null)
        {
            return parser.Error;
        }

        if (ParseWhere(context, parser, table, out Condition condition) is { } whereError)
        {
            return whereError;
        }

        IReadOnlyList<ColumnSchema>? columns = null;
        if (parser.Member("columns", MemberTypes.Array | MemberTypes.Optional) is { } columnsJson
            && table.Schema.TryParseColumnSet(columnsJson, out columns) is { } columnsError)
        {
            return columnsError;
        }

        if (parser.Error is not null)
        {
            return parser.Error;
        }

        var rows = new JsonArray();
        foreach (Row row in Query(context, table, condition))
        {
            rows.Add(row.ToJson(columns));
        }

        result.Add("rows", rows);
        return null;
    }

    private static OvsdbError? Update(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        if (table is null)
        {
            return parser.Error;
        }

        if (ParseWhere(context, parser, table, out Condition condition) is { } whereError)
        {
            return whereError;
        }

        JsonValue? rowJson = parser.Member("row", MemberTypes.Object);
        if (parser.Error is not null || rowJson is null)
        {
            return parser.Error;
        }

        if (ParseRow(context, table, rowJson, out List<(ColumnSchema Column, Datum Value)> values) is { } rowError)
        {
            return rowError;
        }

        foreach ((ColumnSchema column, _) in values)
        {
            if (!column.Mutable || column.IsImplicit)
            {
                return OvsdbError.SyntaxError(
                    context.Operation, OvsdbErrorTags.ConstraintViolation, $"Cannot update immutable column {column.Name} in table {table.Name}.");
            }
        }

        List<Row> rows = Query(context, table, condition);
        foreach (Row row in rows)
        {
            Row writable = context.Transaction.Modify(table, row);
            foreach ((ColumnSchema column, Datum value) in values)
            {
                writable.Values[column.Index] = value;
            }
        }

        result.Add("count", rows.Count);
        return null;
    }

    private static OvsdbError? Mutate(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        if (table is null)
        {
            return parser.Error;
        }

        if (ParseWhere(context, parser, table, out Condition condition) is { } whereError)
        {
            return whereError;
        }

        JsonValue? mutationsJson = parser.Member("mutations", MemberTypes.Array);
        if (parser.Error is not null || mutationsJson is null)
        {
            return parser.Error;
        }

        if (MutationSet.TryFromJson(table.Schema, mutationsJson, context.Symbols, out MutationSet mutations) is { } parseError)
        {
            return parseError;
        }

        List<Row> rows = Query(context, table, condition);
        foreach (Row row in rows)
        {
            Row writable = context.Transaction.Modify(table, row);
            if (mutations.Apply(writable.Values) is { } error)
            {
                return error;
            }
        }

        result.Add("count", rows.Count);
        return null;
    }

    private static OvsdbError? Delete(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        if (table is null)
        {
            return parser.Error;
        }

        if (ParseWhere(context, parser, table, out Condition condition) is { } whereError)
        {
            return whereError;
        }

        if (parser.Error is not null)
        {
            return parser.Error;
        }

        List<Row> rows = Query(context, table, condition);
        foreach (Row row in rows)
        {
            context.Transaction.Delete(table, row);
        }

        result.Add("count", rows.Count);
        return null;
    }
}
