// Upstream: lib/db-ctl-base.c, ctl_get_db_cmd_usage() and ctl_list_db_tables_usage() (OVS 3.1)
//
// The parts of a db-ctl program's --help that the engine owns: the generic database commands, and how rows of
// each table may be named (derived from the front end's row-id rules).
using System.Text;
using Ovs.Ovsdb;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    /// <summary>The "Database commands:" block of --help (each line ends with a newline).</summary>
    public static string DbCommandsUsage =>
        """
        Database commands:
          list TBL [REC]              list RECord (or all records) in TBL
          find TBL CONDITION...       list records satisfying CONDITION in TBL
          get TBL REC COL[:KEY]       print values of COLumns in RECord in TBL
          set TBL REC COL[:KEY]=VALUE set COLumn values in RECord in TBL
          add TBL REC COL [KEY=]VALUE add (KEY=)VALUE to COLumn in RECord in TBL
          remove TBL REC COL [KEY=]VALUE  remove (KEY=)VALUE from COLumn
          clear TBL REC COL           clear values from COLumn in RECord in TBL
          create TBL COL[:KEY]=VALUE  create and initialize new record
          destroy TBL REC             delete RECord from TBL
          wait-until TBL REC [COL[:KEY]=VALUE]  wait until condition is true
        Potentially unsafe database commands require --force option.

        """;

    /// <summary>How rows of each table may be named, as upstream derives it from the row-id table.</summary>
    public string TablesUsage()
    {
        var s = new StringBuilder("Database commands may reference a row in each table in the following ways:\n");
        foreach (TableSchema table in SortedTables)
        {
            s.Append("  ").Append(table.Name).Append(':');
            s.Append("\n    by UUID");
            if (table.MaxRows == 1)
            {
                s.Append("\n    as \".\"");
            }

            foreach (CtlRowId id in RowIds(table))
            {
                s.Append("\n    ");
                if (id.UuidColumn is not null)
                {
                    s.Append("via \"").Append(id.UuidColumn).Append('"');
                    if (id.NameTable != table.Name)
                    {
                        s.Append(" of ").Append(id.NameTable);
                    }

                    s.Append(" with matching \"").Append(id.NameColumn);
                    if (id.Key is not null)
                    {
                        s.Append(':').Append(id.Key);
                    }

                    s.Append('"');
                }
                else
                {
                    s.Append("by \"").Append(id.NameColumn);
                    if (id.Key is not null)
                    {
                        s.Append(':').Append(id.Key);
                    }

                    s.Append('"');
                }
            }

            s.Append('\n');
        }

        return s.ToString();
    }
}
