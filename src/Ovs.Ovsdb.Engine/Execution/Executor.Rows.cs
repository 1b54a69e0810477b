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

    /// <summary>Parses the "where" member, fetched earlier with the operation's other members.</summary>
    private static OvsdbError? ParseCondition(OperationContext context, Table table, JsonValue? where, out Condition condition)
    {
        condition = Condition.Empty;
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

    /// <summary>
    /// The default value of each column an insert leaves out must satisfy the column's constraints (for example an
    /// integer column with "minInteger": 1 cannot default to 0); the first column, in schema order, that fails
    /// gives the error.
    /// </summary>
    private static OvsdbError? CheckDefaults(Table table, List<(ColumnSchema Column, Datum Value)> values)
    {
        foreach (ColumnSchema column in table.Schema.Columns)
        {
            if (!column.IsImplicit
                && !values.Exists(v => v.Column == column)
                && Datum.Default(column.Type).CheckConstraints(column.Type) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// A "select" whose "columns" leave out _uuid returns each distinct combination of the selected values once
    /// (rows that are identical in those columns collapse into the first of them).
    /// </summary>
    private static List<Row> Distinct(List<Row> rows, IReadOnlyList<ColumnSchema>? columns)
    {
        if (columns is null || columns.Any(c => c.Index == 0) || rows.Count < 2)
        {
            return rows;
        }

        var seen = new HashSet<IndexKey>();
        var distinct = new List<Row>(rows.Count);
        foreach (Row row in rows)
        {
            if (seen.Add(new IndexKey([.. columns.Select(c => row.Values[c.Index])])))
            {
                distinct.Add(row);
            }
        }

        return distinct;
    }

    /// <summary>
    /// Orders rows by the "sort" columns, ascending, each compared in upstream's datum order (element count first,
    /// then the atoms). The sort is stable; upstream leaves the order of rows that tie unspecified.
    /// </summary>
    private static List<Row> SortRows(List<Row> rows, IReadOnlyList<ColumnSchema>? sort)
    {
        if (sort is null || sort.Count == 0 || rows.Count < 2)
        {
            return rows;
        }

        return [.. rows.OrderBy(row => row, Comparer<Row>.Create((a, b) =>
        {
            foreach (ColumnSchema column in sort)
            {
                int c = a.Values[column.Index].CompareTo(b.Values[column.Index]);
                if (c != 0)
                {
                    return c;
                }
            }

            return 0;
        }))];
    }
}
