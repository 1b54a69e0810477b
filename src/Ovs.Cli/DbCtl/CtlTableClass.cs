// Upstream: lib/db-ctl-base.h, struct ctl_row_id and struct cmd_show_table (OVS 3.1)
namespace Ovs.Cli.DbCtl;

/// <summary>
/// A way to name a row of a table on the command line besides its UUID: the row (of <paramref name="NameTable"/>)
/// whose <paramref name="NameColumn"/> (or, with <paramref name="Key"/>, that key's value in the map) equals the
/// name; with <paramref name="UuidColumn"/>, the row that column of the matching row points to.
/// </summary>
public sealed record CtlRowId(string NameTable, string NameColumn, string? Key = null, string? UuidColumn = null);

/// <summary>How the "show" command prints rows of one table.</summary>
/// <param name="Table">The table.</param>
/// <param name="NameColumn">The column printed after the table name, or null to print the UUID.</param>
/// <param name="Columns">Columns shown under the row (references are followed).</param>
/// <param name="WeakRefTable">A table whose rows point here through <paramref name="WeakRefColumn"/> and are listed.</param>
/// <param name="WeakRefNameColumn">The name column of <paramref name="WeakRefTable"/>.</param>
/// <param name="WeakRefColumn">The referencing column of <paramref name="WeakRefTable"/>.</param>
public sealed record CtlShowTable(
    string Table,
    string? NameColumn,
    string[] Columns,
    string? WeakRefTable = null,
    string? WeakRefNameColumn = null,
    string? WeakRefColumn = null);
