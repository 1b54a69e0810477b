// Upstream: ofpacts_format() of lib/ofp-actions.c and the small printing helpers it uses (ds_put_hex_dump with
// '.' separators, "%#x", mf_format_subvalue()) (OVS 3.1)
using System.Globalization;
using System.Text;

namespace Ovs.OpenFlow.Actions;

internal static class OfpActText
{
    /// <summary>Actions separated by commas; an empty list prints "drop" when <paramref name="emptyIsDrop"/>.</summary>
    public static void AppendList(StringBuilder s, IReadOnlyList<OfpAct> actions, OfpActFormatOptions o, bool emptyIsDrop = true)
    {
        if (actions.Count == 0)
        {
            if (emptyIsDrop)
            {
                s.Append("drop");
            }

            return;
        }

        for (int i = 0; i < actions.Count; i++)
        {
            if (i > 0)
            {
                s.Append(',');
            }

            actions[i].Format(s, o);
        }
    }

    /// <summary>C's "%#x": "0" for zero, otherwise "0x" and lower-case hex digits.</summary>
    public static void AppendHex(StringBuilder s, ulong value)
    {
        if (value == 0)
        {
            s.Append('0');
        }
        else
        {
            s.Append("0x").Append(value.ToString("x", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Bytes as two hex digits each, separated by '.' ("01.02.03").</summary>
    public static void AppendDottedHex(StringBuilder s, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (i > 0)
            {
                s.Append('.');
            }

            s.Append(data[i].ToString("x2", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>mf_format_subvalue: "0x" and the value without leading zero bytes, or "0".</summary>
    public static void AppendSubvalue(StringBuilder s, ReadOnlySpan<byte> value)
    {
        int first = value.IndexOfAnyExcept((byte)0);
        if (first < 0)
        {
            s.Append('0');
            return;
        }

        s.Append("0x").Append(value[first].ToString("x", CultureInfo.InvariantCulture));
        for (int i = first + 1; i < value.Length; i++)
        {
            s.Append(value[i].ToString("x2", CultureInfo.InvariantCulture));
        }
    }

    public static void Chomp(StringBuilder s, char c)
    {
        if (s.Length > 0 && s[^1] == c)
        {
            s.Length--;
        }
    }

    /// <summary>A port or table name, quoted when it could not be read back bare.</summary>
    public static void AppendQuotedName(StringBuilder s, string name)
    {
        bool plain = name.Length > 0 && !name.Any(c => c is ',' or '(' or ')' or '=' or ':' or '"' or ' ' or '[' or ']' or '\\' || char.IsControl(c));
        if (plain)
        {
            s.Append(name);
            return;
        }

        s.Append('"');
        foreach (char c in name)
        {
            if (c is '"' or '\\')
            {
                s.Append('\\');
            }

            s.Append(c);
        }

        s.Append('"');
    }

    /// <summary>Bit <paramref name="bit"/> (0 = least significant) of a big-endian value.</summary>
    public static bool GetBit(ReadOnlySpan<byte> value, int bit)
    {
        int index = value.Length - 1 - (bit / 8);
        return index >= 0 && (value[index] & (1 << (bit % 8))) != 0;
    }

    public static void SetBit(Span<byte> value, int bit, bool on)
    {
        int index = value.Length - 1 - (bit / 8);
        if (index < 0)
        {
            return;
        }

        if (on)
        {
            value[index] |= (byte)(1 << (bit % 8));
        }
        else
        {
            value[index] &= (byte)~(1 << (bit % 8));
        }
    }

    /// <summary>Up to 64 bits of a big-endian value, starting at bit <paramref name="offset"/>.</summary>
    public static ulong ReadBits(ReadOnlySpan<byte> value, int offset, int bits)
    {
        ulong result = 0;
        for (int k = bits - 1; k >= 0; k--)
        {
            result = (result << 1) | (GetBit(value, offset + k) ? 1UL : 0UL);
        }

        return result;
    }

    /// <summary>Writes the low <paramref name="bits"/> bits of <paramref name="x"/> at bit <paramref name="offset"/>.</summary>
    public static void WriteBits(Span<byte> value, int offset, int bits, ulong x)
    {
        for (int k = 0; k < bits; k++)
        {
            SetBit(value, offset + k, ((x >> k) & 1) != 0);
        }
    }
}
