// Upstream: ovsdb/condition.c, ovsdb_condition_match_any_clause(), and ovsdb/monitor.c conditions (OVS 3.1)
//
// A monitor's "where" is a disjunction: a row is reported if it matches any clause (ovsdb-server(7) 4.1.12,
// checked against Debian's server: [["i","==",1],["s","==","b"]] reports both rows). This differs from a
// transaction's "where", which is a conjunction, so only the parsing is shared with Ovs.Ovsdb.Condition. An absent
// or empty "where" and any "true" clause match every row; "false" clauses match nothing.
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>The condition of one monitored table.</summary>
internal sealed class MonitorCondition
{
    public static readonly MonitorCondition True = new(null);

    private readonly Clause[]? _clauses;

    private MonitorCondition(Clause[]? clauses)
    {
        _clauses = clauses;
    }

    /// <summary>True if every row matches; such tables can share whole table-updates between monitors.</summary>
    public bool IsTrue => _clauses is null;

    /// <summary>Parses a "where" array (null when absent) for <paramref name="table"/>.</summary>
    public static OvsdbError? Parse(JsonValue? where, TableSchema table, out MonitorCondition condition)
    {
        condition = True;
        if (where is null)
        {
            return null;
        }

        OvsdbError? error = Condition.TryFromJson(table, where, null, out Condition parsed);
        if (error is not null)
        {
            return error;
        }

        if (parsed.Clauses.Count == 0 || parsed.Clauses.Any(c => c.Function == ConditionFunction.True))
        {
            return null;
        }

        condition = new MonitorCondition([.. parsed.Clauses.Where(c => !c.IsConstant)]);
        return null;
    }

    public bool Matches(MonitorRow row)
    {
        if (_clauses is null)
        {
            return true;
        }

        foreach (Clause clause in _clauses)
        {
            if (clause.Evaluate(row[clause.Column!]))
            {
                return true;
            }
        }

        return false;
    }
}
