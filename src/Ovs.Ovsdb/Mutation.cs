// Upstream: ovsdb/mutation.c, struct ovsdb_mutation (OVS 3.1)
//
// One mutation (RFC 7047 section 5.1 <mutation>): [column, mutator, value]. Parsing checks, in order: shape,
// column existence, mutability, mutator name, that the mutator fits the column type, then the value against a
// type derived from the column's:
// - arithmetic (+= -= *= /= %=) needs an integer or real scalar or set (not %= on reals); the value is one
//   unconstrained atom, and the column's constraints are checked on the results instead;
// - insert/delete need a set or map; the value may have 0 up to the column's maximum elements (any number for
//   delete), and for a map, delete also accepts a set of keys.
// Applying arithmetic mutates every element, checks the constraints, then rejects a result with duplicates;
// insert/delete check that the resulting element count fits the column.
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>The mutators of RFC 7047 section 5.1.</summary>
public enum Mutator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Insert,
    Delete,
}

/// <summary>One parsed mutation of a column.</summary>
public sealed partial class Mutation
{
    private static readonly string[] s_names = ["+=", "-=", "*=", "/=", "%=", "insert", "delete"];

    public Mutation(ColumnSchema column, Mutator mutator, Datum arg, OvsdbType argType)
    {
        Column = column;
        Mutator = mutator;
        Arg = arg;
        ArgType = argType;
    }

    public ColumnSchema Column { get; }

    public Mutator Mutator { get; }

    public Datum Arg { get; }

    /// <summary>The type <see cref="Arg"/> was parsed with (derived from the column type; see the file comment).</summary>
    public OvsdbType ArgType { get; }

    public static string MutatorName(Mutator mutator) => s_names[(int)mutator];

    public static bool TryParseMutator(string name, out Mutator mutator)
    {
        int i = Array.IndexOf(s_names, name);
        mutator = i < 0 ? Mutator.Add : (Mutator)i;
        return i >= 0;
    }

    public JsonArray ToJson() => new(Column.Name, MutatorName(Mutator), Arg.ToJson(ArgType));

    /// <summary>Parses one mutation of a column of <paramref name="table"/>. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(TableSchema table, JsonValue json, IOvsdbSymbolTable? symbols, out Mutation? mutation)
    {
        try
        {
            mutation = FromJson(table, json, symbols);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            mutation = null;
            return e.Error;
        }
    }

    internal static Mutation FromJson(TableSchema table, JsonValue json, IOvsdbSymbolTable? symbols)
    {
        if (json is not JsonArray { Count: 3 } array || array[0] is not JsonString columnName || array[1] is not JsonString mutatorName)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, null, "Parse error in mutation."));
        }

        ColumnSchema column = table.GetColumn(columnName.Value) ?? throw new OvsdbErrorException(OvsdbError.SyntaxError(
            json, OvsdbErrorTags.UnknownColumn, $"No column {columnName.Value} in table {table.Name}."));
        if (!column.Mutable)
        {
            throw new OvsdbErrorException(OvsdbError.SyntaxError(json, OvsdbErrorTags.ConstraintViolation,
                $"Cannot mutate immutable column {column.Name} in table {table.Name}."));
        }

        if (!TryParseMutator(mutatorName.Value, out Mutator mutator))
        {
            throw new OvsdbErrorException(new OvsdbError(OvsdbErrorTags.UnknownMutator, $"No mutator named {mutatorName.Value}."));
        }

        OvsdbType type = column.Type;
        if (mutator is Mutator.Insert or Mutator.Delete)
        {
            if (!type.IsSet && !type.IsMap)
            {
                throw TypeMismatch(json, mutator, column);
            }

            type = type.WithCounts(0, mutator == Mutator.Delete ? OvsdbType.Unlimited : type.Max);
            OvsdbError? error = Datum.TryFromJson(array[2], type, symbols, out Datum arg);
            if (error is not null && type.IsMap && mutator == Mutator.Delete)
            {
                type = type.WithValue(BaseType.Void);
                error = Datum.TryFromJson(array[2], type, symbols, out arg);
            }

            return error is null ? new Mutation(column, mutator, arg, type) : throw new OvsdbErrorException(error);
        }

        if ((!type.IsScalar && !type.IsSet) || type.Key.Type is not (AtomicType.Integer or AtomicType.Real)
            || (mutator == Mutator.Modulo && type.Key.Type == AtomicType.Real))
        {
            throw TypeMismatch(json, mutator, column);
        }

        type = new OvsdbType(type.Key.WithoutConstraints());
        return new Mutation(column, mutator, Datum.FromJson(array[2], type, symbols), type);
    }

    private static OvsdbErrorException TypeMismatch(JsonValue json, Mutator mutator, ColumnSchema column) =>
        new(OvsdbError.SyntaxError(json, null,
            $"Type mismatch: \"{MutatorName(mutator)}\" operator may not be applied to column {column.Name} of type {column.Type.ToEnglish()}."));
}
