// Upstream: lib/db-ctl-base.c, parse_column_key_value(), set_column() and check_condition() (OVS 3.1)
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    /// <summary>The comparison operators of find and wait-until, longest match wins.</summary>
    internal static readonly string[] RelationalOperators = ["=", "!=", "<", ">", "<=", ">=", "{=}", "{!=}", "{<}", "{>}", "{<=}", "{>=}", "{in}", "{not-in}"];

    private static readonly string[] s_equals = ["="];

    /// <summary>
    /// Splits "COLUMN[:KEY][OP VALUE]". With <paramref name="operators"/> null the argument must hold only a
    /// column and key; otherwise it must continue with one of the operators (the longest that matches and is
    /// followed by something) and a value.
    /// </summary>
    internal (ColumnSchema Column, string? Key, int Operator, string? Value) ParseColumnKeyValue(string arg, TableSchema table, string[]? operators)
    {
        int p = 0;
        if (Datum.ParseToken(arg, ref p, out string name) is { } tokenError)
        {
            throw new CliException(tokenError);
        }

        if (name.Length == 0)
        {
            throw new CliException($"{arg}: missing column name");
        }

        ColumnSchema column = GetColumn(table, name);
        string? key = null;
        if (p < arg.Length && arg[p] == ':')
        {
            p++;
            if (Datum.ParseToken(arg, ref p, out string keyToken) is { } keyError)
            {
                throw new CliException(keyError);
            }

            key = keyToken;
        }

        if (operators is null)
        {
            if (p < arg.Length)
            {
                throw new CliException($"{arg}: trailing garbage \"{arg[p..]}\" in argument");
            }

            return (column, key, -1, null);
        }

        int best = -1;
        int bestLength = 0;
        for (int i = 0; i < operators.Length; i++)
        {
            string op = operators[i];
            if (op.Length > bestLength && string.CompareOrdinal(arg, p, op, 0, op.Length) == 0 && p + op.Length < arg.Length)
            {
                best = i;
                bestLength = op.Length;
            }
        }

        if (best < 0)
        {
            throw new CliException(MissingOperatorError(arg, operators));
        }

        return (column, key, best, arg[(p + bestLength)..]);
    }

    private static string MissingOperatorError(string arg, string[] operators)
    {
        var s = new System.Text.StringBuilder();
        s.Append(arg).Append(": argument does not end in \"").Append(operators[0]).Append('"');
        if (operators.Length == 2)
        {
            s.Append(" or \"").Append(operators[1]).Append('"');
        }
        else if (operators.Length > 2)
        {
            int i = 1;
            for (; i < operators.Length - 1; i++)
            {
                s.Append(", \"").Append(operators[i]).Append('"');
            }

            s.Append(", or \"").Append(operators[i]).Append('"');
        }

        return s.Append(" followed by a value.").ToString();
    }

    /// <summary>The column part of "COLUMN[:KEY]..." as prerequisites check it (the column must exist).</summary>
    internal void PreParseColumnKeyValue(CtlContext ctx, string arg, TableSchema table)
    {
        int p = 0;
        if (Datum.ParseToken(arg, ref p, out string name) is { } error)
        {
            throw new CliException(error);
        }

        if (name.Length == 0)
        {
            throw new CliException($"{arg}: missing column name");
        }

        ctx.Idl.RegisterColumns(table.Name, GetColumn(table, name).Name);
    }

    public static Atom ParseAtom(string text, BaseType type, CtlSymbolTable? symbols)
    {
        if (Atom.TryParseString(text, type, symbols, out Atom atom) is { } error)
        {
            throw new CliException(error);
        }

        return atom;
    }

    public static Datum ParseDatum(string text, OvsdbType type, CtlSymbolTable? symbols)
    {
        if (Datum.TryParseString(text, type, symbols, out Datum datum) is { } error)
        {
            throw new CliException(error);
        }

        return datum;
    }

    private static void CheckMutable(IdlRow row, ColumnSchema column)
    {
        if (!column.Mutable && !row.IsNew)
        {
            throw new CliException($"cannot modify read-only column {column.Name} in table {row.Table.Name}");
        }
    }

    /// <summary>Applies "COLUMN[:KEY]=VALUE" to <paramref name="row"/> (upstream's set_column()).</summary>
    /// <remarks>
    /// With <paramref name="usePartialUpdate"/> (the last command of the line), "COLUMN:KEY=VALUE" becomes a partial
    /// map update, which the open transaction does not show to later readers.
    /// </remarks>
    public void SetColumn(CtlContext ctx, TableSchema table, IdlRow row, string arg, bool usePartialUpdate = false)
    {
        (ColumnSchema column, string? key, _, string? value) = ParseColumnKeyValue(arg, table, s_equals);
        if (value is null)
        {
            throw new CliException($"{arg}: missing value");
        }

        CheckMutable(row, column);
        if (key is not null)
        {
            if (!column.Type.IsMap)
            {
                throw new CliException($"cannot specify key to set for non-map column {column.Name}");
            }

            Atom k = ParseAtom(key, column.Type.Key, ctx.Symbols);
            Atom v = ParseAtom(value, column.Type.Value, ctx.Symbols);
            if (usePartialUpdate)
            {
                ctx.Transaction.WritePartialMap(row, ServerColumn(row, column), k, v);
                return;
            }

            Datum merged = Datum.Pair(k, v).Union(Read(row, column));
            Verify(ctx, row, column);
            Write(ctx, row, column, merged);
        }
        else
        {
            Write(ctx, row, column, ParseDatum(value, column.Type, ctx.Symbols));
        }
    }

    /// <summary>Evaluates a find/wait-until condition on <paramref name="row"/>.</summary>
    internal bool CheckCondition(CtlContext ctx, TableSchema table, IdlRow row, string arg)
    {
        (ColumnSchema column, string? key, int op, string? value) = ParseColumnKeyValue(arg, table, RelationalOperators);
        if (value is null)
        {
            throw new CliException($"{arg}: missing value");
        }

        OvsdbType type = column.Type.WithCounts(column.Type.Min, OvsdbType.Unlimited);
        Datum have = Read(row, column);
        if (key is null)
        {
            Datum want = ParseDatum(value, column.Type, ctx.Symbols);
            return Evaluate(have, want, op);
        }

        if (!column.Type.IsMap)
        {
            throw new CliException($"cannot specify key to check for non-map column {column.Name}");
        }

        Atom wantKey = ParseAtom(key, column.Type.Key, ctx.Symbols);
        var valueType = new OvsdbType(column.Type.Value, null, type.Min, type.Max);
        Datum b = ParseDatum(value, valueType, ctx.Symbols);
        bool found = have.TryGetValue(wantKey, out Atom haveValue);
        if (!found && !IsSetOperator(op))
        {
            return false;
        }

        Datum a = found ? Datum.Scalar(haveValue) : Datum.EmptySet;
        return Evaluate(a, b, op);
    }

    private static bool IsSetOperator(int op) => op >= 6;

    private static bool Evaluate(Datum a, Datum b, int op) => RelationalOperators[op] switch
    {
        "=" or "{=}" => a.CompareTo(b) == 0,
        "!=" or "{!=}" => a.CompareTo(b) != 0,
        "<" => a.CompareTo(b) < 0,
        ">" => a.CompareTo(b) > 0,
        "<=" => a.CompareTo(b) <= 0,
        ">=" => a.CompareTo(b) >= 0,
        "{<}" => b.Count > a.Count && Datum.IncludesAll(a, b),
        "{>}" => a.Count > b.Count && Datum.IncludesAll(b, a),
        "{<=}" or "{in}" => Datum.IncludesAll(a, b),
        "{>=}" => Datum.IncludesAll(b, a),
        _ => Datum.ExcludesAll(a, b),
    };
}
