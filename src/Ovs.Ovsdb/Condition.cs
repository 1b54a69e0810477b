// Upstream: ovsdb/condition.c, struct ovsdb_condition (OVS 3.1)
//
// A condition is the conjunction of its clauses; an empty condition matches every row. Clauses are kept sorted
// in upstream's order (function, column, argument) so that two conditions with the same clauses compare equal
// and serialize the same way whatever order the client wrote them in.
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>A parsed "where" condition over one table.</summary>
public sealed class Condition
{
    public static readonly Condition Empty = new([]);

    private readonly Clause[] _clauses;

    public Condition(IEnumerable<Clause> clauses)
    {
        _clauses = [.. clauses];
        Array.Sort(_clauses);
    }

    public IReadOnlyList<Clause> Clauses => _clauses;

    /// <summary>True if the condition matches every row (no clauses, or only "true" clauses).</summary>
    public bool IsTrue => Array.TrueForAll(_clauses, c => c.Function == ConditionFunction.True);

    /// <summary>True if some clause is the constant false, so no row can match.</summary>
    public bool IsFalse => Array.Exists(_clauses, c => c.Function == ConditionFunction.False);

    /// <summary>Parses a JSON array of clauses for <paramref name="table"/>. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(TableSchema table, JsonValue json, IOvsdbSymbolTable? symbols, out Condition condition)
    {
        condition = Empty;
        if (json is not JsonArray array)
        {
            return OvsdbError.SyntaxError(json, null, "Parse error in condition.");
        }

        try
        {
            var clauses = new List<Clause>(array.Count);
            foreach (JsonValue clause in array)
            {
                clauses.Add(Clause.FromJson(table, clause, symbols));
            }

            condition = new Condition(clauses);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            return e.Error;
        }
    }

    /// <summary>Evaluates against a row whose column values are indexed by <see cref="ColumnSchema.Index"/>.</summary>
    public bool Evaluate(ReadOnlySpan<Datum> fields)
    {
        foreach (Clause clause in _clauses)
        {
            if (!clause.Evaluate(clause.Column is null ? Datum.EmptySet : fields[clause.Column.Index]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Evaluates against a row given as a column-to-value lookup.</summary>
    public bool Evaluate(Func<ColumnSchema, Datum> getField)
    {
        foreach (Clause clause in _clauses)
        {
            if (!clause.Evaluate(clause.Column is null ? Datum.EmptySet : getField(clause.Column)))
            {
                return false;
            }
        }

        return true;
    }

    public JsonArray ToJson()
    {
        var json = new JsonArray();
        foreach (Clause clause in _clauses)
        {
            json.Add(clause.ToJson());
        }

        return json;
    }
}
