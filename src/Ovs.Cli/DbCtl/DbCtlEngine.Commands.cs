// Upstream: lib/db-ctl-base.c, the generic database commands (OVS 3.1)
using Ovs.Cli.Tables;
using Ovs.Common.Logging;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    private static readonly VlogModule s_log = VlogModule.Get("db_ctl_base");

    private CtlCommandSyntax[] GenericCommands() =>
    [
        new("comment", 0, int.MaxValue, "[ARG]...", null, null, null, "", CtlMode.ReadOnly),
        new("get", 2, int.MaxValue, "TABLE RECORD [COLUMN[:KEY]]...", PreGet, Get, null, "--if-exists,--id=", CtlMode.ReadOnly),
        new("list", 1, int.MaxValue, "TABLE [RECORD]...", PreList, List, null, "--if-exists,--columns=", CtlMode.ReadOnly),
        new("find", 1, int.MaxValue, "TABLE [COLUMN[:KEY]=VALUE]...", PreFind, Find, null, "--columns=", CtlMode.ReadOnly),
        new("set", 3, int.MaxValue, "TABLE RECORD COLUMN[:KEY]=VALUE...", PreSet, Set, null, "--if-exists", CtlMode.ReadWrite),
        new("add", 4, int.MaxValue, "TABLE RECORD COLUMN [KEY=]VALUE...", PreAddRemove, Add, null, "--if-exists", CtlMode.ReadWrite),
        new("remove", 4, int.MaxValue, "TABLE RECORD COLUMN KEY|VALUE|KEY=VALUE...", PreAddRemove, Remove, null, "--if-exists", CtlMode.ReadWrite),
        new("clear", 3, int.MaxValue, "TABLE RECORD COLUMN...", PreClear, Clear, null, "--if-exists", CtlMode.ReadWrite),
        new("create", 2, int.MaxValue, "TABLE COLUMN[:KEY]=VALUE...", PreCreate, Create, PostCreate, "--id=", CtlMode.ReadWrite),
        new("destroy", 1, int.MaxValue, "TABLE [RECORD]...", PreDestroy, Destroy, null, "--if-exists,--all", CtlMode.ReadWrite),
        new("wait-until", 2, int.MaxValue, "TABLE RECORD [COLUMN[:KEY]=VALUE]...", PreSet, WaitUntil, null, "", CtlMode.ReadOnly),
    ];

    private void PreGet(CtlContext ctx)
    {
        if (ctx.Options.Get("--id") is null && ctx.Argc <= 3 && !Console.IsOutputRedirected)
        {
            s_log.Warn("\"get\" command without row arguments or \"--id\" is possibly erroneous");
        }

        TableSchema table = GetTable(ctx.Argv[1]);
        PreGetTable(ctx, table);
        for (int i = 3; i < ctx.Argc; i++)
        {
            if (!IsUuidColumnName(ctx.Argv[i]))
            {
                PreParseColumnKeyValue(ctx, ctx.Argv[i], table);
            }
        }
    }

    private static bool IsUuidColumnName(string s) =>
        s.Equals("_uuid", StringComparison.OrdinalIgnoreCase) || s.Equals("-uuid", StringComparison.OrdinalIgnoreCase);

    private void Get(CtlContext ctx)
    {
        string? id = ctx.Options.Get("--id");
        bool mustExist = !ctx.Options.Contains("--if-exists");
        if (id is not null && !mustExist)
        {
            throw new CliException("--if-exists and --id may not be specified together");
        }

        TableSchema table = GetTable(ctx.Argv[1]);
        string recordId = ctx.Argv[2];
        if (GetRow(ctx, table, recordId, mustExist) is not { } row)
        {
            return;
        }

        if (id is not null)
        {
            CtlSymbol symbol = CreateSymbol(ctx.Symbols, id, out bool isNew);
            if (!isNew)
            {
                throw new CliException($"row id \"{id}\" specified on \"get\" command was used before it was defined");
            }

            symbol.Uuid = row.Uuid;
            symbol.StrongRef = true;
        }

        for (int i = 3; i < ctx.Argc; i++)
        {
            if (IsUuidColumnName(ctx.Argv[i]))
            {
                ctx.Output.Append(row.Uuid.ToString()).Append('\n');
                continue;
            }

            (ColumnSchema column, string? key, _, _) = ParseColumnKeyValue(ctx.Argv[i], table, null);
            Verify(ctx, row, column);
            Datum datum = Read(row, column);
            if (key is not null)
            {
                if (!column.Type.IsMap)
                {
                    throw new CliException($"cannot specify key to get for non-map column {column.Name}");
                }

                Atom k = ParseAtom(key, column.Type.Key, ctx.Symbols);
                if (datum.TryGetValue(k, out Atom value))
                {
                    ctx.Output.Append(value.ToDisplayString());
                }
                else if (mustExist)
                {
                    throw new CliException($"no key \"{key}\" in {table.Name} record \"{recordId}\" column {column.Name}");
                }
            }
            else
            {
                ctx.Output.Append(datum.ToDisplayString(column.Type));
            }

            ctx.Output.Append('\n');
        }
    }

    /// <summary>Creates "@name" for "--id=@name"; <paramref name="isNew"/> tells whether it was unseen before.</summary>
    public static CtlSymbol CreateSymbol(CtlSymbolTable symbols, string id, out bool isNew)
    {
        if (!id.StartsWith('@'))
        {
            throw new CliException($"row id \"{id}\" does not begin with \"@\"");
        }

        isNew = symbols.Find(id) is null;
        CtlSymbol symbol = symbols.Insert(id);
        if (symbol.Created)
        {
            throw new CliException($"row id \"{id}\" may only be specified on one --id option");
        }

        symbol.Created = true;
        return symbol;
    }

    /// <summary>The columns named by --columns (null entries stand for _uuid), or _uuid and every column.</summary>
    private ColumnSchema?[] ParseColumnNames(string? names, TableSchema table)
    {
        if (names is null)
        {
            return [null, .. SortedColumns(table)];
        }

        var columns = new List<ColumnSchema?>();
        foreach (string name in names.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            columns.Add(name.Equals("_uuid", StringComparison.OrdinalIgnoreCase) ? null : GetColumn(table, name));
        }

        if (columns.Count == 0)
        {
            throw new CliException("must specify at least one column name");
        }

        return [.. columns];
    }

    private void PreList(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        PreGetTable(ctx, table);
        ParseColumnNames(ctx.Options.Get("--columns"), table);
    }

    private static Table MakeTable(ColumnSchema?[] columns)
    {
        var table = new Table();
        foreach (ColumnSchema? column in columns)
        {
            table.AddColumn(column?.Name ?? "_uuid");
        }

        return table;
    }

    private static readonly OvsdbType s_uuidType = new(BaseType.Uuid);

    private static void ListRecord(IdlRow row, ColumnSchema?[] columns, Table output)
    {
        int r = output.AddRow();
        for (int i = 0; i < columns.Length; i++)
        {
            ColumnSchema? column = columns[i];
            (Datum datum, OvsdbType type) = column is null ? (Datum.Scalar(Atom.Uuid(row.Uuid)), s_uuidType) : (Read(row, column), column.Type);
            output.SetCell(r, i, TableCell.FromDatum(datum.ToJson(type), datum.ToDisplayString(type), datum.ToBareString(type)));
        }
    }

    private void List(CtlContext ctx)
    {
        bool mustExist = !ctx.Options.Contains("--if-exists");
        TableSchema table = GetTable(ctx.Argv[1]);
        ColumnSchema?[] columns = ParseColumnNames(ctx.Options.Get("--columns"), table);
        Table output = ctx.Table = MakeTable(columns);
        if (ctx.Argc > 2)
        {
            for (int i = 2; i < ctx.Argc; i++)
            {
                if (GetRow(ctx, table, ctx.Argv[i], mustExist) is { } row)
                {
                    ListRecord(row, columns, output);
                }
            }
        }
        else
        {
            foreach (IdlRow row in Rows(ctx, table))
            {
                ListRecord(row, columns, output);
            }
        }
    }

    private void PreFind(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        PreGetTable(ctx, table);
        ParseColumnNames(ctx.Options.Get("--columns"), table);
        for (int i = 2; i < ctx.Argc; i++)
        {
            PreParseColumnKeyValue(ctx, ctx.Argv[i], table);
        }
    }

    private void Find(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        ColumnSchema?[] columns = ParseColumnNames(ctx.Options.Get("--columns"), table);
        Table output = ctx.Table = MakeTable(columns);
        foreach (IdlRow row in Rows(ctx, table).ToList())
        {
            bool all = true;
            for (int i = 2; i < ctx.Argc && all; i++)
            {
                all = CheckCondition(ctx, table, row, ctx.Argv[i]);
            }

            if (all)
            {
                ListRecord(row, columns, output);
            }
        }
    }

    private void PreSet(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        PreGetTable(ctx, table);
        for (int i = 3; i < ctx.Argc; i++)
        {
            PreParseColumnKeyValue(ctx, ctx.Argv[i], table);
        }
    }

    private void Set(CtlContext ctx)
    {
        bool mustExist = !ctx.Options.Contains("--if-exists");
        TableSchema table = GetTable(ctx.Argv[1]);
        if (GetRow(ctx, table, ctx.Argv[2], mustExist) is not { } row)
        {
            return;
        }

        for (int i = 3; i < ctx.Argc; i++)
        {
            SetColumn(ctx, table, row, ctx.Argv[i], ctx.LastCommand);
        }

        ctx.InvalidateCache();
    }

    private void PreAddRemove(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        PreGetTable(ctx, table);
        ctx.Idl.RegisterColumns(table.Name, GetColumn(table, ctx.Argv[3]).Name);
    }

    private static string ElementNoun(OvsdbType type) => type.IsMap ? "pairs" : "values";

    private void Add(CtlContext ctx)
    {
        bool mustExist = !ctx.Options.Contains("--if-exists");
        TableSchema table = GetTable(ctx.Argv[1]);
        ColumnSchema column = GetColumn(table, ctx.Argv[3]);
        if (GetRow(ctx, table, ctx.Argv[2], mustExist) is not { } row)
        {
            return;
        }

        CheckMutable(row, column);
        OvsdbType type = column.Type;
        OvsdbType addType = type.WithCounts(1, OvsdbType.Unlimited);
        // As the last command, the additions go out as partial updates: the server then checks the size.
        Datum result = ctx.LastCommand ? Datum.Empty(type) : Read(row, column);
        for (int i = 4; i < ctx.Argc; i++)
        {
            result = result.Union(ParseDatum(ctx.Argv[i], addType, ctx.Symbols));
        }

        if (ctx.LastCommand)
        {
            ColumnSchema actual = ServerColumn(row, column);
            for (int i = 0; i < result.Count; i++)
            {
                if (type.IsMap)
                {
                    ctx.Transaction.WritePartialMap(row, actual, result.Keys[i], result.Values[i]);
                }
                else
                {
                    ctx.Transaction.WritePartialSet(row, actual, result.Keys[i]);
                }
            }

            ctx.InvalidateCache();
            return;
        }

        if ((uint)result.Count > type.Max)
        {
            throw new CliException($"\"add\" operation would put {result.Count} {ElementNoun(type)} in column {column.Name} of table {table.Name} but the maximum number is {type.Max}");
        }

        Verify(ctx, row, column);
        Write(ctx, row, column, result);
        ctx.InvalidateCache();
    }

    private void Remove(CtlContext ctx)
    {
        bool mustExist = !ctx.Options.Contains("--if-exists");
        TableSchema table = GetTable(ctx.Argv[1]);
        ColumnSchema column = GetColumn(table, ctx.Argv[3]);
        if (GetRow(ctx, table, ctx.Argv[2], mustExist) is not { } row)
        {
            return;
        }

        CheckMutable(row, column);
        OvsdbType type = column.Type;
        OvsdbType removeType = type.WithCounts(1, OvsdbType.Unlimited);
        Datum result = Read(row, column);
        for (int i = 4; i < ctx.Argc; i++)
        {
            Datum remove;
            if (Datum.TryParseString(ctx.Argv[i], removeType, ctx.Symbols, out Datum parsed) is { } error)
            {
                if (!removeType.IsMap)
                {
                    throw new CliException(error);
                }

                remove = ParseDatum(ctx.Argv[i], new OvsdbType(type.Key, null, 1, OvsdbType.Unlimited), ctx.Symbols);
            }
            else
            {
                remove = parsed;
            }

            result = result.Subtract(remove);
        }

        if ((uint)result.Count < type.Min)
        {
            throw new CliException($"\"remove\" operation would put {result.Count} {ElementNoun(type)} in column {column.Name} of table {table.Name} but the minimum number is {type.Min}");
        }

        Verify(ctx, row, column);
        Write(ctx, row, column, result);
        ctx.InvalidateCache();
    }

    private void PreClear(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        PreGetTable(ctx, table);
        for (int i = 3; i < ctx.Argc; i++)
        {
            ctx.Idl.RegisterColumns(table.Name, GetColumn(table, ctx.Argv[i]).Name);
        }
    }

    private void Clear(CtlContext ctx)
    {
        bool mustExist = !ctx.Options.Contains("--if-exists");
        TableSchema table = GetTable(ctx.Argv[1]);
        if (GetRow(ctx, table, ctx.Argv[2], mustExist) is not { } row)
        {
            return;
        }

        for (int i = 3; i < ctx.Argc; i++)
        {
            ColumnSchema column = GetColumn(table, ctx.Argv[i]);
            CheckMutable(row, column);
            if (column.Type.Min > 0)
            {
                throw new CliException($"\"clear\" operation cannot be applied to column {column.Name} of table {table.Name}, which is not allowed to be empty");
            }

            Write(ctx, row, column, Datum.Empty(column.Type));
        }

        ctx.InvalidateCache();
    }

    private void PreCreate(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        if (ctx.Options.Get("--id") is null && !table.IsRoot)
        {
            s_log.Warn($"applying \"create\" command to table {table.Name} without --id option will have no effect");
        }
    }

    private void Create(CtlContext ctx)
    {
        string? id = ctx.Options.Get("--id");
        TableSchema table = GetTable(ctx.Argv[1]);
        Guid? uuid = null;
        bool persist = false;
        if (id is not null)
        {
            if (Atom.TryParseUuid(id, out Guid given))
            {
                uuid = given;
                persist = true;
            }
            else
            {
                CtlSymbol symbol = CreateSymbol(ctx.Symbols, id, out _);
                if (table.IsRoot)
                {
                    // A root row stays even when nothing refers to it, so no "unreferenced" warning is due.
                    symbol.StrongRef = true;
                }

                uuid = symbol.Uuid;
            }
        }

        IdlRow row = Insert(ctx, table, uuid, persist);
        for (int i = 2; i < ctx.Argc; i++)
        {
            SetColumn(ctx, table, row, ctx.Argv[i]);
        }

        ctx.Output.Append(row.Uuid.ToString());
        ctx.CreatedRow = row;
    }

    private static void PostCreate(CtlContext ctx)
    {
        if (ctx.CreatedRow is { } row && ctx.Txn?.GetInsertedUuid(row) is { } real)
        {
            ctx.Output.Clear().Append(real.ToString());
        }

        ctx.Output.Append('\n');
    }

    private void PreDestroy(CtlContext ctx) => PreGetTable(ctx, GetTable(ctx.Argv[1]));

    private void Destroy(CtlContext ctx)
    {
        bool mustExist = !ctx.Options.Contains("--if-exists");
        bool all = ctx.Options.Contains("--all");
        TableSchema table = GetTable(ctx.Argv[1]);
        if (all && ctx.Argc > 2)
        {
            throw new CliException("--all and records argument should not be specified together");
        }

        if (all && !mustExist)
        {
            throw new CliException("--all and --if-exists should not be specified together");
        }

        if (!all && ctx.Argc == 2)
        {
            s_log.Warn("either --all or records argument should be specified");
            return;
        }

        if (all)
        {
            foreach (IdlRow row in Rows(ctx, table).ToList())
            {
                ctx.Transaction.Delete(row);
            }
        }
        else
        {
            for (int i = 2; i < ctx.Argc; i++)
            {
                if (GetRow(ctx, table, ctx.Argv[i], mustExist) is { } row)
                {
                    ctx.Transaction.Delete(row);
                }
            }
        }

        ctx.InvalidateCache();
    }

    private void WaitUntil(CtlContext ctx)
    {
        TableSchema table = GetTable(ctx.Argv[1]);
        if (GetRow(ctx, table, ctx.Argv[2], false) is not { } row)
        {
            ctx.TryAgain = true;
            return;
        }

        for (int i = 3; i < ctx.Argc; i++)
        {
            if (!CheckCondition(ctx, table, row, ctx.Argv[i]))
            {
                ctx.TryAgain = true;
                return;
            }
        }
    }
}
