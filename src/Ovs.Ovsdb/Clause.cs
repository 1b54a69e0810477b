// Upstream: ovsdb/condition.c, struct ovsdb_clause (OVS 3.1)
//
// One clause of a "where" condition (RFC 7047 section 5.1 <condition>): [column, function, value], or the
// boolean constants true/false that upstream accepts as whole clauses. The value's type is the column's type,
// relaxed per function: relational functions (<, <=, >=, >) need an integer or real scalar or optional scalar
// column and exactly one value; "includes" accepts any number of elements up to the column's maximum;
// "excludes" accepts any number at all.
//
// Evaluation: relational functions are false when the column is empty (an absent optional value), otherwise
// compare the single atoms; ==, != compare whole datums; includes/excludes test set inclusion/disjointness, with
// map elements being key-value pairs. These rules reproduce ovsdb-server's results on optional scalars too.
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>The functions of a condition clause, in upstream's order (which is also the clause sort order).</summary>
public enum ConditionFunction
{
    False,
    True,
    Equal,
    Includes,
    LessOrEqual,
    Less,
    GreaterOrEqual,
    Greater,
    Excludes,
    NotEqual,
}

/// <summary>One parsed clause of a condition.</summary>
public sealed class Clause : IComparable<Clause>
{
    private static readonly string[] s_names = ["false", "true", "==", "includes", "<=", "<", ">=", ">", "excludes", "!="];

    public Clause(ConditionFunction function, ColumnSchema? column, Datum arg)
    {
        Function = function;
        Column = column;
        Arg = arg;
    }

    public ConditionFunction Function { get; }

    /// <summary>The column tested; null for the constant clauses true and false.</summary>
    public ColumnSchema? Column { get; }

    public Datum Arg { get; }

    public bool IsConstant => Function is ConditionFunction.True or ConditionFunction.False;

    public static string FunctionName(ConditionFunction function) => s_names[(int)function];

    /// <summary>Parses a function name. The constants "true" and "false" are not names a clause may use.</summary>
    public static bool TryParseFunction(string name, out ConditionFunction function)
    {
        int i = Array.IndexOf(s_names, name);
        function = i < 0 ? ConditionFunction.False : (ConditionFunction)i;
        return i > (int)ConditionFunction.True;
    }

    /// <summary>Evaluates against the value of <see cref="Column"/> (ignored for constant clauses).</summary>
    public bool Evaluate(Datum field)
    {
        switch (Function)
        {
            case ConditionFunction.True:
                return true;
            case ConditionFunction.False:
                return false;
            case ConditionFunction.Equal:
                return field.Equals(Arg);
            case ConditionFunction.NotEqual:
                return !field.Equals(Arg);
            case ConditionFunction.Includes:
                return Datum.IncludesAll(Arg, field);
            case ConditionFunction.Excludes:
                return Datum.ExcludesAll(Arg, field);
            default:
                if (field.IsEmpty || Arg.IsEmpty)
                {
                    return false;
                }

                int c = Atom.Compare(field.Keys[0], Arg.Keys[0]);
                return Function switch
                {
                    ConditionFunction.Less => c < 0,
                    ConditionFunction.LessOrEqual => c <= 0,
                    ConditionFunction.Greater => c > 0,
                    _ => c >= 0,
                };
        }
    }

    public JsonValue ToJson() => Column is null
        ? JsonValue.Boolean(Function == ConditionFunction.True)
        : new JsonArray(Column.Name, FunctionName(Function), Arg.ToJson(Column.Type));

    /// <summary>Upstream's clause order: by function, then column position, then argument.</summary>
    public int CompareTo(Clause? other)
    {
        if (other is null)
        {
            return 1;
        }

        if (Function != other.Function)
        {
            return Function.CompareTo(other.Function);
        }

        int a = Column?.Index ?? -1;
        int b = other.Column?.Index ?? -1;
        return a != b ? a.CompareTo(b) : Arg.CompareTo(other.Arg);
    }

    internal static Clause FromJson(TableSchema table, JsonValue json, IOvsdbSymbolTable? symbols)
    {
        if (json.IsBoolean)
        {
            return new Clause(json.AsBoolean() ? ConditionFunction.True : ConditionFunction.False, null, Datum.EmptySet);
        }

        if (json is not JsonArray { Count: 3 } array || array[0] is not JsonString columnName || array[1] is not JsonString functionName)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "Parse error in condition."));
        }

        ColumnSchema column = table.GetColumn(columnName.Value) ?? throw new OvsdbErrorException(OvsdbError.SyntaxError(
            json, OvsdbErrorTags.UnknownColumn, $"No column {columnName.Value} in table {table.Name}."));
        if (!TryParseFunction(functionName.Value, out ConditionFunction function))
        {
            throw new OvsdbErrorException(new OvsdbError(OvsdbErrorTags.UnknownFunction, $"No function named {functionName.Value}."));
        }

        OvsdbType type = column.Type;
        switch (function)
        {
            case ConditionFunction.Less or ConditionFunction.LessOrEqual or ConditionFunction.Greater or ConditionFunction.GreaterOrEqual:
                if (!(type.IsScalar || type.IsOptionalScalar) || type.Key.Type is not (AtomicType.Integer or AtomicType.Real))
                {
                    throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null,
                        $"Type mismatch: \"{functionName.Value}\" operator may not be applied to column {column.Name} of type {type.ToEnglish()}."));
                }

                type = type.WithCounts(1, 1);
                break;
            case ConditionFunction.Includes when !type.IsScalar:
                type = type.WithCounts(0, type.Max);
                break;
            case ConditionFunction.Excludes when !type.IsScalar:
                type = type.WithCounts(0, OvsdbType.Unlimited);
                break;
        }

        return new Clause(function, column, Datum.FromJson(array[2], type, symbols));
    }
}
