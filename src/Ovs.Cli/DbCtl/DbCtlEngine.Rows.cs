// Upstream: lib/db-ctl-base.c, ctl_get_row() and get_row_by_id() (OVS 3.1)
//
// Finding rows and reading or writing their columns. Rows live in the IDL, whose tables come from the server's
// schema, while commands resolve names against the program's schema, so columns are matched by name here; a
// column the server lacks reads as its default value, as in upstream's IDL.
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    /// <summary>Replicates every column of <paramref name="table"/> and the columns that name its rows.</summary>
    public void PreGetTable(CtlContext ctx, TableSchema table)
    {
        ctx.Idl.RegisterTable(table.Name);
        foreach (CtlRowId id in RowIds(table))
        {
            ctx.Idl.RegisterColumns(id.NameTable, id.NameColumn);
            if (id.UuidColumn is not null)
            {
                ctx.Idl.RegisterColumns(id.NameTable, id.UuidColumn);
            }
        }
    }

    /// <summary>The rows of <paramref name="table"/> as the open transaction sees them, in replica order.</summary>
    public static IEnumerable<IdlRow> Rows(CtlContext ctx, TableSchema table) =>
        ctx.Idl.GetTable(table.Name)?.Rows ?? [];

    public static IdlRow? FindRow(CtlContext ctx, TableSchema table, Guid uuid) =>
        ctx.Idl.GetTable(table.Name)?.Find(uuid);

    public static Datum Read(IdlRow row, ColumnSchema column) =>
        row.Table.Schema.GetColumn(column.Name) is { } actual ? row.Get(actual) : Datum.Default(column.Type);

    public static void Verify(CtlContext ctx, IdlRow row, ColumnSchema column)
    {
        if (ctx.Txn is { } txn && row.Table.Schema.GetColumn(column.Name) is { } actual)
        {
            txn.Verify(row, actual);
        }
    }

    public static void Write(CtlContext ctx, IdlRow row, ColumnSchema column, Datum value) =>
        ctx.Transaction.Write(row, ServerColumn(row, column), value);

    /// <summary>The server's schema for <paramref name="column"/> in <paramref name="row"/>'s table.</summary>
    public static ColumnSchema ServerColumn(IdlRow row, ColumnSchema column) =>
        row.Table.Schema.GetColumn(column.Name)
            ?? throw new CliException($"column {column.Name} of table {row.Table.Name} is not in the server's schema");

    /// <summary>Inserts a row into <paramref name="table"/> in the open transaction.</summary>
    public static IdlRow Insert(CtlContext ctx, TableSchema table, Guid? uuid = null, bool persistUuid = false)
    {
        IdlTable idlTable = ctx.Idl.GetTable(table.Name)
            ?? throw new CliException($"table {table.Name} is not in the server's schema");
        return ctx.Transaction.Insert(idlTable, uuid, persistUuid);
    }

    /// <summary>
    /// Finds the row that <paramref name="recordId"/> names in <paramref name="table"/>: a UUID, "." for the only
    /// row of a table, a name by the front end's rules, or an abbreviated UUID (4 or more characters).
    /// </summary>
    public IdlRow? GetRow(CtlContext ctx, TableSchema table, string recordId, bool mustExist)
    {
        IdlRow? row = null;
        if (Atom.TryParseUuid(recordId, out Guid uuid))
        {
            row = FindRow(ctx, table, uuid);
        }

        if (row is null && recordId == ".")
        {
            using IEnumerator<IdlRow> rows = Rows(ctx, table).GetEnumerator();
            if (rows.MoveNext())
            {
                row = rows.Current;
                if (rows.MoveNext())
                {
                    row = null;
                }
            }
        }

        if (row is null)
        {
            foreach (CtlRowId id in RowIds(table))
            {
                row = GetRowById(ctx, table, id, recordId, out bool multiple);
                if (multiple)
                {
                    throw new CliException($"multiple rows in {id.NameTable} match \"{recordId}\"");
                }

                if (row is not null)
                {
                    break;
                }
            }
        }

        if (row is null && PartialUuidLength(recordId) >= 4)
        {
            foreach (IdlRow r in Rows(ctx, table))
            {
                if (r.Uuid.ToString().StartsWith(recordId, StringComparison.Ordinal))
                {
                    if (row is not null)
                    {
                        throw new CliException($"{table.Name} contains 2 or more rows whose UUIDs begin with {recordId}: at least {row.Uuid} and {r.Uuid}");
                    }

                    row = r;
                }
            }
        }

        if (mustExist && row is null)
        {
            throw new CliException($"no row \"{recordId}\" in table {table.Name}");
        }

        return row;
    }

    private IdlRow? GetRowById(CtlContext ctx, TableSchema table, CtlRowId id, string recordId, out bool multiple)
    {
        multiple = false;
        TableSchema idTable = Schema.GetTable(id.NameTable)!;
        ColumnSchema nameColumn = idTable.GetColumn(id.NameColumn)!;
        AtomicType nameType = id.Key is null ? nameColumn.Type.Key.Type : nameColumn.Type.Value.Type;
        if (nameType == AtomicType.Integer && (recordId.Length == 0 || !recordId.All(char.IsAsciiDigit)))
        {
            return null;
        }

        IdlRow? referrer = null;
        foreach (IdlRow row in Rows(ctx, idTable))
        {
            Datum datum = Read(row, nameColumn);
            Atom? name = null;
            if (id.Key is null)
            {
                if (datum.Count == 1)
                {
                    name = datum.Keys[0];
                }
            }
            else if (datum.IsMap && datum.TryGetValue(Atom.String(id.Key), out Atom value))
            {
                name = value;
            }

            if (name is { } n && RecordIdEquals(n, recordId))
            {
                if (referrer is not null)
                {
                    multiple = true;
                    return null;
                }

                referrer = row;
            }
        }

        if (referrer is null || id.UuidColumn is null)
        {
            return referrer;
        }

        ColumnSchema uuidColumn = idTable.GetColumn(id.UuidColumn)!;
        Verify(ctx, referrer, uuidColumn);
        Datum uuids = Read(referrer, uuidColumn);
        return uuids.Count == 1 ? FindRow(ctx, table, uuids.Keys[0].AsUuid) : null;
    }

    private static bool RecordIdEquals(Atom name, string recordId)
    {
        if (name.Type == AtomicType.String)
        {
            string s = name.AsString;
            return s == recordId
                || (recordId.Length >= 4 && Atom.TryParseUuid(s, out _) && s.StartsWith(recordId, StringComparison.Ordinal));
        }

        return name.AsInteger == StrToLL(recordId);
    }

    /// <summary>C's strtoll(s, NULL, 10): optional white space and sign, then digits; 0 if none.</summary>
    private static long StrToLL(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        long value = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            value = unchecked((value * 10) + (s[i] - '0'));
        }

        return negative ? -value : value;
    }

    /// <summary>The length of <paramref name="s"/> if it is a prefix of a UUID's text form, else 0.</summary>
    private static int PartialUuidLength(string s)
    {
        const string Template = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
        if (s.Length > Template.Length)
        {
            return 0;
        }

        for (int i = 0; i < s.Length; i++)
        {
            if (Template[i] == 'x' ? !char.IsAsciiHexDigit(s[i]) : s[i] != '-')
            {
                return 0;
            }
        }

        return s.Length;
    }
}
