// Upstream: nx_match_to_string(), oxm_match_to_string(), nx_match_from_string() and oxm_match_from_string() of
// lib/nx-match.c (OVS 3.1): the "NXM_OF_IN_PORT(0001), NXM_OF_ETH_TYPE(0800)" text of ovs-ofctl parse-nx-match and
// parse-oxm. Entries are named by their header ("_W" when masked), values and masks in hex; an empty match is
// "<any>"; headers no field owns print as "class:field"; undecodable trailing bytes as "<N invalid bytes>".
using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Ovs.Flow.Fields;

namespace Ovs.Flow.Nxm;

internal static class NxmText
{
    public static string Format(ReadOnlySpan<byte> entries)
    {
        if (entries.IsEmpty)
        {
            return "<any>";
        }

        var sb = new StringBuilder();
        var reader = new NxmReader(entries);
        while (reader.Remaining > 0)
        {
            var probe = reader;
            NxmError error = probe.TryRead(allowCookie: true, out OxmHeader header, out _, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mask);
            if (error is not NxmError.None and not NxmError.BadField)
            {
                break;
            }

            reader = probe;
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            AppendHeaderName(sb, header);
            sb.Append('(');
            AppendHex(sb, value);
            if (header.HasMask)
            {
                sb.Append('/');
                AppendHex(sb, mask);
            }

            sb.Append(')');
        }

        if (reader.Remaining > 0)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<{reader.Remaining} invalid bytes>");
        }

        return sb.ToString();
    }

    /// <summary>Formats an OXM match that starts with its ofp11_match_header (oxm_match_to_string).</summary>
    public static string FormatOxm(ReadOnlySpan<byte> match)
    {
        if (match.Length < 4)
        {
            return $"<match too short: {match.Length}>";
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(match);
        if (type != 1)
        {
            return $"<bad match type field: {type}>";
        }

        ushort length = BinaryPrimitives.ReadUInt16BigEndian(match[2..]);
        if (length < 4)
        {
            return $"<match length field too short: {length}>";
        }

        if (length != match.Length)
        {
            return $"<match length field incorrect: {length} != {match.Length}>";
        }

        return Format(match[4..]);
    }

    private static void AppendHeaderName(StringBuilder sb, OxmHeader header)
    {
        if (NxmReader.TryLookup(header, out FieldInfo? _) && FieldTable.TryGetByHeader(header, out _, out OxmHeader known))
        {
            sb.Append(known.Name);
            if (header.HasMask)
            {
                sb.Append("_W");
            }
        }
        else if (header.Key == NxmReader.CookieKey && header.Length == (header.HasMask ? 16 : 8))
        {
            sb.Append(header.HasMask ? "NXM_NX_COOKIE_W" : "NXM_NX_COOKIE");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"{header.Class}:{header.Field}");
        }
    }

    private static void AppendHex(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{b:x2}");
        }
    }

    /// <summary>
    /// Parses the text form into entries (nx_match_from_string_raw). Returns null on success, else the message
    /// ovs-ofctl dies with.
    /// </summary>
    public static string? TryParse(string text, IBufferWriter<byte> output, out int length)
    {
        length = 0;
        if (text == "<any>")
        {
            return null;
        }

        var bytes = new ArrayBufferWriter<byte>();
        Span<byte> headerBytes = stackalloc byte[8];
        int i = SkipSet(text, 0, ", ");
        while (i < text.Length)
        {
            int nameStart = i;
            int paren = text.IndexOf('(', i);
            if (paren < 0)
            {
                return $"{text}: missing ( at end of nx_match";
            }

            string name = text[nameStart..paren];
            if (!TryParseHeaderName(name, out OxmHeader header))
            {
                return $"{text}: unknown field `{name}'";
            }

            i = paren + 1;
            var value = new ArrayBufferWriter<byte>();
            i = ParseHex(text, i, value);
            int n = value.WrittenCount;
            if (n != header.FieldSize)
            {
                if (NxmReader.TryLookup(header.WithMask(header.HasMask, header.PayloadSize), out FieldInfo? f) && f is { VariableLength: true })
                {
                    if (n > f.Size)
                    {
                        return $"expected to read at most {f.Size} bytes but got {n}";
                    }

                    header = header.WithMask(header.HasMask, header.HasMask ? n * 2 : n);
                }
                else
                {
                    return $"expected to read {header.FieldSize} bytes but got {n}";
                }
            }

            header.Write(headerBytes);
            bytes.Write(headerBytes[..header.HeaderSize]);
            bytes.Write(value.WrittenSpan);
            if (header.HasMask)
            {
                i = SkipSet(text, i, " ");
                if (i >= text.Length || text[i] != '/')
                {
                    return $"{text}: missing / in masked field {name}";
                }

                var mask = new ArrayBufferWriter<byte>();
                i = ParseHex(text, i + 1, mask);
                if (mask.WrittenCount != header.FieldSize)
                {
                    return $"{Prefix2(text, i)}: hex digits expected";
                }

                bytes.Write(mask.WrittenSpan);
            }

            i = SkipSet(text, i, " ");
            if (i >= text.Length || text[i] != ')')
            {
                return $"{text}: missing ) following field {name}";
            }

            i = SkipSet(text, i + 1, ", ");
        }

        output.Write(bytes.WrittenSpan);
        length = bytes.WrittenCount;
        return null;
    }

    // "%.2s" of the rest of the text.
    private static string Prefix2(string text, int i) => i >= text.Length ? string.Empty : text.Substring(i, Math.Min(2, text.Length - i));

    private static bool TryParseHeaderName(string name, out OxmHeader header)
    {
        bool wild = name.Length > 2 && name.EndsWith("_W", StringComparison.Ordinal);
        string bare = wild ? name[..^2] : name;
        if (FieldTable.TryGetHeaderByName(bare, out FieldInfo field, out OxmHeader known))
        {
            if (!wild)
            {
                header = known;
                return true;
            }

            if (field.Maskable)
            {
                header = known.WithMask(true, known.PayloadSize * 2);
                return true;
            }
        }

        if (name == "NXM_NX_COOKIE")
        {
            header = new OxmHeader(1, 30, false, 8, 0);
            return true;
        }

        if (name == "NXM_NX_COOKIE_W")
        {
            header = new OxmHeader(1, 30, true, 16, 0);
            return true;
        }

        if (name.Length == 8 && uint.TryParse(name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint word) && word != 0)
        {
            header = OxmHeader.FromWords(word, 0);
            return true;
        }

        if (name.Length == 16 && ulong.TryParse(name, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong both) && (both >> 48) == OxmHeader.ExperimenterClass)
        {
            header = OxmHeader.FromWords((uint)(both >> 32), (uint)both);
            return true;
        }

        header = default;
        return false;
    }

    // ofpbuf_put_hex: pairs of hex digits, skipping spaces, dots, tabs and newlines between them.
    private static int ParseHex(string s, int i, ArrayBufferWriter<byte> output)
    {
        Span<byte> one = stackalloc byte[1];
        while (true)
        {
            i = SkipSet(s, i, " .\t\r\n");
            if (i + 1 >= s.Length || !char.IsAsciiHexDigit(s[i]) || !char.IsAsciiHexDigit(s[i + 1]))
            {
                return i;
            }

            one[0] = (byte)((EthHex(s[i]) << 4) | EthHex(s[i + 1]));
            output.Write(one);
            i += 2;
        }
    }

    private static int EthHex(char c) => Packets.EthAddr.HexValue(c);

    private static int SkipSet(string s, int i, string set)
    {
        while (i < s.Length && set.Contains(s[i], StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }
}
