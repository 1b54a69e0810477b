// Upstream: struct in6_addr as used in struct flow, and ipv6_format_addr()/ipv6_parse() of lib/packets.c (OVS 3.1).
// A 128-bit IPv6 address held as two big-endian halves so that masking, comparing and prefix tests are two word
// operations. The text form follows inet_ntop(3) as glibc prints it (longest run of two or more zero groups
// compressed, first run on ties, embedded IPv4 for ::a.b.c.d and ::ffff:a.b.c.d).
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Ovs.Flow.Packets;

internal readonly struct Ipv6Address : IEquatable<Ipv6Address>
{
    public Ipv6Address(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    /// <summary>The first eight bytes of the address, as a host-order integer.</summary>
    public ulong High { get; }

    /// <summary>The last eight bytes of the address, as a host-order integer.</summary>
    public ulong Low { get; }

    public static Ipv6Address Zero => default;

    public static Ipv6Address AllOnes => new(ulong.MaxValue, ulong.MaxValue);

    public bool IsZero => (High | Low) == 0;

    public static Ipv6Address Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>A mask of the first prefixLength bits set (0..128).</summary>
    public static Ipv6Address PrefixMask(int prefixLength) => prefixLength switch
    {
        <= 0 => default,
        >= 128 => AllOnes,
        < 64 => new(ulong.MaxValue << (64 - prefixLength), 0),
        64 => new(ulong.MaxValue, 0),
        _ => new(ulong.MaxValue, ulong.MaxValue << (128 - prefixLength)),
    };

    /// <summary>The prefix length if this is a CIDR mask (leading ones then zeros), otherwise -1.</summary>
    public int CidrLength()
    {
        int n = System.Numerics.BitOperations.LeadingZeroCount(~High);
        if (n < 64)
        {
            return (High << n) == 0 && Low == 0 ? n : -1;
        }

        int m = System.Numerics.BitOperations.LeadingZeroCount(~Low);
        return m == 64 || (Low << m) == 0 ? 64 + m : -1;
    }

    public static Ipv6Address operator &(Ipv6Address a, Ipv6Address b) => new(a.High & b.High, a.Low & b.Low);

    public static Ipv6Address operator |(Ipv6Address a, Ipv6Address b) => new(a.High | b.High, a.Low | b.Low);

    public static Ipv6Address operator ~(Ipv6Address a) => new(~a.High, ~a.Low);

    public static bool operator ==(Ipv6Address a, Ipv6Address b) => a.High == b.High && a.Low == b.Low;

    public static bool operator !=(Ipv6Address a, Ipv6Address b) => !(a == b);

    public bool Equals(Ipv6Address other) => this == other;

    public override bool Equals(object? obj) => obj is Ipv6Address other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(High, Low);

    private ushort Group(int i) => (ushort)((i < 4 ? High : Low) >> (48 - (16 * (i & 3))));

    public override string ToString()
    {
        var sb = new StringBuilder(39);
        AppendTo(sb);
        return sb.ToString();
    }

    public void AppendTo(StringBuilder sb)
    {
        // Longest run of zero groups (length at least 2), first one on ties.
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < 8;)
        {
            if (Group(i) != 0)
            {
                i++;
                continue;
            }

            int j = i;
            while (j < 8 && Group(j) == 0)
            {
                j++;
            }

            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }

            i = j;
        }

        if (bestLength < 2)
        {
            bestStart = -1;
        }

        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append(':');
                if (i == 0)
                {
                    sb.Append(':');
                }

                i += bestLength - 1;
                continue;
            }

            if (i == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && Group(5) == 0xffff)))
            {
                uint v4 = (uint)Low;
                sb.Append(CultureInfo.InvariantCulture, $"{v4 >> 24}.{(v4 >> 16) & 0xff}.{(v4 >> 8) & 0xff}.{v4 & 0xff}");
                return;
            }

            sb.Append(Group(i).ToString("x", CultureInfo.InvariantCulture));
            if (i < 7)
            {
                sb.Append(':');
            }
        }
    }

    /// <summary>Parses the inet_pton(AF_INET6) syntax (no zone, no prefix).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Ipv6Address address)
    {
        address = default;
        Span<ushort> groups = stackalloc ushort[8];
        int count = 0, gap = -1, i = 0;
        if (text.StartsWith("::"))
        {
            gap = 0;
            i = 2;
            if (text.Length == 2)
            {
                address = default;
                return true;
            }
        }
        else if (text.Length == 0 || text[0] == ':')
        {
            return false;
        }

        while (i < text.Length)
        {
            int start = i;
            int v = 0;
            while (i < text.Length && i - start < 5 && char.IsAsciiHexDigit(text[i]))
            {
                v = (v << 4) | EthAddr.HexValue(text[i]);
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                // Embedded dotted quad: must be the last 32 bits.
                if (count > 6 || !Ipv4Text.TryParse(text[start..], out uint v4))
                {
                    return false;
                }

                groups[count++] = (ushort)(v4 >> 16);
                groups[count++] = (ushort)v4;
                i = text.Length;
                break;
            }

            if (i == start || i - start > 4 || count == 8)
            {
                return false;
            }

            groups[count++] = (ushort)v;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ':')
            {
                return false;
            }

            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (gap >= 0)
                {
                    return false;
                }

                gap = count;
                i++;
                if (i == text.Length)
                {
                    break;
                }
            }
            else if (i == text.Length)
            {
                return false;
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        Span<ushort> full = stackalloc ushort[8];
        full.Clear();
        if (gap < 0)
        {
            groups.CopyTo(full);
        }
        else
        {
            groups[..gap].CopyTo(full);
            int tail = count - gap;
            groups[gap..count].CopyTo(full[(8 - tail)..]);
        }

        ulong high = 0, low = 0;
        for (int g = 0; g < 4; g++)
        {
            high = (high << 16) | full[g];
            low = (low << 16) | full[g + 4];
        }

        address = new Ipv6Address(high, low);
        return true;
    }
}
