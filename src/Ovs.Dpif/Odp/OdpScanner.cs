// Upstream: the scan_* helpers of lib/odp-util.c and ovs_scan() of lib/util.c (OVS 3.1), written from their
// behaviour: numbers are scanf "%i" (optional sign, 0x hex, leading-0 octal, else decimal, truncated to the
// field's width); "/mask" follows a value without spaces; a value without a mask is exact.
using System.Buffers.Binary;
using Ovs.Flow.Packets;

namespace Ovs.Dpif.Odp;

internal ref struct OdpScanner
{
    private readonly ReadOnlySpan<char> _text;

    public OdpScanner(ReadOnlySpan<char> text, int position = 0)
    {
        _text = text;
        Position = position;
    }

    public int Position { get; set; }

    /// <summary>Port names a parse may use in place of numbers (upstream's parse_odp_context port_names).</summary>
    public IReadOnlyDictionary<string, uint>? PortNames { get; init; }

    public readonly ReadOnlySpan<char> Rest => _text[Position..];

    public readonly ReadOnlySpan<char> Whole => _text;

    /// <summary>The count characters just before Position.</summary>
    public readonly ReadOnlySpan<char> Before(int count) => _text.Slice(Position - count, count);

    public readonly bool AtEnd => Position >= _text.Length;

    public readonly char Peek => Position < _text.Length ? _text[Position] : '\0';

    public bool Take(string literal)
    {
        if (Rest.StartsWith(literal, StringComparison.Ordinal))
        {
            Position += literal.Length;
            return true;
        }

        return false;
    }

    public bool Take(char c)
    {
        if (Peek == c && !AtEnd)
        {
            Position++;
            return true;
        }

        return false;
    }

    /// <summary>Skips upstream's delimiters: commas and white space.</summary>
    public void SkipDelimiters()
    {
        while (!AtEnd && Peek is ',' or ' ' or '\t' or '\r' or '\n')
        {
            Position++;
        }
    }

    /// <summary>scanf "%i": returns false (consuming nothing) when no number starts here.</summary>
    public bool ScanInt(out ulong value)
    {
        int i = Position;
        ReadOnlySpan<char> t = _text;
        while (i < t.Length && t[i] is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')
        {
            i++;
        }

        bool negative = false;
        if (i < t.Length && t[i] is '+' or '-')
        {
            negative = t[i] == '-';
            i++;
        }

        int numberBase = 10;
        if (i + 1 < t.Length && t[i] == '0' && t[i + 1] is 'x' or 'X' && i + 2 < t.Length && Uri.IsHexDigit(t[i + 2]))
        {
            numberBase = 16;
            i += 2;
        }
        else if (i < t.Length && t[i] == '0')
        {
            numberBase = 8;
        }

        int start = i;
        ulong v = 0;
        while (i < t.Length)
        {
            int d = DigitValue(t[i]);
            if (d < 0 || d >= numberBase)
            {
                break;
            }

            v = unchecked((v * (ulong)numberBase) + (ulong)d);
            i++;
        }

        if (i == start)
        {
            value = 0;
            return false;
        }

        value = negative ? unchecked(0 - v) : v;
        Position = i;
        return true;
    }

    /// <summary>scanf "%u"/"%d": optional sign and decimal digits only.</summary>
    public bool ScanDecimal(out ulong value)
    {
        int i = Position;
        ReadOnlySpan<char> t = _text;
        while (i < t.Length && t[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        bool negative = false;
        if (i < t.Length && t[i] is '+' or '-')
        {
            negative = t[i] == '-';
            i++;
        }

        int start = i;
        ulong v = 0;
        while (i < t.Length && t[i] is >= '0' and <= '9')
        {
            v = unchecked((v * 10) + (ulong)(t[i] - '0'));
            i++;
        }

        value = negative ? unchecked(0 - v) : v;
        if (i == start)
        {
            return false;
        }

        Position = i;
        return true;
    }

    /// <summary>scanf "%x": optional "0x", then hex digits.</summary>
    public bool ScanHex(out ulong value)
    {
        int i = Position;
        ReadOnlySpan<char> t = _text;
        if (i + 2 < t.Length && t[i] == '0' && t[i + 1] is 'x' or 'X' && Uri.IsHexDigit(t[i + 2]))
        {
            i += 2;
        }

        int start = i;
        ulong v = 0;
        while (i < t.Length && Uri.IsHexDigit(t[i]))
        {
            v = unchecked((v << 4) + (ulong)DigitValue(t[i]));
            i++;
        }

        value = v;
        if (i == start)
        {
            return false;
        }

        Position = i;
        return true;
    }

    /// <summary>scanf "%lf": the longest prefix that reads as a floating-point number.</summary>
    public bool ScanDouble(out double value)
    {
        ReadOnlySpan<char> rest = Rest;
        int n = 0;
        while (n < rest.Length && (char.IsAsciiDigit(rest[n]) || rest[n] is '.' or '+' or '-' or 'e' or 'E'))
        {
            n++;
        }

        for (; n > 0; n--)
        {
            if (double.TryParse(rest[..n], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value))
            {
                Position += n;
                return true;
            }
        }

        value = 0;
        return false;
    }

    /// <summary>A number, then "/number" if present; mask is all ones (of the width) without one.</summary>
    public bool ScanIntMasked(ulong fullMask, out ulong value, out ulong mask)
    {
        mask = fullMask;
        if (!ScanInt(out value))
        {
            return false;
        }

        value &= fullMask;
        int save = Position;
        if (Take('/'))
        {
            if (ScanInt(out ulong m))
            {
                mask = m & fullMask;
            }
            else
            {
                Position = save;
            }
        }

        return true;
    }

    public bool ScanIpv4(scoped Span<byte> key, scoped Span<byte> mask)
    {
        if (!Ipv4Text.TryParsePrefix(Rest, out uint address, out int consumed))
        {
            return false;
        }

        Position += consumed;
        BinaryPrimitives.WriteUInt32BigEndian(key, address);
        if (!mask.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32BigEndian(mask, uint.MaxValue);
            if (Peek == '/' && Ipv4Text.TryParsePrefix(Rest[1..], out uint m, out int mc))
            {
                Position += 1 + mc;
                BinaryPrimitives.WriteUInt32BigEndian(mask, m);
            }
        }

        return true;
    }

    public bool ScanEth(scoped Span<byte> key, scoped Span<byte> mask)
    {
        if (!EthAddr.TryParsePrefix(Rest, out EthAddr address, out int consumed))
        {
            return false;
        }

        Position += consumed;
        address.Write(key);
        if (!mask.IsEmpty)
        {
            EthAddr.Broadcast.Write(mask);
            if (Peek == '/' && EthAddr.TryParsePrefix(Rest[1..], out EthAddr m, out int mc))
            {
                Position += 1 + mc;
                m.Write(mask);
            }
        }

        return true;
    }

    public bool ScanIpv6(scoped Span<byte> key, scoped Span<byte> mask)
    {
        if (!TryIpv6(Rest, out Ipv6Address address, out int consumed))
        {
            return false;
        }

        Position += consumed;
        address.Write(key);
        if (!mask.IsEmpty)
        {
            mask.Fill(0xff);
            if (Peek == '/' && TryIpv6(Rest[1..], out Ipv6Address m, out int mc))
            {
                Position += 1 + mc;
                m.Write(mask);
            }
        }

        return true;
    }

    /// <summary>"%46[0-9a-fA-F:.]" followed by inet_pton.</summary>
    private static bool TryIpv6(ReadOnlySpan<char> text, out Ipv6Address address, out int consumed)
    {
        int n = 0;
        while (n < text.Length && n < 46 && (Uri.IsHexDigit(text[n]) || text[n] is ':' or '.'))
        {
            n++;
        }

        consumed = n;
        address = default;
        return n > 0 && Ipv6Address.TryParse(text[..n], out address);
    }

    /// <summary>"%7[a-z]" naming an ODP fragment type.</summary>
    public bool ScanFrag(out byte frag)
    {
        int n = 0;
        ReadOnlySpan<char> rest = Rest;
        while (n < rest.Length && n < 7 && rest[n] is >= 'a' and <= 'z')
        {
            n++;
        }

        ReadOnlySpan<char> word = rest[..n];
        frag = 0;
        if (word.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            frag = OdpFrag.None;
        }
        else if (word.Equals("first", StringComparison.OrdinalIgnoreCase))
        {
            frag = OdpFrag.First;
        }
        else if (word.Equals("later", StringComparison.OrdinalIgnoreCase))
        {
            frag = OdpFrag.Later;
        }
        else
        {
            return false;
        }

        Position += n;
        return true;
    }

    /// <summary>parse_int_string: a hex number (0x...) stored right-aligned, big-endian, in destination.</summary>
    public bool ScanHexBytes(scoped Span<byte> destination)
    {
        destination.Clear();
        ReadOnlySpan<char> rest = Rest;
        if (!(rest.Length > 2 && rest[0] == '0' && rest[1] is 'x' or 'X'))
        {
            // Decimal values are allowed upstream only when they fit in 64 bits.
            int save = Position;
            if (!ScanInt(out ulong v))
            {
                return false;
            }

            Span<byte> be = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(be, v);
            for (int i = 0; i < Math.Min(8, destination.Length); i++)
            {
                destination[^(i + 1)] = be[^(i + 1)];
            }

            return Position > save;
        }

        int start = 2;
        int end = start;
        while (end < rest.Length && Uri.IsHexDigit(rest[end]))
        {
            end++;
        }

        if (end == start)
        {
            return false;
        }

        int digits = end - start;
        if ((digits + 1) / 2 > destination.Length)
        {
            return false;
        }

        int outIndex = destination.Length - 1;
        for (int i = end - 1; i >= start; i -= 2)
        {
            int lo = DigitValue(rest[i]);
            int hi = i - 1 >= start ? DigitValue(rest[i - 1]) : 0;
            destination[outIndex--] = (byte)((hi << 4) | lo);
        }

        Position += end;
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
