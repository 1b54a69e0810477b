// Upstream: ovsdb/execution.c, parse_table(), parse_row() and the query helpers (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Execution;

internal static partial class Executor
{
    private static Table? ParseTable(OperationContext context, OvsdbParser parser)
    {
        if (parser.Member("table", MemberTypes.Id) is not JsonString name)
        {
            return null;
        }

        Table? table = context.Database.GetTable(name.Value);
        if (table is null)
        {
            parser.RaiseError($"No table named {name.Value}.");
        }

        return table;
    }

    /// <summary>Parses a "row" object into column/value pairs (RFC 7047 section 5.1 &lt;row&gt;).</summary>
    private static OvsdbError? ParseRow(
        OperationContext context, Table table, JsonValue json, out List<(ColumnSchema Column, Datum Value)> values)
    {
        values = [];
        if (json is not JsonObject row)
        {
            return OvsdbError.SyntaxError(json, null, "row must be JSON object");
        }

        foreach (KeyValuePair<string, JsonValue> member in row)
        {
            ColumnSchema? column = table.Schema.GetColumn(member.Key);
            if (column is null)
            {
                return OvsdbError.SyntaxError(json, OvsdbErrorTags.UnknownColumn, $"No column {member.Key} in table {table.Name}.");
            }

            if (Datum.TryFromJson(member.Value, column.Type, context.Symbols, out Datum datum) is { } error)
            {
                return error;
            }

            values.Add((column, datum));
        }

        return null;
    }

    private static OvsdbError? ParseWhere(OperationContext context, OvsdbParser parser, Table table, out Condition condition)
    {
        condition = Condition.Empty;
        JsonValue? where = parser.Member("where", MemberTypes.Array);
        return where is null ? null : Condition.TryFromJson(table.Schema, where, context.Symbols, out condition);
    }

    /// <summary>The rows matching <paramref name="condition"/>, as the transaction sees them.</summary>
    private static List<Row> Query(OperationContext context, Table table, Condition condition)
    {
        var matches = new List<Row>();
        if (condition.IsFalse)
        {
            return matches;
        }

        // A test of _uuid for equality names at most one row: look it up instead of scanning the table.
        foreach (Clause clause in condition.Clauses)
        {
            if (clause.Function == ConditionFunction.Equal && clause.Column?.Index == 0 && clause.Arg.Count == 1)
            {
                Row? row = context.Transaction.Find(table, clause.Arg.Keys[0].AsUuid);
                if (row is not null && condition.Evaluate(row.Values))
                {
                    matches.Add(row);
                }

                return matches;
            }
        }

        foreach (Row row in context.Transaction.Rows(table))
        {
            if (condition.Evaluate(row.Values))
            {
                matches.Add(row);
            }
        }

        return matches;
    }
}
