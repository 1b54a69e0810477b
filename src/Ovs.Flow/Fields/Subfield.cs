// Upstream: struct mf_subfield, mf_parse_subfield(), mf_format_subfield() in lib/nx-match.c and lib/meta-flow.c,
// and the bitwise_* helpers of lib/util.c (OVS 3.1).
// A run of bits within a field, written "NXM_NX_REG0[0..3]", "reg0[5]", "eth_dst[]" or just "eth_dst". Offsets
// count from the least significant bit of the field's big-endian value. Used by match syntax ("reg0[0..3]=5")
// and by actions (load, move, learn, ...).
using System.Globalization;
using System.Text;

namespace Ovs.Flow.Fields;

internal readonly record struct Subfield(FieldInfo Field, int Offset, int Bits)
{
    public bool IsWholeField => Offset == 0 && Bits == Field.Bits;

    /// <summary>
    /// Parses a subfield at the start of s[position..] (the name ends at '[' or '-', so "a[]->b[]" works) and
    /// advances position past it. Returns null or upstream's message.
    /// </summary>
    public static string? TryParsePrefix(string s, ref int position, out Subfield subfield)
    {
        subfield = default;
        string whole = s[position..];
        int nameLength = whole.AsSpan().IndexOfAny('[', '-');
        if (nameLength < 0)
        {
            nameLength = whole.Length;
        }

        ReadOnlySpan<char> name = whole.AsSpan(0, nameLength);
        FieldInfo? field = null;
        ReadOnlySpan<char> bare = name.Length > 2 && name.EndsWith("_W") ? name[..^2] : name;
        if (FieldTable.TryGetHeaderByName(bare, out FieldInfo byHeader, out _))
        {
            field = byHeader;
        }

        field ??= FieldTable.FromName(name);
        if (field is null)
        {
            return $"{whole}: unknown field `{name}'";
        }

        int i = nameLength;
        int start = 0, end = field.Bits - 1;
        if (i < whole.Length && whole[i] == '[')
        {
            if (whole.AsSpan(i).StartsWith("[]"))
            {
                i += 2;
            }
            else if (TryScanRange(whole, i, out start, out end, out int next))
            {
                i = next;
            }
            else
            {
                return $"{whole}: syntax error expecting [] or [<bit>] or [<start>..<end>]";
            }
        }

        if (start > end)
        {
            return $"{whole}: starting bit {start} is after ending bit {end}";
        }

        if (start < 0 || start >= field.Bits)
        {
            return $"{whole}: starting bit {start} is not valid because field is only {field.Bits} bits wide";
        }

        if (end >= field.Bits)
        {
            return $"{whole}: ending bit {end} is not valid because field is only {field.Bits} bits wide";
        }

        subfield = new Subfield(field, start, end - start + 1);
        position += i;
        return null;
    }

    /// <summary>mf_parse_subfield: the whole string must be one subfield.</summary>
    public static string? TryParse(string s, out Subfield subfield)
    {
        int position = 0;
        string? error = TryParsePrefix(s, ref position, out subfield);
        return error ?? (position < s.Length ? "unexpected input following field syntax" : null);
    }

    /// <summary>mf_format_subfield: the field's NXM name when it has one, then [], [bit] or [start..end].</summary>
    public void AppendTo(StringBuilder s)
    {
        s.Append(Field.Header(0)?.Name ?? Field.Name);

        // Covering every significant bit counts as the whole field (nw_ecn is 2 bits of a byte).
        if (Offset == 0 && Bits >= Field.SignificantBits)
        {
            s.Append("[]");
        }
        else if (Bits == 1)
        {
            s.Append(CultureInfo.InvariantCulture, $"[{Offset}]");
        }
        else
        {
            s.Append(CultureInfo.InvariantCulture, $"[{Offset}..{Offset + Bits - 1}]");
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>Copies bits [srcOffset, srcOffset + count) of src to [dstOffset, ...) of dst (bit 0 = LSB of last byte).</summary>
    public static void CopyBits(ReadOnlySpan<byte> src, int srcOffset, Span<byte> dst, int dstOffset, int count)
    {
        for (int k = 0; k < count; k++)
        {
            bool bit = GetBit(src, srcOffset + k);
            SetBit(dst, dstOffset + k, bit);
        }
    }

    public static void SetBits(Span<byte> dst, int offset, int count)
    {
        for (int k = 0; k < count; k++)
        {
            SetBit(dst, offset + k, true);
        }
    }

    /// <summary>Whether bits [offset, offset + count) of value are all zero.</summary>
    public static bool AreBitsZero(ReadOnlySpan<byte> value, int offset, int count)
    {
        for (int k = 0; k < count; k++)
        {
            if (GetBit(value, offset + k))
            {
                return false;
            }
        }

        return true;
    }

    private static bool GetBit(ReadOnlySpan<byte> b, int bit) => (b[b.Length - 1 - (bit / 8)] & (1 << (bit % 8))) != 0;

    private static void SetBit(Span<byte> b, int bit, bool on)
    {
        int index = b.Length - 1 - (bit / 8);
        byte m = (byte)(1 << (bit % 8));
        b[index] = on ? (byte)(b[index] | m) : (byte)(b[index] & ~m);
    }

    // "[%d..%d]" or "[%d]" as sscanf reads them (optional spaces and sign before each number).
    private static bool TryScanRange(string s, int i, out int start, out int end, out int next)
    {
        start = end = next = 0;
        if (!ScanInt(s, i + 1, out start, out int j))
        {
            return false;
        }

        if (j + 1 < s.Length && s[j] == '.' && s[j + 1] == '.' && ScanInt(s, j + 2, out end, out int k) && k < s.Length && s[k] == ']')
        {
            next = k + 1;
            return true;
        }

        if (j < s.Length && s[j] == ']')
        {
            end = start;
            next = j + 1;
            return true;
        }

        return false;
    }

    private static bool ScanInt(string s, int i, out int value, out int end)
    {
        value = 0;
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
        long v = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            v = Math.Min((v * 10) + (s[i] - '0'), int.MaxValue);
            i++;
        }

        end = i;
        value = (int)(negative ? -v : v);
        return i > digits;
    }
}
