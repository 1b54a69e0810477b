// Upstream: packet_tcp_flag_to_string(), ct_state_to_string() and flow_tun_flag_to_string() (lib/flow.c, OVS 3.1),
// with parse_flags()/format_flags()/format_flags_masked(): the "+syn-ack" and "syn|ack" flag syntaxes.
using System.Globalization;
using System.Text;

namespace Ovs.Flow.Text;

internal static class FlagNames
{
    public static string? TcpFlag(uint bit) => bit switch
    {
        0x001 => "fin",
        0x002 => "syn",
        0x004 => "rst",
        0x008 => "psh",
        0x010 => "ack",
        0x020 => "urg",
        0x040 => "ece",
        0x080 => "cwr",
        0x100 => "ns",
        0x200 => "[200]",
        0x400 => "[400]",
        0x800 => "[800]",
        _ => null,
    };

    public static string? CtState(uint bit) => bit switch
    {
        0x01 => "new",
        0x02 => "est",
        0x04 => "rel",
        0x08 => "rpl",
        0x10 => "inv",
        0x20 => "trk",
        0x40 => "snat",
        0x80 => "dnat",
        _ => null,
    };

    public static string? TunnelFlag(uint bit) => bit switch
    {
        0x1 => "oam",
        0x2 => "df",
        0x4 => "csum",
        0x8 => "key",
        _ => null,
    };

    /// <summary>format_flags: names joined by delimiter, unknown bits as one hex number at the end, "0" if none.</summary>
    public static void Format(StringBuilder sb, Func<uint, string?> names, uint flags, char delimiter)
    {
        if (flags == 0)
        {
            sb.Append('0');
            return;
        }

        uint bad = 0;
        bool first = true;
        while (flags != 0)
        {
            uint bit = flags & (0u - flags);
            string? name = names(bit);
            if (name is not null)
            {
                if (!first)
                {
                    sb.Append(delimiter);
                }

                sb.Append(name);
                first = false;
            }
            else
            {
                bad |= bit;
            }

            flags &= ~bit;
        }

        if (bad != 0)
        {
            if (!first)
            {
                sb.Append(delimiter);
            }

            sb.Append(CultureInfo.InvariantCulture, $"0x{bad:x}");
        }
    }

    /// <summary>format_flags_masked: "flags" when fully masked, "0/0" when unmasked, else "+a-b" per mask bit.</summary>
    public static void FormatMasked(StringBuilder sb, string? name, Func<uint, string?> names, uint flags, uint mask, uint maxMask)
    {
        if (name is not null)
        {
            sb.Append(name).Append('=');
        }

        if (mask == maxMask)
        {
            Format(sb, names, flags, '|');
            return;
        }

        if (mask == 0)
        {
            sb.Append("0/0");
            return;
        }

        while (mask != 0)
        {
            uint bit = mask & (0u - mask);
            sb.Append((flags & bit) != 0 ? '+' : '-').Append(names(bit) ?? "[Unknown]");
            mask &= ~bit;
        }
    }

    /// <summary>
    /// parse_flags with a mask: "0x12/0x3f" numbers, "+a-b" masked names, or "a|b" names and numbers. Returns null
    /// on success, else upstream's message.
    /// </summary>
    public static string? Parse(string s, Func<uint, string?> names, string fieldName, uint allowed, out uint flags, out uint mask)
    {
        flags = 0;
        mask = 0;
        if (ScanInt(s, 0, out long f1, out int n1) && n1 < s.Length && s[n1] == '/' && ScanInt(s, n1 + 1, out long m1, out _))
        {
            flags = (uint)f1;
            mask = (uint)m1;
            return (flags & ~allowed) != 0 || (mask & ~allowed) != 0 ? $"{s}: unknown {fieldName} flag(s)" : null;
        }

        if (s.Length > 0 && s[0] is '+' or '-')
        {
            int i = 0;
            while (i < s.Length)
            {
                bool set;
                if (s[i] == '+')
                {
                    set = true;
                }
                else if (s[i] == '-')
                {
                    set = false;
                }
                else
                {
                    return $"{s[i..]}: {fieldName} must be preceded by '+' (for SET) or '-' (NOT SET)";
                }

                i++;
                uint bit;
                int length = 0;
                for (bit = 1; bit != 0; bit <<= 1)
                {
                    string? name = names(bit);
                    if (name is null)
                    {
                        continue;
                    }

                    length = name.Length;
                    if (string.CompareOrdinal(s, i, name, 0, length) != 0 || s.Length < i + length
                        || (i + length < s.Length && s[i + length] is not '+' and not '-'))
                    {
                        continue;
                    }

                    if ((mask & bit) != 0)
                    {
                        return $"{s[i..]}: Each {fieldName} flag can be specified only once";
                    }

                    if ((bit & allowed) == 0)
                    {
                        return $"{s[i..]}: unknown {fieldName} flag(s)";
                    }

                    if (set)
                    {
                        flags |= bit;
                    }

                    mask |= bit;
                    break;
                }

                if (bit == 0)
                {
                    return $"{s[i..]}: unknown {fieldName} flag(s)";
                }

                i += length;
            }

            return null;
        }

        int n = 0;
        uint result = 0;
        while (n < s.Length)
        {
            if (ScanInt(s, n, out long number, out int end))
            {
                if (((ulong)number & ~(ulong)allowed) != 0)
                {
                    return $"{s}: unknown {fieldName} flag(s)";
                }

                n = end + (end < s.Length && s[end] == '|' ? 1 : 0);
                result |= (uint)number;
                continue;
            }

            uint bit;
            for (bit = 1; bit != 0; bit <<= 1)
            {
                string? name = names(bit);
                if (name is null)
                {
                    continue;
                }

                int len = name.Length;
                if (string.CompareOrdinal(s, n, name, 0, len) == 0 && s.Length >= n + len && (n + len == s.Length || s[n + len] == '|'))
                {
                    if ((bit & allowed) == 0)
                    {
                        return $"{s}: unknown {fieldName} flag(s)";
                    }

                    result |= bit;
                    n += len + (n + len < s.Length ? 1 : 0);
                    break;
                }
            }

            if (bit == 0)
            {
                return $"{s}: unknown {fieldName} flag(s)";
            }
        }

        flags = result;
        mask = uint.MaxValue;
        return null;
    }

    // scanf "%i"/"%lli": optional whitespace and sign, then 0x-hex, 0-octal or decimal.
    private static bool ScanInt(string s, int start, out long value, out int end)
    {
        value = 0;
        int i = start;
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

        int digitsStart = i;
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] | 0x20) == 'x' && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
            digitsStart = i;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }

        ulong v = 0;
        while (i < s.Length)
        {
            int d = char.IsAsciiDigit(s[i]) ? s[i] - '0' : char.IsAsciiHexDigit(s[i]) ? (s[i] | 0x20) - 'a' + 10 : 99;
            if (d >= radix)
            {
                break;
            }

            v = (v * (ulong)radix) + (ulong)d;
            i++;
        }

        if (i == digitsStart)
        {
            end = start;
            return false;
        }

        value = negative ? -(long)v : (long)v;
        end = i;
        return true;
    }
}
