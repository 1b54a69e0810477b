// Upstream: lib/table.c, struct table (OVS 3.1)
namespace Ovs.Cli.Tables;

/// <summary>
/// A table to print: an optional caption, column headings and rows of cells. Build it with
/// <see cref="AddColumn"/> and <see cref="AddRow"/>, fill the row's cells, then print it with a
/// <see cref="TablePrinter"/>. Not thread-safe.
/// </summary>
public sealed class Table
{
    private readonly List<string> _headings = [];
    private readonly List<TableCell?[]> _rows = [];

    public string? Caption { get; set; }

    /// <summary>When set, the time printed before the table (as <c>--timestamp</c> does), in UTC.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    public IReadOnlyList<string> Headings => _headings;

    public int RowCount => _rows.Count;

    public int AddColumn(string heading)
    {
        if (_rows.Count > 0)
        {
            throw new InvalidOperationException("columns must be added before rows");
        }

        _headings.Add(heading);
        return _headings.Count - 1;
    }

    /// <summary>Appends an empty row and returns its index.</summary>
    public int AddRow()
    {
        _rows.Add(new TableCell?[_headings.Count]);
        return _rows.Count - 1;
    }

    public void SetCell(int row, int column, TableCell cell) => _rows[row][column] = cell;

    public void SetCell(int row, int column, string text) => _rows[row][column] = TableCell.FromText(text);

    /// <summary>The cell at (row, column); an unset cell is <see cref="TableCell.Missing"/>.</summary>
    public TableCell GetCell(int row, int column) => _rows[row][column] ?? TableCell.Missing;
}
