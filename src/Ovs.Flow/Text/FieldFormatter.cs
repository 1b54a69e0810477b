// Upstream: mf_format() and the mf_format_*_string() helpers of lib/meta-flow.c (OVS 3.1).
// The text of one field's value and optional mask, as set_field actions and learned flows print it: integers in
// decimal or hex with a hex mask, addresses with CIDR or explicit masks, ports by name, flag fields as
// "+a-b" or "a|b", fragment handling by name. An all-zero mask prints "ANY".
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Text;

internal static class FieldFormatter
{
    public static string Format(FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask = default)
    {
        var sb = new StringBuilder();
        Append(sb, field, value, mask);
        return sb.ToString();
    }

    /// <summary>Appends value (and mask, unless empty or all-ones) of field.</summary>
    public static void Append(StringBuilder s, FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask = default)
    {
        value = value[..field.Size];
        if (!mask.IsEmpty)
        {
            mask = mask[..field.Size];
            if (!mask.ContainsAnyExcept((byte)0))
            {
                s.Append("ANY");
                return;
            }

            if (!mask.ContainsAnyExcept((byte)0xff))
            {
                mask = default;
            }
        }

        switch (field.Format)
        {
            case FieldFormat.Ofp11Port when mask.IsEmpty:
                FieldAccess.TryOfp11ToOfp10(BinaryPrimitives.ReadUInt32BigEndian(value), out ushort p11);
                s.Append(OfpPortText.Format(p11));
                break;
            case FieldFormat.OfpPort when mask.IsEmpty:
                s.Append(OfpPortText.Format(BinaryPrimitives.ReadUInt16BigEndian(value)));
                break;
            case FieldFormat.Decimal or FieldFormat.Hexadecimal or FieldFormat.OfpPort or FieldFormat.Ofp11Port:
                AppendInteger(s, field, value, mask);
                break;
            case FieldFormat.CtState:
                FlagNames.FormatMasked(s, null, FlagNames.CtState, BinaryPrimitives.ReadUInt32BigEndian(value), mask.IsEmpty ? uint.MaxValue : BinaryPrimitives.ReadUInt32BigEndian(mask), 0xffff);
                break;
            case FieldFormat.Ethernet:
                s.Append(EthAddr.Read(value).ToString());
                if (!mask.IsEmpty)
                {
                    s.Append('/').Append(EthAddr.Read(mask).ToString());
                }

                break;
            case FieldFormat.Ipv4:
                MatchFormatter.AppendIpMasked(s, BinaryPrimitives.ReadUInt32BigEndian(value), mask.IsEmpty ? uint.MaxValue : BinaryPrimitives.ReadUInt32BigEndian(mask));
                break;
            case FieldFormat.Ipv6:
                MatchFormatter.AppendIpv6Masked(s, Ipv6Address.Read(value), mask.IsEmpty ? Ipv6Address.AllOnes : Ipv6Address.Read(mask));
                break;
            case FieldFormat.Frag:
                AppendFrag(s, value[0], mask.IsEmpty ? (byte)0xff : mask[0]);
                break;
            case FieldFormat.TunnelFlags:
                FlagNames.FormatMasked(s, null, FlagNames.TunnelFlag, BinaryPrimitives.ReadUInt16BigEndian(value), (mask.IsEmpty ? 0xffffu : BinaryPrimitives.ReadUInt16BigEndian(mask)) & 1u, 1u);
                break;
            case FieldFormat.TcpFlags:
                FlagNames.FormatMasked(s, null, FlagNames.TcpFlag, BinaryPrimitives.ReadUInt16BigEndian(value), (mask.IsEmpty ? 0xffffu : BinaryPrimitives.ReadUInt16BigEndian(mask)) & 0x0fffu, 0x0fffu);
                break;
            case FieldFormat.PacketType:
                MatchFormatter.PacketTypeMasked(s, BinaryPrimitives.ReadUInt32BigEndian(value), mask.IsEmpty ? uint.MaxValue : BinaryPrimitives.ReadUInt32BigEndian(mask));
                break;
        }
    }

    private static void AppendInteger(StringBuilder s, FieldInfo field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        if (field.Format is FieldFormat.Hexadecimal)
        {
            MatchFormatter.Hex(s, value);
        }
        else
        {
            ulong integer = 0;
            foreach (byte b in value)
            {
                integer = (integer << 8) | b;
            }

            s.Append(((long)integer).ToString(CultureInfo.InvariantCulture));
        }

        if (!mask.IsEmpty)
        {
            s.Append('/');
            MatchFormatter.Hex(s, mask);
        }
    }

    private static void AppendFrag(StringBuilder s, byte value, byte mask)
    {
        mask &= 3;
        value &= mask;
        (string Name, byte Mask, byte Value)[] frags = [("no", 3, 0), ("first", 3, 1), ("later", 3, 3), ("no", 1, 0), ("yes", 1, 1), ("not_later", 2, 0), ("later", 2, 2)];
        foreach ((string name, byte m, byte v) in frags)
        {
            if (value == v && mask == m)
            {
                s.Append(name);
                return;
            }
        }

        s.Append("<error>");
    }
}
