// Upstream: the C library's strtol()/strtoull()/atoi() as lib/netdev-vport.c applies them to option values, and
// str_to_int() of lib/util.c (OVS 3.1)
//
// Tunnel options are read the way the C library reads numbers, because that decides which values a user gets away
// with: leading blanks and a sign are accepted, base 0 takes "0x" for hexadecimal and a leading "0" for octal,
// parsing stops at the first character that is not a digit, and a value out of range saturates. The callers then
// narrow the result to the field's width as an assignment in C would.
namespace Ovs.Netdev.Tunnel;

internal static class CNumbers
{
    /// <summary>strtoull: the value (negated modulo 2^64 after a '-'), and where parsing stopped.</summary>
    public static ulong StrToULL(string s, int numberBase, out int end, out bool overflow)
    {
        int i = SkipBlanks(s, 0);
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        int digitsStart = i;
        if ((numberBase == 0 || numberBase == 16) && i + 1 < s.Length && s[i] == '0' && (s[i + 1] | 0x20) == 'x'
            && i + 2 < s.Length && DigitValue(s[i + 2]) < 16)
        {
            numberBase = 16;
            i += 2;
            digitsStart = i;
        }
        else if (numberBase == 0)
        {
            numberBase = i < s.Length && s[i] == '0' ? 8 : 10;
        }

        ulong value = 0;
        overflow = false;
        while (i < s.Length && DigitValue(s[i]) < numberBase)
        {
            ulong next = (value * (ulong)numberBase) + (ulong)DigitValue(s[i]);
            if (value > (ulong.MaxValue - (ulong)DigitValue(s[i])) / (ulong)numberBase)
            {
                overflow = true;
            }

            value = next;
            i++;
        }

        if (i == digitsStart)
        {
            end = 0;
            return 0;
        }

        end = i;
        if (overflow)
        {
            return ulong.MaxValue;
        }

        return negative ? unchecked(0 - value) : value;
    }

    /// <summary>strtol (64-bit long): the value, saturated to the range of long, and where parsing stopped.</summary>
    public static long StrToL(string s, int numberBase, out int end)
    {
        int i = SkipBlanks(s, 0);
        bool negative = i < s.Length && s[i] == '-';
        ulong magnitude = StrToULL(s, numberBase, out end, out bool overflow);
        if (end == 0)
        {
            return 0;
        }

        if (negative)
        {
            magnitude = unchecked(0 - magnitude);
            return overflow || magnitude > (ulong)long.MaxValue + 1 ? long.MinValue : unchecked(-(long)magnitude);
        }

        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    /// <summary>strtol ignoring where it stopped.</summary>
    public static long StrToL(string s, int numberBase) => StrToL(s, numberBase, out _);

    /// <summary>atoi: strtol in base 10, narrowed to int.</summary>
    public static int Atoi(string s) => unchecked((int)StrToL(s, 10));

    /// <summary>str_to_int(s, 0, ...): the whole string must be a number in int's range.</summary>
    public static bool TryStrToInt(string s, out int value)
    {
        long parsed = StrToL(s, 0, out int end);
        int i = SkipBlanks(s, 0);
        bool overflow = parsed is long.MaxValue or long.MinValue;
        if (end == 0 || end != s.Length || i == s.Length || overflow || parsed is < int.MinValue or > int.MaxValue)
        {
            value = 0;
            return false;
        }

        value = (int)parsed;
        return true;
    }

    private static int SkipBlanks(string s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        return i;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => 99,
    };
}
