// Upstream: ovsdb/execution.c, ovsdb_execute_insert/select/update/mutate/delete() (OVS 3.1); RFC 7047 5.2.1-5.2.5
using Ovs.Json;
using Ovs.Ovsdb.Engine.Rbac;

namespace Ovs.Ovsdb.Engine.Execution;

internal static partial class Executor
{
    private static OvsdbError? Insert(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        JsonValue? rowJson = parser.Member("row", MemberTypes.Object);
        JsonValue? uuidName = parser.Member("uuid-name", MemberTypes.Id | MemberTypes.Optional);
        JsonValue? uuidJson = parser.Member("uuid", MemberTypes.String | MemberTypes.Optional);
        if (parser.Error is not null || table is null || rowJson is null)
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

        OvsdbError? rowError = ParseRow(context, table, rowJson, out List<(ColumnSchema Column, Datum Value)> values)
            ?? CheckDefaults(table, values);
        if (rowError is not null)
        {
            return rowError;
        }

        if (context.Rbac is { } rbac && !rbac.MayInsert(table, NewRow(table, uuid, values)))
        {
            return PermissionError(rbac, $"prohibit row insertion into table \"{table.Name}\".");
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
        // Every member is fetched (and type-checked) before any is interpreted: a malformed or unexpected member is
        // reported in preference to an error inside "where", "columns" or "sort", as upstream does.
        Table? table = ParseTable(context, parser);
        JsonValue? whereJson = parser.Member("where", MemberTypes.Array);
        JsonValue? columnsJson = parser.Member("columns", MemberTypes.Array | MemberTypes.Optional);
        JsonValue? sortJson = parser.Member("sort", MemberTypes.Array | MemberTypes.Optional);
        if (parser.Error is not null || table is null)
        {
            return parser.Error;
        }

        IReadOnlyList<ColumnSchema>? columns = null;
        IReadOnlyList<ColumnSchema>? sort = null;
        OvsdbError? error = ParseCondition(context, table, whereJson, out Condition condition)
            ?? (columnsJson is null ? null : table.Schema.TryParseColumnSet(columnsJson, out columns))
            ?? (sortJson is null ? null : table.Schema.TryParseColumnSet(sortJson, out sort));
        if (error is not null)
        {
            return error;
        }

        var rows = new JsonArray();
        foreach (Row row in SortRows(Distinct(Query(context, table, condition), columns), sort))
        {
            rows.Add(row.ToJson(columns));
        }

        result.Add("rows", rows);
        return null;
    }

    private static OvsdbError? Update(OperationContext context, OvsdbParser parser, JsonObject result)
    {
        Table? table = ParseTable(context, parser);
        JsonValue? whereJson = parser.Member("where", MemberTypes.Array);
        JsonValue? rowJson = parser.Member("row", MemberTypes.Object);
        if (parser.Error is not null || table is null || rowJson is null)
        {
            return parser.Error;
        }

        List<(ColumnSchema Column, Datum Value)> values = [];
        OvsdbError? error = ParseCondition(context, table, whereJson, out Condition condition)
            ?? ParseRow(context, table, rowJson, out values);
        if (error is not null)
        {
            return error;
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
        if (context.Rbac is { } rbac && !rbac.MayModify(table, rows, values.ConvertAll(v => v.Column)))
        {
            return PermissionError(rbac, $"prohibit modification of table \"{table.Name}\".");
        }

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
        JsonValue? whereJson = parser.Member("where", MemberTypes.Array);
        JsonValue? mutationsJson = parser.Member("mutations", MemberTypes.Array);
        if (parser.Error is not null || table is null || mutationsJson is null)
        {
            return parser.Error;
        }

        if (ParseCondition(context, table, whereJson, out Condition condition) is { } whereError)
        {
            return whereError;
        }

        if (MutationSet.TryFromJson(table.Schema, mutationsJson, context.Symbols, out MutationSet mutations) is { } parseError)
        {
            return parseError;
        }

        List<Row> rows = Query(context, table, condition);
        if (context.Rbac is { } rbac && !rbac.MayModify(table, rows, MutatedColumns(mutations)))
        {
            return PermissionError(rbac, $"prohibit mutate operation on table \"{table.Name}\".");
        }

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
        JsonValue? whereJson = parser.Member("where", MemberTypes.Array);
        if (parser.Error is not null || table is null)
        {
            return parser.Error;
        }

        if (ParseCondition(context, table, whereJson, out Condition condition) is { } error)
        {
            return error;
        }

        List<Row> rows = Query(context, table, condition);
        if (context.Rbac is { } rbac && !rbac.MayDelete(table, rows))
        {
            return PermissionError(rbac, $"prohibit row deletion from table \"{table.Name}\".");
        }

        foreach (Row row in rows)
        {
            context.Transaction.Delete(table, row);
        }

        result.Add("count", rows.Count);
        return null;
    }

    // The row an insert would add, defaults filled in, for the RBAC authorization check before it is added.
    private static Row NewRow(Table table, Guid uuid, List<(ColumnSchema Column, Datum Value)> values)
    {
        Row row = Row.CreateDefault(table.Schema, uuid);
        foreach ((ColumnSchema column, Datum value) in values)
        {
            if (!column.IsImplicit)
            {
                row.Values[column.Index] = value;
            }
        }

        return row;
    }

    private static List<ColumnSchema> MutatedColumns(MutationSet mutations)
    {
        var columns = new List<ColumnSchema>(mutations.Mutations.Count);
        foreach (Mutation mutation in mutations.Mutations)
        {
            columns.Add(mutation.Column);
        }

        return columns;
    }

    // Upstream prints a missing client ID with printf's "(null)".
    private static OvsdbError PermissionError(RbacPolicy rbac, string prohibition) =>
        new(OvsdbErrorTags.PermissionError, $"RBAC rules for client \"{rbac.ClientId ?? "(null)"}\" role \"{rbac.Role}\" {prohibition}");
}
