// Upstream: parse_set_field(), nxm_parse_reg_load() and nxm_parse_reg_move() of lib/ofp-actions.c and
// lib/nx-match.c (OVS 3.1): the actions that write fields (set_field, load, move), split from ActionParser.Args.cs.
using System.Globalization;
using Ovs.Flow.Fields;
using Ovs.Flow.Packets;
using Ovs.Flow.Text;
using Ovs.OpenFlow.Text;

namespace Ovs.OpenFlow.Actions;

internal sealed partial class ActionParser
{
    private static string? ParseSetField(string arg, List<OfpAct> output)
    {
        int arrow = arg.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            return $"{arg}: missing `->'";
        }

        if (arrow + 2 >= arg.Length)
        {
            return $"{arg}: missing field name following `->'";
        }

        string valueText = arg[..arrow], fieldName = arg[(arrow + 2)..];
        FieldInfo? field = FieldTable.FromName(fieldName);
        if (field is null)
        {
            return $"{fieldName} is not a valid OXM field name";
        }

        if (!field.Writable)
        {
            return $"{fieldName} is read-only";
        }

        var value = new byte[field.Size];
        var mask = new byte[field.Size];
        if (valueText is "ANY" or "*")
        {
            // mf_parse(): any value under an all-zero mask.
            output.Add(new SetFieldAct(field, value, mask, fromRegLoad: false));
            return null;
        }

        string? e = FieldParser.Parse(field, valueText, value, mask);
        if (e is not null)
        {
            return e;
        }

        if (field.Id == FieldId.VlanVid && (value[0] & 0x10) == 0 && (mask[0] & 0x10) != 0 && mask.All(b => b == 0xff || b == 0x1f))
        {
            // set_field on vlan_vid means the OpenFlow 1.2+ form: the VID of a present tag.
            value[0] |= 0x10;
        }

        if (!Ovs.Flow.FieldAccess.IsValueValid(field, value))
        {
            return $"{valueText} is not a valid value for field {fieldName}";
        }

        output.Add(new SetFieldAct(field, value, mask, fromRegLoad: false));
        return null;
    }

    private static string? ParseLoad(string arg, List<OfpAct> output)
    {
        int arrow = arg.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0)
        {
            return $"{arg}: missing `->'";
        }

        string valueText = arg[..arrow];
        string? e = Subfield.TryParse(arg[(arrow + 2)..], out Subfield dst);
        if (e is not null)
        {
            return e;
        }

        // As upstream, the value is read as an integer of the destination field's width (hex of any length that fits
        // or strtoull's forms, stopping at the first character that is not part of it) and, when it has bits beyond
        // the subfield, shown in the field's own format (a MAC address for eth_src, ...).
        Span<byte> parsed = stackalloc byte[dst.Field.Size];
        if (FieldParser.ParseIntString(valueText, 0, parsed, out _) != 0)
        {
            return $"{arg}: cannot parse integer value";
        }

        if (!Subfield.AreBitsZero(parsed, dst.Bits, (dst.Field.Size * 8) - dst.Bits))
        {
            return $"{arg}: value {FieldFormatter.Format(dst.Field, parsed)} does not fit into {dst.Bits} bits";
        }

        if (!dst.Field.Writable)
        {
            return $"destination field {dst.Field.Name} is not writable";
        }

        var value = new byte[dst.Field.Size];
        var mask = new byte[dst.Field.Size];
        for (int k = 0; k < dst.Bits; k++)
        {
            OfpActText.SetBit(value, dst.Offset + k, OfpActText.GetBit(parsed, k));
            OfpActText.SetBit(mask, dst.Offset + k, true);
        }

        output.Add(new SetFieldAct(dst.Field, value, mask, fromRegLoad: true));
        return null;
    }

    private static byte[] ToBytes(ulong v)
    {
        var b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, v);
        return b;
    }

    /// <summary>Hex values wider than 64 bits ("0x" and up to 256 hex digits).</summary>
    private static bool TryParseWide(string s, out byte[] bytes)
    {
        bytes = [];
        if (!s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.Length <= 2 || s.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF"))
        {
            return false;
        }

        string digits = s[2..];
        if (digits.Length % 2 == 1)
        {
            digits = "0" + digits;
        }

        bytes = Convert.FromHexString(digits);
        return true;
    }

    private static int SignificantBits(ReadOnlySpan<byte> value)
    {
        for (int bit = (value.Length * 8) - 1; bit >= 0; bit--)
        {
            if (OfpActText.GetBit(value, bit))
            {
                return bit + 1;
            }
        }

        return 0;
    }

    private static string? ParseMove(string arg, List<OfpAct> output)
    {
        int position = 0;
        string? e = Subfield.TryParsePrefix(arg, ref position, out Subfield src);
        if (e is not null)
        {
            return e;
        }

        if (!arg.AsSpan(position).StartsWith("->"))
        {
            return $"{arg}: missing `->' following source";
        }

        position += 2;
        e = Subfield.TryParsePrefix(arg, ref position, out Subfield dst);
        if (e is not null)
        {
            return e;
        }

        if (position != arg.Length)
        {
            return $"{arg}: trailing garbage following destination";
        }

        if (src.Bits != dst.Bits)
        {
            return $"{arg}: source field is {src.Bits} bits wide but destination is {dst.Bits} bits wide";
        }

        output.Add(new RegMoveAct(src, dst));
        return null;
    }
}
