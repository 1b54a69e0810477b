// Upstream: lib/db-ctl-base.c, cmd_show() (OVS 3.1)
//
// "show" prints a tree: the rows of the first show table, and under each row its non-default columns, following
// references into other show tables (each table at most once along a path, so cycles end). Map columns whose
// values refer to a show table with a name column print "key=name" lines.
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Idl;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    private void PreShow(CtlContext ctx)
    {
        foreach (CtlShowTable show in ShowTables!)
        {
            ctx.Idl.RegisterTable(show.Table);
            if (show.WeakRefTable is not null)
            {
                ctx.Idl.RegisterTable(show.WeakRefTable);
            }
        }
    }

    private void Show(CtlContext ctx)
    {
        if (ShowTables is not { Count: > 0 } tables)
        {
            return;
        }

        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (IdlRow row in Rows(ctx, Schema.GetTable(tables[0].Table)!))
        {
            ShowRow(ctx, row, 0, shown);
        }
    }

    private CtlShowTable? FindShowTable(string name)
    {
        foreach (CtlShowTable show in ShowTables!)
        {
            if (show.Table == name)
            {
                return show;
            }
        }

        return null;
    }

    private void ShowRow(CtlContext ctx, IdlRow row, int level, HashSet<string> shown)
    {
        CtlShowTable? show = FindShowTable(row.Table.Name);
        TableSchema? table = Schema.GetTable(row.Table.Name);
        System.Text.StringBuilder output = ctx.Output;
        output.Append(' ', level * 4);
        if (show?.NameColumn is { } nameColumnName && table is not null)
        {
            ColumnSchema nameColumn = table.GetColumn(nameColumnName)!;
            output.Append(show.Table).Append(' ').Append(Read(row, nameColumn).ToDisplayString(nameColumn.Type));
        }
        else
        {
            output.Append(row.Uuid.ToString());
        }

        output.Append('\n');
        if (show is null || table is null || !shown.Add(show.Table))
        {
            return;
        }

        foreach (string columnName in show.Columns)
        {
            ColumnSchema column = table.GetColumn(columnName)!;
            Datum datum = Read(row, column);
            OvsdbType type = column.Type;
            if (type.Key.RefTableName is { } keyRef)
            {
                if (FindShowTable(keyRef) is { } refShow)
                {
                    TableSchema refTable = Schema.GetTable(refShow.Table)!;
                    foreach (Atom key in datum.Keys)
                    {
                        if (FindRow(ctx, refTable, key.AsUuid) is { } refRow)
                        {
                            ShowRow(ctx, refRow, level + 1, shown);
                        }
                    }

                    continue;
                }
            }
            else if (type.IsMap && type.Value.RefTableName is { } valueRef
                && FindShowTable(valueRef) is { NameColumn: { } refName } refShow)
            {
                TableSchema refTable = Schema.GetTable(refShow.Table)!;
                ColumnSchema refNameColumn = refTable.GetColumn(refName)!;
                output.Append(' ', (level + 1) * 4).Append(column.Name).Append(":\n");
                for (int j = 0; j < datum.Count; j++)
                {
                    output.Append(' ', (level + 2) * 4).Append(datum.Keys[j].ToDisplayString()).Append('=');
                    if (FindRow(ctx, refTable, datum.Values[j].AsUuid) is { } refRow)
                    {
                        output.Append(Read(refRow, refNameColumn).ToDisplayString(refNameColumn.Type));
                    }
                    else
                    {
                        output.Append("\"<null>\"");
                    }

                    output.Append('\n');
                }

                continue;
            }

            if (!datum.IsDefault(type))
            {
                output.Append(' ', (level + 1) * 4).Append(column.Name).Append(": ").Append(datum.ToDisplayString(type)).Append('\n');
            }
        }

        ShowWeakRefs(ctx, show, row, level);
        shown.Remove(show.Table);
    }

    private void ShowWeakRefs(CtlContext ctx, CtlShowTable show, IdlRow row, int level)
    {
        if (show.WeakRefTable is not { } tableName || show.WeakRefNameColumn is not { } nameName || show.WeakRefColumn is not { } refName)
        {
            return;
        }

        TableSchema table = Schema.GetTable(tableName)!;
        ColumnSchema nameColumn = table.GetColumn(nameName)!;
        ColumnSchema refColumn = table.GetColumn(refName)!;
        foreach (IdlRow referrer in Rows(ctx, table))
        {
            Datum refs = Read(referrer, refColumn);
            if (refs.Count > 0 && refs.Keys[0].AsUuid == row.Uuid)
            {
                ctx.Output.Append(' ', (level + 1) * 4).Append(table.Name).Append(' ')
                    .Append(Read(referrer, nameColumn).ToDisplayString(nameColumn.Type)).Append('\n');
            }
        }
    }
}
