// Upstream: lib/table.h, struct cell (OVS 3.1)
using Ovs.Json;

namespace Ovs.Cli.Tables;

/// <summary>
/// One cell: either plain text (shown as is in every format, as a JSON string in JSON output) or an OVSDB datum.
/// A datum cell carries its JSON notation and both of its text renderings, computed by the caller from the
/// column's type, so the formatter needs no knowledge of OVSDB types.
/// </summary>
public sealed class TableCell
{
    private readonly bool _missing;

    private TableCell(string text, string bare, JsonValue? json, bool missing = false)
    {
        Text = text;
        BareText = bare;
        Json = json;
        _missing = missing;
    }

    /// <summary>A cell that was never set: empty text, and null in JSON output.</summary>
    public static TableCell Missing { get; } = new(string.Empty, string.Empty, null, missing: true);

    /// <summary>The display-syntax text (<c>--data=string</c>), or the plain text of a text cell.</summary>
    public string Text { get; }

    /// <summary>The <c>--data=bare</c> text.</summary>
    public string BareText { get; }

    /// <summary>The datum's JSON notation, or null for a text cell.</summary>
    public JsonValue? Json { get; }

    public static TableCell FromText(string text) => new(text, text, null);

    public static TableCell FromDatum(JsonValue json, string text, string bareText) => new(text, bareText, json);

    /// <summary>The text shown for this cell under <paramref name="format"/>.</summary>
    public string ToText(CellFormat format) => format switch
    {
        CellFormat.String => Text,
        CellFormat.Bare => BareText,
        _ => Json?.ToString() ?? Text,
    };

    /// <summary>The value in JSON output: the datum, or the text as a JSON string.</summary>
    public JsonValue ToJson() => Json ?? (_missing ? JsonValue.Null : JsonValue.String(Text));
}
