// Upstream: mf_parse() and the mf_from_*_string() helpers of lib/meta-flow.c, parse_int_string() of lib/util.c,
// ip_parse_masked() and ipv6_parse_masked() of lib/packets.c (OVS 3.1).
// Parses the text of one field's value, with optional "/mask", into wire-format bytes, exactly as ovs-ofctl
// accepts it; errors are upstream's messages. "*" means wildcarded.
using System.Buffers.Binary;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Text;

internal static class FieldParser
{
    private const int Erange = 34;
    private const int Einval = 22;

    /// <summary>Parses s into value and mask (each field.Size bytes). Returns null or the error message.</summary>
    public static string? Parse(FieldInfo field, string s, Span<byte> value, Span<byte> mask)
    {
        value = value[..field.Size];
        mask = mask[..field.Size];
        value.Clear();
        mask.Clear();
        if (s == "*")
        {
            return null;
        }

        string? error = field.Format switch
        {
            FieldFormat.Decimal or FieldFormat.Hexadecimal => ParseInteger(field, s, value, mask),
            FieldFormat.CtState => ParseFlags32(s, FlagNames.CtState, "ct_state", 0xff, value, mask),
            FieldFormat.Ethernet => ParseEthernet(s, value, mask),
            FieldFormat.Ipv4 => ParseIpv4(s, value, mask),
            FieldFormat.Ipv6 => ParseIpv6(s, value, mask),
            FieldFormat.OfpPort => ParsePort16(field, s, value, mask),
            FieldFormat.Ofp11Port => ParsePort32(field, s, value, mask),
            FieldFormat.Frag => ParseFrag(s, value, mask),
            FieldFormat.TunnelFlags => ParseFlags16(s, FlagNames.TunnelFlag, "tunnel", 0x0001, value, mask),
            FieldFormat.TcpFlags => ParseFlags16(s, FlagNames.TcpFlag, "TCP", 0x0fff, value, mask),
            FieldFormat.PacketType => ParsePacketType(s, value, mask),
            _ => throw new InvalidOperationException("unknown field format"),
        };
        if (error is null && !FieldAccess.IsMaskValid(field, mask))
        {
            error = $"{s}: invalid mask for field {field.Name}";
        }

        return error;
    }

    private static string? ParseInteger(FieldInfo field, string s, Span<byte> value, Span<byte> mask)
    {
        string what = "value";
        int err = ParseIntString(s, 0, value, out int tail);
        if (err == 0 && tail < s.Length && s[tail] != '/')
        {
            err = Einval;
        }

        if (err == 0)
        {
            if (tail < s.Length)
            {
                what = "mask";
                err = ParseIntString(s, tail + 1, mask, out tail);
                if (err == 0 && tail != s.Length)
                {
                    err = Einval;
                }
            }
            else
            {
                mask.Fill(0xff);
            }
        }

        if (err == 0)
        {
            return null;
        }

        return err == Erange
            ? $"{s}: {what} too large for {field.Size}-byte field {field.Name}"
            : $"{s}: bad syntax for {field.Name} {what}";
    }

    /// <summary>
    /// parse_int_string: "0x" hex of any length that fits (spaces allowed between digits), else strtoull's
    /// decimal/octal/hex; the result is written big-endian over the whole of output.
    /// </summary>
    public static int ParseIntString(string s, int start, Span<byte> output, out int tail)
    {
        output.Clear();
        int i = start;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        {
            i += 2;
            Span<byte> hexits = stackalloc byte[2 * output.Length];
            int length = 0;
            while (true)
            {
                while (i < s.Length && s[i] is ' ' or '\t' or '\r' or '\n')
                {
                    i++;
                }

                if (i >= s.Length || !char.IsAsciiHexDigit(s[i]))
                {
                    tail = i;
                    break;
                }

                int h = EthAddr.HexValue(s[i]);
                if (h != 0 || length > 0)
                {
                    if ((length + 2) / 2 > output.Length)
                    {
                        tail = i;
                        return Erange;
                    }

                    hexits[length++] = (byte)h;
                }

                i++;
            }

            int index = output.Length;
            for (int k = length - 1; k >= 0; k -= 2)
            {
                index--;
                output[index] = (byte)(hexits[k] | (k > 0 ? hexits[k - 1] << 4 : 0));
            }

            return 0;
        }

        if (!StrToUll(s, start, out ulong integer, out tail, out int error))
        {
            return error;
        }

        for (int k = output.Length - 1; k >= 0; k--)
        {
            output[k] = (byte)integer;
            integer = output.Length - k >= 8 ? 0 : integer >> 8;
        }

        return integer != 0 ? Erange : 0;
    }

