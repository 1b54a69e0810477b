// Upstream: the format_* helpers of lib/odp-util.c (OVS 3.1), written from their documented output.
// One "name=value[/mask]," item per field. A field whose mask is all zeros is left out unless verbose; a field
// whose mask is all ones (or that has no mask) prints without "/mask". Callers chomp the trailing comma.
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Packets;

namespace Ovs.Dpif.Odp;

internal static class OdpTextFormat
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static void Chomp(StringBuilder sb, char c)
    {
        if (sb.Length > 0 && sb[^1] == c)
        {
            sb.Length--;
        }
    }

    /// <summary>C's "%#x": "0" for zero, else "0x" and lower-case hex.</summary>
    public static void AppendAltHex(StringBuilder sb, ulong value)
    {
        if (value == 0)
        {
            sb.Append('0');
        }
        else
        {
            sb.Append(s_inv, $"0x{value:x}");
        }
    }

    public static void Eth(StringBuilder sb, string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool verbose)
    {
        bool hasMask = !mask.IsEmpty;
        if (!verbose && hasMask && !mask.ContainsAnyExcept((byte)0))
        {
            return;
        }

        sb.Append(name).Append('=');
        sb.Append(EthAddr.Read(key).ToString());
        if (hasMask && mask.ContainsAnyExcept((byte)0xff))
        {
            sb.Append('/').Append(EthAddr.Read(mask).ToString());
        }

        sb.Append(',');
    }

    public static void Ipv4(StringBuilder sb, string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool verbose)
    {
        uint k = BinaryPrimitives.ReadUInt32BigEndian(key);
        bool hasMask = !mask.IsEmpty;
        uint m = hasMask ? BinaryPrimitives.ReadUInt32BigEndian(mask) : uint.MaxValue;
        if (!verbose && m == 0)
        {
            return;
        }

        sb.Append(name).Append('=');
        Ipv4Text.Append(sb, k);
        if (m != uint.MaxValue)
        {
            sb.Append('/');
            Ipv4Text.Append(sb, m);
        }

        sb.Append(',');
    }

    public static void Ipv6(StringBuilder sb, string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, bool verbose)
    {
        bool hasMask = !mask.IsEmpty;
        if (!verbose && hasMask && !mask.ContainsAnyExcept((byte)0))
        {
            return;
        }

        sb.Append(name).Append('=');
        Ipv6Address.Read(key).AppendTo(sb);
        if (hasMask && mask.ContainsAnyExcept((byte)0xff))
        {
            sb.Append('/');
            Ipv6Address.Read(mask).AppendTo(sb);
        }

        sb.Append(',');
    }

    public static void Ipv6Label(StringBuilder sb, string name, uint key, uint? mask, bool verbose)
    {
        if (!verbose && mask == 0)
        {
            return;
        }

        sb.Append(name).Append('=');
        AppendAltHex(sb, key);
        if (mask is uint m && (m & 0xfffff) != 0xfffff)
        {
            sb.Append('/');
            AppendAltHex(sb, m);
        }

        sb.Append(',');
    }

    /// <summary>A number printed in decimal (hex when asHex), with a hex mask when partial.</summary>
    public static void Number(StringBuilder sb, string name, ulong key, ulong? mask, ulong full, bool asHex, bool verbose)
    {
        if (!verbose && mask == 0)
        {
            return;
        }

        sb.Append(name).Append('=');
        if (asHex)
        {
            AppendAltHex(sb, key);
        }
        else
        {
            sb.Append(key.ToString(s_inv));
        }

        if (mask is ulong m && m != full)
        {
            sb.Append('/');
            AppendAltHex(sb, m);
        }

        sb.Append(',');
    }

    public static void U8Dec(StringBuilder sb, string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, int offset, bool verbose) =>
        Number(sb, name, key[offset], mask.IsEmpty ? null : mask[offset], 0xff, false, verbose);

    public static void U8Hex(StringBuilder sb, string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, int offset, bool verbose) =>
        Number(sb, name, key[offset], mask.IsEmpty ? null : mask[offset], 0xff, true, verbose);

    public static void Be16Dec(StringBuilder sb, string name, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, int offset, bool verbose) =>
        Number(sb, name, BinaryPrimitives.ReadUInt16BigEndian(key[offset..]),
            mask.IsEmpty ? null : BinaryPrimitives.ReadUInt16BigEndian(mask[offset..]), 0xffff, false, verbose);

    public static void Frag(StringBuilder sb, string name, byte key, byte? mask)
    {
        if (mask is byte m && m != 0 && m != 0xff)
        {
            sb.Append(s_inv, $"error: partial mask not supported for frag (0x{m:x}),");
        }
        else if (mask != 0)
        {
            sb.Append(name).Append('=').Append(FragName(key)).Append(',');
        }
    }

    public static string FragName(byte frag) => frag switch
    {
        OdpFrag.None => "no",
        OdpFrag.First => "first",
        OdpFrag.Later => "later",
        _ => "<error>",
    };

    /// <summary>format_generic_odp_key: the payload as space-separated hex bytes.</summary>
    public static void Hex(StringBuilder sb, ReadOnlySpan<byte> payload)
    {
        for (int i = 0; i < payload.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(s_inv, $"{payload[i]:x2}");
        }
    }

    /// <summary>ds_put_hex: a big-endian number in hex without leading zero bytes ("0" when zero).</summary>
    public static void BigHex(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        int i = bytes.IndexOfAnyExcept((byte)0);
        if (i < 0)
        {
            sb.Append('0');
            return;
        }

        sb.Append(s_inv, $"0x{bytes[i]:x}");
        for (i++; i < bytes.Length; i++)
        {
            sb.Append(s_inv, $"{bytes[i]:x2}");
        }
    }
}
