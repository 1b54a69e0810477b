// Upstream: the format_*_masked() helpers of lib/match.c and lib/flow.c, ip_format_masked(),
// ipv6_format_masked(), eth_format_masked() of lib/packets.c and ds_put_hex() (OVS 3.1).
// How MatchFormatter writes one value: "name=value[/mask]," with upstream's choice of decimal, hex and CIDR forms.
using System.Globalization;
using System.Text;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Text;

internal static partial class MatchFormatter
{
    /// <summary>packet_type as match and field texts print it: "eth", or "packet_type=(ns,type)" with masks.</summary>
    internal static void PacketTypeMasked(StringBuilder s, uint value, uint mask)
    {
        if (value == 0 && mask == uint.MaxValue)
        {
            s.Append("eth");
            return;
        }

        s.Append("packet_type=(");
        U16MaskedShort(s, (ushort)(value >> 16), (ushort)(mask >> 16));
        s.Append(',');
        U16MaskedShort(s, (ushort)value, (ushort)mask);
        s.Append(')');
    }

    private static void U16MaskedShort(StringBuilder s, ushort value, ushort mask)
    {
        if (mask == 0)
        {
            s.Append('*');
            return;
        }

        s.Append(value > 9 ? string.Create(CultureInfo.InvariantCulture, $"0x{value:x}") : value.ToString(CultureInfo.InvariantCulture));
        if (mask != ushort.MaxValue)
        {
            s.Append(CultureInfo.InvariantCulture, $"/0x{mask:x}");
        }
    }

    // C's "%#x": "0" for zero, else "0x" and lower-case hex.
    private static string HexAlt(ulong v) => v == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"0x{v:x}");

    private static void Uint32Masked(StringBuilder s, string name, uint value, uint mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=').Append(HexAlt(value));
            if (mask != uint.MaxValue)
            {
                s.Append('/').Append(HexAlt(mask));
            }

            s.Append(',');
        }
    }

    private static void Be64Masked(StringBuilder s, string name, ulong value, ulong mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=').Append(HexAlt(value));
            if (mask != ulong.MaxValue)
            {
                s.Append('/').Append(HexAlt(mask));
            }

            s.Append(',');
        }
    }

    private static void Uint16Masked(StringBuilder s, string name, ushort value, ushort mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=');
            s.Append(mask == ushort.MaxValue ? value.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"0x{value:x}/0x{mask:x}"));
            s.Append(',');
        }
    }

    private static void Uint8Masked(StringBuilder s, string name, byte value, byte mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=');
            s.Append(mask == byte.MaxValue ? value.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"0x{value:x2}/0x{mask:x2}"));
            s.Append(',');
        }
    }

    private static void Be16Masked(StringBuilder s, string name, ushort value, ushort mask) => Uint16Masked(s, name, value, mask);

    private static void Be32Masked(StringBuilder s, string name, uint value, uint mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=');
            s.Append(mask == uint.MaxValue ? value.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"0x{value:x8}/0x{mask:x8}"));
            s.Append(',');
        }
    }

    private static void Be32MaskedHex(StringBuilder s, string name, uint value, uint mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=');
            s.Append(mask == uint.MaxValue ? string.Create(CultureInfo.InvariantCulture, $"0x{value:x}") : string.Create(CultureInfo.InvariantCulture, $"0x{value:x}/0x{mask:x}"));
            s.Append(',');
        }
    }

    private static void IpNetmask(StringBuilder s, string name, uint ip, uint mask)
    {
        if (mask != 0)
        {
            s.Append(name).Append('=');
            AppendIpMasked(s, ip, mask);
            s.Append(',');
        }
    }

    public static void AppendIpMasked(StringBuilder s, uint ip, uint mask)
    {
        Ipv4Text.Append(s, ip);
        if (mask != uint.MaxValue)
        {
            int ones = System.Numerics.BitOperations.LeadingZeroCount(~mask);
            if (ones == 32 || (mask << ones) == 0)
            {
                s.Append('/').Append(ones.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                s.Append('/');
                Ipv4Text.Append(s, mask);
            }
        }
    }

    private static void Ipv6Netmask(StringBuilder s, string name, in FlowData f, in FlowData m, int offset)
    {
        if (m.IsZero(offset, 16))
        {
            return;
        }

        s.Append(name).Append('=');
        AppendIpv6Masked(s, Ipv6Address.Read(f.ReadOnlyBytes[offset..]), Ipv6Address.Read(m.ReadOnlyBytes[offset..]));
        s.Append(',');
    }

    public static void AppendIpv6Masked(StringBuilder s, Ipv6Address ip, Ipv6Address mask)
    {
        ip.AppendTo(s);
        if (mask != Ipv6Address.AllOnes)
        {
            int cidr = mask.CidrLength();
            s.Append('/');
            if (cidr >= 0)
            {
                s.Append(cidr.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                mask.AppendTo(s);
            }
        }
    }

    private static void EthMasked(StringBuilder s, string name, in FlowData f, in FlowData m, int offset)
    {
        if (m.IsZero(offset, 6))
        {
            return;
        }

        s.Append(name).Append('=');
        AppendEthMasked(s, EthAddr.Read(f.ReadOnlyBytes[offset..]), EthAddr.Read(m.ReadOnlyBytes[offset..]));
        s.Append(',');
    }

    public static void AppendEthMasked(StringBuilder s, EthAddr eth, EthAddr mask)
    {
        s.Append(eth.ToString());
        if (mask != EthAddr.Broadcast)
        {
            s.Append('/').Append(mask.ToString());
        }
    }

    // ds_put_hex: the value in hex without leading zeros after "0x", or "0" when zero.
    public static void Hex(StringBuilder s, ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length && bytes[i] == 0)
        {
            i++;
        }

        if (i == bytes.Length)
        {
            s.Append('0');
            return;
        }

        s.Append("0x").Append(bytes[i].ToString("x", CultureInfo.InvariantCulture));
        for (i++; i < bytes.Length; i++)
        {
            s.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
        }
    }
}
