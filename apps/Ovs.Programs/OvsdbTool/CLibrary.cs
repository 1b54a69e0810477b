// Upstream: the C library conversions ovsdb/ovsdb-tool.c relies on (OVS 3.1)
namespace Ovs.Programs.OvsdbTool;

/// <summary>C-library number conversions whose lenient rules ovsdb-tool's command line inherits.</summary>
internal static class CLibrary
{
    /// <summary>
    /// C's <c>atoll()</c>: skips leading white space, takes an optional sign and then decimal digits up to the first
    /// other character; saturates on overflow (as glibc's strtoll does); 0 when there are no digits.
    /// </summary>
    public static long AtoLL(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        decimal value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            value = Math.Min((value * 10) + (text[i] - '0'), (decimal)long.MaxValue + 1);
        }

        value = negative ? -value : value;
        return value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;
    }
}
