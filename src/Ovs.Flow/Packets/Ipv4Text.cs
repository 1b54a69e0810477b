// Upstream: IP_FMT / IP_SCAN_FMT in lib/packets.h (OVS 3.1).
// Dotted-quad text for IPv4 addresses held as host-order uint values (the flow stores them as Be32).
using System.Globalization;
using System.Text;

namespace Ovs.Flow.Packets;

internal static class Ipv4Text
{
    public static void Append(StringBuilder sb, uint address) =>
        sb.Append(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}");

    public static string Format(uint address)
    {
        var sb = new StringBuilder(15);
        Append(sb, address);
        return sb.ToString();
    }

    /// <summary>Parses exactly four decimal parts of 0..255 separated by dots (the whole span).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out uint address) =>
        TryParsePrefix(text, out address, out int consumed) && consumed == text.Length;

    /// <summary>
    /// Parses a dotted quad at the start of text, the way upstream's "%hhu.%hhu.%hhu.%hhu" scan does: each part is
    /// a decimal number whose low 8 bits are kept.
    /// </summary>
    public static bool TryParsePrefix(ReadOnlySpan<char> text, out uint address, out int consumed)
    {
        address = 0;
        consumed = 0;
        int i = 0;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }

                i++;
            }

            int start = i;
            uint v = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 10)
            {
                v = (v * 10) + (uint)(text[i] - '0');
                i++;
            }

            if (i == start)
            {
                return false;
            }

            address = (address << 8) | (v & 0xff);
        }

        consumed = i;
        return true;
    }
}
