// Upstream: lib/table.c, table_print() (OVS 3.1)
//
// Renders tables in the five --format layouts, byte for byte as upstream prints them:
//  - table: one line per row, columns separated by one space and padded to the widest cell (the heading counts
//    only when headings are shown), the last column unpadded, a dashes line under the headings;
//  - list: "heading<padding to 20>: value" lines, one record per row, blank lines between records;
//  - html: a <table border=1> with an optional <caption>, escaping &<>" and linking every UUID it sees to the
//    row anchor created by a column headed "_uuid";
//  - csv: RFC 4180 style, quoting a cell that contains a comma, a double quote or a line break;
//  - json: one {"caption","data","headings"} object per table (cells as JSON).
// The printer remembers how many tables it has printed, because the table, list and csv layouts separate
// consecutive tables with a blank line. One printer per output stream; not thread-safe.
using System.Text;
using Ovs.Json;

namespace Ovs.Cli.Tables;

public sealed partial class TablePrinter(TableStyle style, TextWriter output)
{
    private int _tablesPrinted;

    public TableStyle Style { get; } = style;

    public void Print(Table table)
    {
        var sb = new StringBuilder();
        if (_tablesPrinted++ > 0 && Style.Format is TableFormat.Table or TableFormat.List or TableFormat.Csv)
        {
            sb.Append('\n');
        }

        if (table.Timestamp is { } time && Style.Format != TableFormat.Json)
        {
            sb.Append(FormatTimestamp(time)).Append('\n');
        }

        switch (Style.Format)
        {
            case TableFormat.Table:
                FormatTable(sb, table);
                break;
            case TableFormat.List:
                FormatList(sb, table);
                break;
            case TableFormat.Html:
                FormatHtml(sb, table);
                break;
            case TableFormat.Csv:
                FormatCsv(sb, table);
                break;
            default:
                FormatJson(sb, table);
                break;
        }

        output.Write(sb.ToString());
    }

    /// <summary>Upstream's timestamp layout, "YYYY-MM-DD HH:MM:SS.mmm" in UTC.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);

    private string CellText(Table table, int row, int column) => table.GetCell(row, column).ToText(Style.CellFormat);

    private void FormatTable(StringBuilder sb, Table table)
    {
        if (table.Caption is not null)
        {
            sb.Append(table.Caption).Append('\n');
        }

        // As upstream: a column is as wide as its widest cell, at most --max-column-width, but never narrower than
        // its heading (printed whole); cells are cut to the column's width.
        int columns = table.Headings.Count;
        var texts = new string[table.RowCount, columns];
        var widths = new int[columns];
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < table.RowCount; y++)
            {
                texts[y, x] = CellText(table, y, x);
                widths[x] = Math.Max(widths[x], Width(texts[y, x]));
            }

            if (Style.MaxColumnWidth > 0)
            {
                widths[x] = Math.Min(widths[x], Style.MaxColumnWidth);
            }

            if (Style.Headings)
            {
                widths[x] = Math.Max(widths[x], Width(table.Headings[x]));
            }
        }

        if (Style.Headings)
        {
            AppendLine(sb, widths, x => table.Headings[x]);
            AppendLine(sb, widths, x => new string('-', widths[x]));
        }

        for (int y = 0; y < table.RowCount; y++)
        {
            AppendLine(sb, widths, x => Cut(texts[y, x], widths[x]));
        }
    }

    // Upstream measures cells in bytes, so a non-ASCII character widens its column by its UTF-8 length.
    private static int Width(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>The longest prefix of <paramref name="text"/> at most <paramref name="width"/> bytes long.</summary>
    private static string Cut(string text, int width)
    {
        if (Width(text) <= width)
        {
            return text;
        }

        int length = Math.Min(text.Length, width);
        while (length > 0 && Width(text[..length]) > width)
        {
            length--;
        }

        return text[..length];
    }

    // Every cell is padded to its column's width, then the line loses its trailing spaces, so a row whose last
    // cells are empty ends after its last non-empty cell.
    private static void AppendLine(StringBuilder sb, int[] widths, Func<int, string> text)
    {
        int start = sb.Length;
        for (int x = 0; x < widths.Length; x++)
        {
            string s = text(x);
            if (x > 0)
            {
                sb.Append(' ');
            }

            sb.Append(s).Append(' ', widths[x] - Width(s));
        }

        int end = sb.Length;
        while (end > start && sb[end - 1] == ' ')
        {
            end--;
        }

        sb.Length = end;
        sb.Append('\n');
    }

    private void FormatList(StringBuilder sb, Table table)
    {
        if (table.Caption is not null)
        {
            sb.Append(table.Caption).Append('\n');
        }

        for (int y = 0; y < table.RowCount; y++)
        {
            if (y > 0)
            {
                sb.Append('\n');
            }

            for (int x = 0; x < table.Headings.Count; x++)
            {
                if (Style.Headings)
                {
                    sb.Append(table.Headings[x].PadRight(20)).Append(": ");
                }

                sb.Append(CellText(table, y, x)).Append('\n');
            }
        }
    }

    private void FormatCsv(StringBuilder sb, Table table)
    {
        if (table.Caption is not null)
        {
            sb.Append(table.Caption).Append('\n');
        }

        if (Style.Headings)
        {
            AppendCsvLine(sb, table.Headings.Count, x => table.Headings[x]);
        }

        for (int y = 0; y < table.RowCount; y++)
        {
            AppendCsvLine(sb, table.Headings.Count, x => CellText(table, y, x));
        }
    }

    private static void AppendCsvLine(StringBuilder sb, int columns, Func<int, string> text)
    {
        for (int x = 0; x < columns; x++)
        {
            if (x > 0)
            {
                sb.Append(',');
            }

            string s = text(x);
            if (s.AsSpan().IndexOfAny("\",\r\n") >= 0)
            {
                sb.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(s);
            }
        }

        sb.Append('\n');
    }

    private void FormatJson(StringBuilder sb, Table table)
    {
        var obj = new JsonObject();
        if (table.Caption is not null)
        {
            obj.Add("caption", table.Caption);
        }

        if (table.Timestamp is { } time)
        {
            obj.Add("time", FormatTimestamp(time));
        }

        var headings = new JsonArray();
        foreach (string heading in table.Headings)
        {
            headings.Add(heading);
        }

        var data = new JsonArray();
        for (int y = 0; y < table.RowCount; y++)
        {
            var row = new JsonArray();
            for (int x = 0; x < table.Headings.Count; x++)
            {
                row.Add(table.GetCell(y, x).ToJson());
            }

            data.Add(row);
        }

        obj.Add("data", data);
        obj.Add("headings", headings);
        JsonWriteOptions options = JsonWriteOptions.Sort | (Style.Pretty ? JsonWriteOptions.Pretty : JsonWriteOptions.None);
        JsonWriter.Write(sb, obj, options);
        sb.Append('\n');
    }
}
