// Upstream: lib/table.h, TABLE_LONG_OPTIONS and table_parse_format()/table_parse_cell_format() (OVS 3.1)
using Ovs.Cli.Options;

namespace Ovs.Cli.Tables;

/// <summary>
/// The table-formatting options that ovsdb-client, ovs-vsctl and vtep-ctl share: append <see cref="Specs"/> to
/// the program's option table (they come last there, as upstream's TABLE_LONG_OPTIONS) and pass each parsed option
/// to <see cref="TryApply"/>.
/// </summary>
public static class TableOptions
{
    public const int NoHeadingsId = 0x7000;
    public const int PrettyId = 0x7001;
    public const int BareId = 0x7002;
    public const int MaxColumnWidthId = 0x7003;

    public static IReadOnlyList<OptionSpec> Specs { get; } =
    [
        OptionSpec.Both("format", 'f', OptionArgument.Required),
        OptionSpec.Both("data", 'd', OptionArgument.Required),
        OptionSpec.Long("no-headings", OptionArgument.None, NoHeadingsId),
        OptionSpec.Long("pretty", OptionArgument.None, PrettyId),
        OptionSpec.Long("bare", OptionArgument.None, BareId),
        OptionSpec.Long("max-column-width", OptionArgument.Required, MaxColumnWidthId),
    ];

    /// <summary>
    /// Applies <paramref name="option"/> to <paramref name="style"/> if it is a table option. Returns false if it is
    /// not one; throws <see cref="CliException"/> with upstream's message for a bad argument.
    /// </summary>
    public static bool TryApply(ParsedOption option, TableStyle style)
    {
        switch (option.Id)
        {
            case 'f':
                style.Format = ParseFormat(option.Argument!);
                return true;
            case 'd':
                style.CellFormat = ParseCellFormat(option.Argument!);
                return true;
            case NoHeadingsId:
                style.Headings = false;
                return true;
            case PrettyId:
                style.Pretty = true;
                return true;
            case BareId:
                style.Format = TableFormat.List;
                style.CellFormat = CellFormat.Bare;
                style.Headings = false;
                return true;
            case MaxColumnWidthId:
                style.MaxColumnWidth = AtoI(option.Argument!);
                return true;
            default:
                return false;
        }
    }

    public static TableFormat ParseFormat(string name) => name switch
    {
        "table" => TableFormat.Table,
        "list" => TableFormat.List,
        "html" => TableFormat.Html,
        "csv" => TableFormat.Csv,
        "json" => TableFormat.Json,
        _ => throw new CliException($"unknown output format \"{name}\""),
    };

    public static CellFormat ParseCellFormat(string name) => name switch
    {
        "string" => CellFormat.String,
        "bare" => CellFormat.Bare,
        "json" => CellFormat.Json,
        _ => throw new CliException($"unknown data format \"{name}\""),
    };

    /// <summary>C's atoi(): leading white space, optional sign, digits; anything else ends the number (0 if none).</summary>
    public static int AtoI(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = i < s.Length && s[i] == '-';
        if (i < s.Length && s[i] is '-' or '+')
        {
            i++;
        }

        long value = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && value <= int.MaxValue)
        {
            value = (value * 10) + (s[i++] - '0');
        }

        return (int)Math.Clamp(negative ? -value : value, int.MinValue, int.MaxValue);
    }
}
