// Upstream: lib/json.c, json_lex_number() (OVS 3.1)
//
// A number is an integer when its value is integral and fits in 64 bits, whatever its spelling: "1.0", "1e3"
// and "100e-2" are integers, "1.5" and "1e30" are reals. Trailing zeros of the fraction are ignored for this.
using System.Globalization;
using System.Numerics;

namespace Ovs.Json;

internal static class JsonNumber
{
    public static JsonValue? Parse(string s, out string? error)
    {
        error = null;
        if (!Split(s, out bool negative, out string intPart, out string? frac, out string? exp))
        {
            error = Diagnose(s);
            return null;
        }

        long exponent = 0;
        if (exp is not null && !long.TryParse(exp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            error = "exponent outside valid range";
            return null;
        }

        string digits = intPart;
        long pow10 = exponent;
        if (frac is not null && frac.TrimEnd('0').Length > 0)
        {
            digits += frac;
            pow10 -= frac.Length;
        }

        BigInteger significand = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        if (significand.IsZero)
        {
            return new JsonInteger(0);
        }

        BigInteger limit = BigInteger.One << 63;
        if (significand <= limit)
        {
            while (pow10 > 0 && significand <= limit)
            {
                significand *= 10;
                pow10--;
            }

            while (pow10 < 0 && (significand % 10).IsZero)
            {
                significand /= 10;
                pow10++;
            }

            if (pow10 == 0 && (negative ? significand <= limit : significand < limit))
            {
                return new JsonInteger(negative ? (long)-significand : (long)significand);
            }
        }

        double d = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(d))
        {
            error = "number outside valid range";
            return null;
        }

        return new JsonReal(d == 0 ? 0.0 : d);
    }

    private static bool Split(string s, out bool negative, out string intPart, out string? frac, out string? exp)
    {
        negative = false;
        intPart = "";
        frac = null;
        exp = null;
        int i = 0;
        if (i < s.Length && s[i] == '-')
        {
            negative = true;
            i++;
        }

        int start = i;
        if (i < s.Length && s[i] == '0')
        {
            i++;
        }
        else
        {
            if (i >= s.Length || s[i] is < '1' or > '9')
            {
                return false;
            }

            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        intPart = s[start..i];
        if (i < s.Length && s[i] == '.')
        {
            int f = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == f)
            {
                return false;
            }

            frac = s[f..i];
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            int e = ++i;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            int d = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == d)
            {
                return false;
            }

            exp = s[e..i];
        }

        return i == s.Length;
    }

    private static string Diagnose(string s)
    {
        string t = s.StartsWith('-') ? s[1..] : s;
        if (t.Length >= 2 && t[0] == '0' && char.IsAsciiDigit(t[1]))
        {
            return "leading zeros not allowed";
        }

        if (s.StartsWith('-') && (t.Length == 0 || !char.IsAsciiDigit(t[0])))
        {
            return "'-' must be followed by digit";
        }

        int dot = t.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && (dot + 1 >= t.Length || !char.IsAsciiDigit(t[dot + 1])))
        {
            return "decimal point must be followed by digit";
        }

        int e = t.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            int k = e + 1;
            if (k < t.Length && t[k] is '+' or '-')
            {
                k++;
            }

            if (k >= t.Length || !char.IsAsciiDigit(t[k]))
            {
                return "exponent must contain at least one digit";
            }
        }

        return "syntax error in number";
    }
}
