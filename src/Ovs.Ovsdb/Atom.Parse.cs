// Upstream: lib/ovsdb-data.c, ovsdb_atom_from_string() (OVS 3.1)
//
// Parses one atom from the text syntax that ovs-vsctl, vtep-ctl and ovn-nbctl accept on the command line (the
// inverse of the display form): integers in decimal (an optional sign, leading zeros allowed), reals as strtod
// reads them, booleans as true/yes/on/1 or false/no/off/0, UUIDs in canonical form or "@name" for a row created
// in the same command (resolved through the symbol table), and strings either bare or as a JSON string literal.
// Errors are the plain messages upstream returns (not OvsdbError values), because callers print them verbatim
// after the program name; constraint failures read "constraint violation: ...".
using System.Globalization;
using System.Text;
using Ovs.Json;

namespace Ovs.Ovsdb;

public readonly partial struct Atom
{
    /// <summary>The most integers one "start-end" range may expand to.</summary>
    public const int MaxRangeSize = 4096;

    /// <summary>
    /// Parses <paramref name="s"/> (already split into one token) as an atom of <paramref name="type"/>, checking
    /// its constraints. Returns null on success, otherwise upstream's message.
    /// </summary>
    public static string? TryParseString(string s, BaseType type, IOvsdbSymbolTable? symbols, out Atom atom) =>
        TryParseString(s, type, symbols, allowRange: false, out atom, out _);

    /// <summary>
    /// Like <see cref="TryParseString(string, BaseType, IOvsdbSymbolTable?, out Atom)"/>, but an integer may also be a
    /// range "start-end"; then <paramref name="rangeEnd"/> receives the end (otherwise it is null).
    /// </summary>
    public static string? TryParseString(
        string s, BaseType type, IOvsdbSymbolTable? symbols, bool allowRange, out Atom atom, out Atom? rangeEnd)
    {
        rangeEnd = null;
        string? error = ParseUnchecked(s, type, symbols, allowRange, out atom, ref rangeEnd);
        if (error is not null)
        {
            return error;
        }

        if (type.CheckConstraints(atom) is { } constraint)
        {
            return constraint.ToString();
        }

        if (rangeEnd is { } end)
        {
            if (type.CheckConstraints(end) is { } endConstraint)
            {
                return endConstraint.ToString();
            }

            if (end.AsInteger - atom.AsInteger >= MaxRangeSize)
            {
                return OvsdbError.ConstraintViolation(string.Create(CultureInfo.InvariantCulture,
                    $"Range \"{atom.AsInteger}-{end.AsInteger}\" is too big. Maximum allowed size is {MaxRangeSize}.")).ToString();
            }
        }

        return null;
    }

    private static string? ParseUnchecked(
        string s, BaseType type, IOvsdbSymbolTable? symbols, bool allowRange, out Atom atom, ref Atom? rangeEnd)
    {
        atom = default;
        switch (type.Type)
        {
            case AtomicType.Integer:
                if (allowRange && TryParseRange(s, out long start, out long end))
                {
                    if (end < start)
                    {
                        return $"\"{s}\" is not a valid range. Range end cannot be before start.";
                    }

                    atom = Integer(start);
                    rangeEnd = Integer(end);
                    return null;
                }

                if (!TryParseInteger(s, out long value))
                {
                    return $"\"{s}\" is not a valid integer or range";
                }

                atom = Integer(value);
                return null;

            case AtomicType.Real:
                if (!TryParseReal(s, out double d))
                {
                    return $"\"{s}\" is not a valid real number";
                }

                // JSON input maps -0 to 0; so does this.
                atom = Real(d == 0 ? 0.0 : d);
                return null;

            case AtomicType.Boolean:
                switch (s)
                {
                    case "true" or "yes" or "on" or "1":
                        atom = Boolean(true);
                        return null;
                    case "false" or "no" or "off" or "0":
                        atom = Boolean(false);
                        return null;
                    default:
                        return $"\"{s}\" is not a valid boolean (use \"true\" or \"false\")";
                }

            case AtomicType.String:
                return ParseStringToken(s, out atom);

            case AtomicType.Uuid:
                if (s.StartsWith('@') && symbols is not null)
                {
                    atom = Uuid(symbols.Resolve(s, type));
                    return null;
                }

                if (!TryParseUuid(s, out Guid uuid))
                {
                    return $"\"{s}\" is not a valid UUID";
                }

                atom = Uuid(uuid);
                return null;

            default:
                throw new ArgumentException("void type has no atoms", nameof(type));
        }
    }

    private static string? ParseStringToken(string s, out Atom atom)
    {
        atom = default;
        if (s.Length == 0)
        {
            return "An empty string is not valid as input; use \"\" to represent the empty string";
        }

        if (s[0] != '"')
        {
            atom = String(s);
            return null;
        }

        if (s.Length < 2 || s[^1] != '"')
        {
            return $"{s}: missing quote at end of quoted string";
        }

        string? error = UnescapeJsonString(s.AsSpan(1, s.Length - 2), out string value);
        if (error is not null)
        {
            return $"{s}: {error}";
        }

        atom = String(value);
        return null;
    }

    /// <summary>Decodes the inside of a JSON string literal, with upstream's messages for bad escapes.</summary>
    private static string? UnescapeJsonString(ReadOnlySpan<char> s, out string value)
    {
        value = "";
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length;)
        {
            char c = s[i++];
            if (c == '"')
            {
                return "quoted string may not include unescaped \"";
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            char e = i < s.Length ? s[i++] : '\0';
            if (JsonEscapes.TryDecodeSimple(e, out char simple))
            {
                sb.Append(simple);
                continue;
            }

            switch (e)
            {
                case 'u':
                    if (s.Length - i < 4)
                    {
                        return "quoted string ends within \\u escape";
                    }

                    if (!TryReadUnicodeEscape(s, ref i, sb))
                    {
                        return "malformed escaped surrogate pair";
                    }

                    break;
                default:
                    return $"bad escape \\{e}";
            }
        }

        value = sb.ToString();
        return null;
    }

    /// <summary>Reads XXXX (after "\u"), and a following "\uYYYY" when XXXX is a leading surrogate.</summary>
    private static bool TryReadUnicodeEscape(ReadOnlySpan<char> s, ref int i, StringBuilder sb)
    {
        if (!ushort.TryParse(s.Slice(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort c0))
        {
            return false;
        }

        i += 4;
        if (!char.IsHighSurrogate((char)c0))
        {
            sb.Append((char)c0);
            return true;
        }

        if (s.Length - i < 6 || s[i] != '\\' || s[i + 1] != 'u'
            || !ushort.TryParse(s.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort c1)
            || !char.IsLowSurrogate((char)c1))
        {
            return false;
        }

        i += 6;
        sb.Append((char)c0).Append((char)c1);
        return true;
    }

    /// <summary>strtoll(s, 10) consuming the whole string: leading white space, optional sign, decimal digits.</summary>
    private static bool TryParseInteger(ReadOnlySpan<char> s, out long value) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture, out value);

    /// <summary>"start-end" where both are integers as <see cref="TryParseInteger"/> reads them.</summary>
    private static bool TryParseRange(string s, out long start, out long end)
    {
        start = end = 0;
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        int digits = i + (i < s.Length && s[i] is '+' or '-' ? 1 : 0);
        int dash = digits;
        while (dash < s.Length && char.IsAsciiDigit(s[dash]))
        {
            dash++;
        }

        return dash > digits && dash < s.Length && s[dash] == '-'
            && TryParseInteger(s.AsSpan(0, dash), out start)
            && TryParseInteger(s.AsSpan(dash + 1), out end);
    }

    /// <summary>strtod consuming the whole string (decimal notation, inf and nan); overflow fails.</summary>
    private static bool TryParseReal(string s, out double value)
    {
        value = 0;
        ReadOnlySpan<char> t = s.AsSpan().TrimStart();
        if (t.IsEmpty)
        {
            return false;
        }

        bool negative = t[0] == '-';
        ReadOnlySpan<char> body = t[0] is '+' or '-' ? t[1..] : t;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return !body.IsEmpty && (char.IsAsciiDigit(body[0]) || body[0] == '.')
            && double.TryParse(t, styles, CultureInfo.InvariantCulture, out value)
            && !double.IsInfinity(value);
    }
}
