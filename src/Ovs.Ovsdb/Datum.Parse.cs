// Upstream: lib/ovsdb-data.c, ovsdb_token_parse() and ovsdb_datum_from_string() (OVS 3.1)
//
// The command-line syntax for a whole datum (ovs-vsctl "set", "add", "create" ...): elements separated by
// commas and/or white space, optionally wrapped in [...] for a set or {...} for a map, map elements as
// key=value. Tokens end at an unquoted delimiter (one of ":=, []{}!<>"); a backslash outside quotes takes the
// next character literally, inside quotes it is kept for the JSON unescaping of the quoted string. Integer keys
// may be ranges "a-b", which expand to every integer in between (a map gives each the same value). The element
// count is checked against the type, then duplicates are rejected. Errors are upstream's plain messages; most
// start with the offending text.
using System.Globalization;
using System.Text;

namespace Ovs.Ovsdb;

public sealed partial class Datum
{
    private const string Delimiters = ":=, []{}!<>";

    /// <summary>True for the characters that end an unquoted token.</summary>
    public static bool IsTokenDelimiter(char c) => Delimiters.Contains(c, StringComparison.Ordinal);

    /// <summary>
    /// Reads one token from <paramref name="s"/> at <paramref name="position"/>, advancing past it. Returns null on
    /// success, otherwise upstream's message.
    /// </summary>
    public static string? ParseToken(string s, ref int position, out string token)
    {
        token = "";
        var sb = new StringBuilder();
        bool inQuotes = false;
        int p = position;
        while (p < s.Length)
        {
            char c = s[p++];
            if (c == '\\')
            {
                if (inQuotes)
                {
                    sb.Append('\\');
                }

                if (p >= s.Length)
                {
                    return $"{s[position..]}: backslash at end of argument";
                }

                sb.Append(s[p++]);
            }
            else if (!inQuotes && IsTokenDelimiter(c))
            {
                p--;
                break;
            }
            else
            {
                sb.Append(c);
                inQuotes ^= c == '"';
            }
        }

        if (inQuotes)
        {
            return $"{s[position..]}: quoted string extends past end of argument";
        }

        token = sb.ToString();
        position = p;
        return null;
    }

    /// <summary>
    /// Parses the command-line form of a value of <paramref name="type"/>. "@name" UUIDs resolve through
    /// <paramref name="symbols"/>. Returns null on success, otherwise upstream's message.
    /// </summary>
    public static string? TryParseString(string s, OvsdbType type, IOvsdbSymbolTable? symbols, out Datum datum)
    {
        datum = Empty(type);
        bool isMap = type.IsMap;
        int p = SkipSpaces(s, 0);
        char endDelimiter = '\0';
        if (p < s.Length && s[p] == (isMap ? '{' : '['))
        {
            endDelimiter = isMap ? '}' : ']';
            p = SkipSpaces(s, p + 1);
        }
        else if (p >= s.Length)
        {
            return isMap ? "use \"{}\" to specify the empty map" : "use \"[]\" to specify the empty set";
        }

        var keys = new List<Atom>();
        List<Atom>? values = isMap ? [] : null;
        while (p < s.Length && s[p] != endDelimiter)
        {
            if (IsTokenDelimiter(s[p]))
            {
                return $"{s}: unexpected \"{s[p]}\" parsing {type.ToEnglish()}";
            }

            if (ParseElement(s, ref p, type, symbols, keys, values) is { } error)
            {
                return error;
            }

            p = SkipSpaces(s, p);
            if (p < s.Length && s[p] == ',')
            {
                p = SkipSpaces(s, p + 1);
            }
        }

        if (endDelimiter != '\0')
        {
            if (p >= s.Length)
            {
                return $"{s}: missing \"{endDelimiter}\" at end of data";
            }

            if (SkipSpaces(s, p + 1) < s.Length)
            {
                return $"{s}: trailing garbage after \"{endDelimiter}\"";
            }
        }

        if ((uint)keys.Count < type.Min)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{s}: {keys.Count} value(s) specified but the minimum number is {type.Min}");
        }

        if ((uint)keys.Count > type.Max)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{s}: {keys.Count} value(s) specified but the maximum number is {type.Max}");
        }

        Datum? sorted = SortChecked([.. keys], values is null ? null : [.. values]);
        if (sorted is null)
        {
            return isMap ? $"{s}: map contains duplicate key" : $"{s}: set contains duplicate value";
        }

        datum = sorted;
        return null;
    }

    /// <summary>Reads one key (possibly a range) and, for a map, "=" and its value; appends the element(s).</summary>
    private static string? ParseElement(
        string s, ref int p, OvsdbType type, IOvsdbSymbolTable? symbols, List<Atom> keys, List<Atom>? values)
    {
        int start = p;
        string? error = ParseToken(s, ref p, out string token);
        if (error is not null)
        {
            return error;
        }

        bool allowRange = type.Key.Type == AtomicType.Integer;
        error = Atom.TryParseString(token, type.Key, symbols, allowRange, out Atom key, out Atom? rangeEnd);
        if (error is not null)
        {
            return error;
        }

        Atom value = default;
        if (values is not null)
        {
            p = SkipSpaces(s, p);
            if (p >= s.Length || s[p] != '=')
            {
                // Upstream formats the character with %c; at the end of the text that is a NUL, which ends the message.
                return p >= s.Length ? $"{s[start..]}: syntax error at \"" : $"{s[start..]}: syntax error at \"{s[p]}\" expecting \"=\"";
            }

            p = SkipSpaces(s, p + 1);
            error = ParseToken(s, ref p, out token);
            if (error is not null)
            {
                return error;
            }

            error = Atom.TryParseString(token, type.Value, symbols, out value);
            if (error is not null)
            {
                return error;
            }
        }

        // A range has at most Atom.MaxRangeSize elements (checked by the atom parser), so this cannot overflow.
        long count = rangeEnd is { } end ? end.AsInteger - key.AsInteger + 1 : 1;
        for (long i = 0; i < count; i++)
        {
            keys.Add(rangeEnd is null ? key : Atom.Integer(key.AsInteger + i));
            values?.Add(value);
        }

        return null;
    }

    private static int SkipSpaces(string s, int p)
    {
        while (p < s.Length && s[p] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            p++;
        }

        return p;
    }
}
