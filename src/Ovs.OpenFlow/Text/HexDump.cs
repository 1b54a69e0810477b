// Upstream: lib/dynamic-string.c ds_put_hex_dump() and lib/util.c ovs_hex_dump() (OVS 3.1)
//
// Sixteen bytes a line: an 8-digit hex offset, two spaces, each byte as two hex digits followed by a space ('-' after
// the eighth), and, with ASCII, the bytes again between bars with unprintable ones as '.', padded to 16 columns.
// Without ASCII the line ends right after its last byte.
using System.Text;

namespace Ovs.OpenFlow.Text;

internal static class HexDump
{
    private const string Digits = "0123456789abcdef";

    public static void Append(StringBuilder sb, ReadOnlySpan<byte> data, long offset, bool ascii)
    {
        while (data.Length > 0)
        {
            int start = (int)(offset % 16);
            int end = Math.Min(16, start + data.Length);
            int n = end - start;
            long lineStart = offset - start;
            sb.Append(lineStart.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).Append("  ");
            for (int i = 0; i < start; i++)
            {
                sb.Append("   ");
            }

            for (int i = start; i < end; i++)
            {
                byte b = data[i - start];
                sb.Append(Digits[b >> 4]).Append(Digits[b & 15]);
                if (ascii || i != end - 1)
                {
                    sb.Append(i == 7 ? '-' : ' ');
                }
            }

            if (ascii)
            {
                for (int i = end; i < 16; i++)
                {
                    sb.Append("   ");
                }

                sb.Append('|');
                for (int i = 0; i < start; i++)
                {
                    sb.Append(' ');
                }

                for (int i = start; i < end; i++)
                {
                    byte b = data[i - start];
                    sb.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
                }

                for (int i = end; i < 16; i++)
                {
                    sb.Append(' ');
                }

                sb.Append('|');
            }

            sb.Append('\n');
            offset += n;
            data = data[n..];
        }
    }

    public static string Format(ReadOnlySpan<byte> data, bool ascii)
    {
        var sb = new StringBuilder();
        Append(sb, data, 0, ascii);
        return sb.ToString();
    }
}