    // strtoull(s, &tail, 0): leading space, optional sign (negation wraps), 0x hex, 0 octal, else decimal.
    private static bool StrToUll(string s, int start, out ulong value, out int tail, out int error)
    {
        value = 0;
        error = 0;
        tail = start;
        int i = start;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
        {
            i++;
        }

        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        int radix = 10;
        if (i + 2 < s.Length + 0 && s[i] == '0' && (s[i + 1] | 0x20) == 'x' && char.IsAsciiHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }

        int digits = i;
        bool overflow = false;
        while (i < s.Length)
        {
            char c = s[i];
            int d = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetter(c) ? (c | 0x20) - 'a' + 10 : 99;
            if (d >= radix)
            {
                break;
            }

            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix)
            {
                overflow = true;
            }

            value = unchecked((value * (ulong)radix) + (ulong)d);
            i++;
        }

        if (i == digits)
        {
            error = Einval;
            return false;
        }

        tail = i;
        if (overflow)
        {
            error = Erange;
            return false;
        }

        if (negative)
        {
            value = unchecked(0 - value);
        }

        return true;
    }

    private static string? ParseEthernet(string s, Span<byte> value, Span<byte> mask)
    {
        if (EthAddr.TryParsePrefix(s, out EthAddr mac, out int n))
        {
            if (n == s.Length)
            {
                mac.Write(value);
                mask.Fill(0xff);
                return null;
            }

            if (s[n] == '/' && EthAddr.TryParsePrefix(s.AsSpan(n + 1), out EthAddr m, out int n2) && n + 1 + n2 == s.Length)
            {
                mac.Write(value);
                m.Write(mask);
                return null;
            }
        }

        return $"{s}: invalid Ethernet address";
    }

    private static string? ParseIpv4(string s, Span<byte> value, Span<byte> mask)
    {
        if (!Ipv4Text.TryParsePrefix(s, out uint ip, out int n))
        {
            return $"{s}: invalid IP address";
        }

        uint m = uint.MaxValue;
        if (n < s.Length && s[n] == '/')
        {
            if (Ipv4Text.TryParsePrefix(s.AsSpan(n + 1), out uint dotted, out int n2))
            {
                m = dotted;
                n += 1 + n2;
            }
            else if (ScanDecimalInt(s, n + 1, out long prefix, out int end))
            {
                if (prefix is < 0 or > 32)
                {
                    return $"{s}: IPv4 network prefix bits not between 0 and 32, inclusive";
                }

                m = prefix == 0 ? 0 : uint.MaxValue << (int)(32 - prefix);
                n = end;
            }
        }

        if (n != s.Length)
        {
            return $"{s}: invalid IP address";
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, ip);
        BinaryPrimitives.WriteUInt32BigEndian(mask, m);
        return null;
    }

    private static string? ParseIpv6(string s, Span<byte> value, Span<byte> mask)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        int start = i;
        while (i < s.Length && i - start < 46 && IsIpv6Char(s[i]))
        {
            i++;
        }

        if (i == start || !Ipv6Address.TryParse(s.AsSpan(start, i - start), out Ipv6Address ip))
        {
            return $"{s}: invalid IPv6 address";
        }

        Ipv6Address m = Ipv6Address.AllOnes;
        if (i < s.Length && s[i] == '/')
        {
            if (ScanDecimalInt(s, i + 1, out long prefix, out int end))
            {
                if (prefix is < 0 or > 128)
                {
                    return $"{s}: IPv6 network prefix bits not between 0 and 128, inclusive";
                }

                m = Ipv6Address.PrefixMask((int)prefix);
                i = end;
            }
            else
            {
                int ms = i + 1;
                int j = ms;
                while (j < s.Length && j - ms < 46 && IsIpv6Char(s[j]))
                {
                    j++;
                }

                if (j > ms)
                {
                    if (!Ipv6Address.TryParse(s.AsSpan(ms, j - ms), out m))
                    {
                        return $"{s}: Invalid IPv6 mask";
                    }

                    i = j;
                }
            }
        }

        if (i != s.Length)
        {
            return $"{s}: invalid IPv6 address";
        }

        ip.Write(value);
        m.Write(mask);
        return null;
    }

    private static bool IsIpv6Char(char c) => char.IsAsciiHexDigit(c) || c is ':' or '.';

    // scanf "%d" followed by %n: optional space and sign, decimal digits. Succeeds only if the "/%d" matched and
    // (like upstream's ovs_scan_len) does not need to reach the end.
    private static bool ScanDecimalInt(string s, int i, out long value, out int end)
    {
        value = 0;
        end = i;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-')
        {
            negative = s[i] == '-';
            i++;
        }

        int digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]) && i - digits < 12)
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        value = negative ? -value : value;
        end = i;
        return true;
    }

    private static string? ParsePort16(FieldInfo field, string s, Span<byte> value, Span<byte> mask)
    {
        if (!OfpPortText.TryParse(s, out ushort port))
        {
            return $"{s}: invalid or unknown port for {field.Name}";
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, port);
        mask.Fill(0xff);
        return null;
    }

    private static string? ParsePort32(FieldInfo field, string s, Span<byte> value, Span<byte> mask)
    {
        if (!OfpPortText.TryParse(s, out ushort port))
        {
            return $"{s}: port value out of range for {field.Name}";
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, FieldAccess.Ofp10ToOfp11(port));
        mask.Fill(0xff);
        return null;
    }

    private static string? ParseFrag(string s, Span<byte> value, Span<byte> mask)
    {
        (string Name, byte Mask, byte Value)[] frags = [("no", 3, 0), ("first", 3, 1), ("later", 3, 3), ("no", 1, 0), ("yes", 1, 1), ("not_later", 2, 0), ("later", 2, 2)];
        foreach ((string name, byte m, byte v) in frags)
        {
            if (string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
            {
                // The bits above the two fragment bits are forced on so that a full match counts as exact.
                value[0] = v;
                mask[0] = (byte)(m | 0xfc);
                return null;
            }
        }

        return $"{s}: unknown fragment type (valid types are \"no\", \"yes\", \"first\", \"later\", \"not_later\"";
    }

    private static string? ParseFlags16(string s, Func<uint, string?> names, string fieldName, uint allowed, Span<byte> value, Span<byte> mask)
    {
        string? error = FlagNames.Parse(s, names, fieldName, allowed, out uint flags, out uint m);
        if (error is not null)
        {
            return error;
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(mask, (ushort)m);
        return null;
    }

    private static string? ParseFlags32(string s, Func<uint, string?> names, string fieldName, uint allowed, Span<byte> value, Span<byte> mask)
    {
        string? error = FlagNames.Parse(s, names, fieldName, allowed, out uint flags, out uint m);
        if (error is not null)
        {
            return error;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, flags);
        BinaryPrimitives.WriteUInt32BigEndian(mask, m);
        return null;
    }

    private static string? ParsePacketType(string s, Span<byte> value, Span<byte> mask)
    {
        mask.Fill(0xff);
        if (s.Length == 0 || s[0] != '(')
        {
            return $"{s}: bad syntax for packet type missing '('";
        }

        int i = 1;
        if (ParseIntString(s, i, value[..2], out int tail) != 0)
        {
            return $"{s[i..]}: bad syntax for packet type ns";
        }

        if (tail >= s.Length || s[tail] != ',')
        {
            return $"{s[i..]}: bad syntax for packet type missing ','";
        }

        // Upstream reports a bad type from the comma on.
        int comma = tail;
        i = tail + 1;
        if (ParseIntString(s, i, value[2..], out tail) != 0)
        {
            return $"{s[comma..]}: bad syntax for packet type ns_type";
        }

        if (tail >= s.Length || s[tail] != ')')
        {
            return $"{s[i..]}: bad syntax for packet type missing ')'";
        }

        return null;
    }
}
