// Upstream: lib/table.h, struct table_style (OVS 3.1)
namespace Ovs.Cli.Tables;

/// <summary>The overall layout selected by <c>--format</c>.</summary>
public enum TableFormat
{
    Table,
    List,
    Html,
    Csv,
    Json,
}

/// <summary>How a cell holding OVSDB data is rendered, as selected by <c>--data</c>.</summary>
public enum CellFormat
{
    /// <summary>The OVSDB display syntax ("[a, b]", "{k=v}", quoted strings where needed).</summary>
    String,

    /// <summary>Elements separated by spaces, strings never quoted.</summary>
    Bare,

    /// <summary>The RFC 7047 JSON notation.</summary>
    Json,
}

/// <summary>The output style shared by every program that prints tables. Mutable while options are parsed.</summary>
public sealed class TableStyle
{
    public TableFormat Format { get; set; } = TableFormat.Table;

    public CellFormat CellFormat { get; set; } = CellFormat.String;

    /// <summary>Print the heading row (false with <c>--no-headings</c> or <c>--bare</c>).</summary>
    public bool Headings { get; set; } = true;

    /// <summary>Truncate cells and headings to this many characters in the table format; 0 for no limit.</summary>
    public int MaxColumnWidth { get; set; }

    /// <summary>Pretty-print JSON output (<c>--pretty</c>).</summary>
    public bool Pretty { get; set; }
}
