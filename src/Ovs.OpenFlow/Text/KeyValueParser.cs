// Upstream: lib/ofp-parse.c, ofputil_parse_key_value() (OVS 3.1)
//
// Splits "key[=:]value" and "key(value)" pairs separated by commas or white space, as flow and action syntax use
// them. A value ends at a comma or white space (after '=' or ':') or at the matching ')' (after '('); parentheses
// inside a value nest. "key(x)->y" keeps "x)->y" as the value, for the learn action's syntax.
namespace Ovs.OpenFlow.Text;

internal static class KeyValueParser
{
    private const string PairSeparators = ", \t\r\n";

    /// <summary>
    /// Parses the next pair of <paramref name="text"/> starting at <paramref name="position"/>, which it advances.
    /// Returns false when only separators remain.
    /// </summary>
    public static bool TryNext(string text, ref int position, out string key, out string value)
    {
        while (position < text.Length && PairSeparators.Contains(text[position], StringComparison.Ordinal))
        {
            position++;
        }

        key = value = string.Empty;
        if (position >= text.Length)
        {
            return false;
        }

        int keyStart = position;
        while (position < text.Length && !":=(, \t\r\n".Contains(text[position], StringComparison.Ordinal))
        {
            position++;
        }

        key = text[keyStart..position];
        char keyDelimiter = position < text.Length ? text[position++] : '\0';
        string valueDelimiters;
        if (keyDelimiter is ':' or '=')
        {
            valueDelimiters = PairSeparators;
        }
        else if (keyDelimiter == '(')
        {
            valueDelimiters = ")";
        }
        else
        {
            return true;
        }

        int valueStart = position;
        int length = ValueLength(text, valueStart, valueDelimiters);
        int end = valueStart + length;
        if (keyDelimiter == '(' && end + 2 < text.Length && text[end] == ')' && text[end + 1] == '-' && text[end + 2] == '>')
        {
            end += ValueLength(text, end, PairSeparators);
        }

        value = text[valueStart..end];
        position = end < text.Length ? end + 1 : end;
        return true;
    }

    private static int ValueLength(string s, int start, string delimiters)
    {
        int n = start;
        while (n < s.Length && !delimiters.Contains(s[n], StringComparison.Ordinal))
        {
            if (s[n] == '(')
            {
                int level = 0;
                do
                {
                    if (n >= s.Length)
                    {
                        return n - start;
                    }

                    if (s[n] == '(')
                    {
                        level++;
                    }
                    else if (s[n] == ')')
                    {
                        level--;
                    }

                    n++;
                }
                while (level > 0);
            }
            else
            {
                n++;
            }
        }

        return n - start;
    }
}
