// Upstream: lib/table.c, the HTML layout (OVS 3.1)
using System.Text;

namespace Ovs.Cli.Tables;

public sealed partial class TablePrinter
{
    private const int UuidLength = 36;

    private void FormatHtml(StringBuilder sb, Table table)
    {
        sb.Append("<table border=1>\n");
        if (table.Caption is not null)
        {
            sb.Append("    <caption>");
            AppendHtmlEscaped(sb, table.Caption);
            sb.Append("</caption>\n");
        }

        if (Style.Headings)
        {
            sb.Append("  <tr>\n");
            foreach (string heading in table.Headings)
            {
                AppendHtmlCell(sb, "th", heading);
            }

            sb.Append("  </tr>\n");
        }

        for (int y = 0; y < table.RowCount; y++)
        {
            sb.Append("  <tr>\n");
            for (int x = 0; x < table.Headings.Count; x++)
            {
                string text = CellText(table, y, x);
                if (table.Headings[x] == "_uuid")
                {
                    // The row's own UUID becomes the anchor that links in other cells point to.
                    sb.Append("    <td><a name=\"");
                    AppendHtmlEscaped(sb, text);
                    sb.Append("\">");
                    AppendHtmlEscaped(sb, text.Length > 8 ? text[..8] : text);
                    sb.Append("</a></td>\n");
                }
                else
                {
                    AppendHtmlCell(sb, "td", text);
                }
            }

            sb.Append("  </tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static void AppendHtmlCell(StringBuilder sb, string element, string text)
    {
        sb.Append("    <").Append(element).Append('>');
        int i = 0;
        while (i < text.Length)
        {
            if (IsUuidAt(text, i))
            {
                sb.Append("<a href=\"#").Append(text, i, UuidLength).Append("\">").Append(text, i, 8).Append("</a>");
                i += UuidLength;
            }
            else
            {
                AppendHtmlEscaped(sb, text.AsSpan(i, 1));
                i++;
            }
        }

        sb.Append("</").Append(element).Append(">\n");
    }

    /// <summary>True if a UUID in its 8-4-4-4-12 hex form starts at <paramref name="i"/>.</summary>
    internal static bool IsUuidAt(string text, int i)
    {
        if (text.Length - i < UuidLength)
        {
            return false;
        }

        for (int k = 0; k < UuidLength; k++)
        {
            char c = text[i + k];
            bool ok = k is 8 or 13 or 18 or 23 ? c == '-' : char.IsAsciiHexDigit(c);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendHtmlEscaped(StringBuilder sb, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            _ = c switch
            {
                '&' => sb.Append("&amp;"),
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '"' => sb.Append("&quot;"),
                _ => sb.Append(c),
            };
        }
    }
}
