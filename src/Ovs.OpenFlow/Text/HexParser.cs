// Upstream: lib/ofpbuf.c, ofpbuf_put_hex() (OVS 3.1)
namespace Ovs.OpenFlow.Text;

internal static class HexParser
{
    /// <summary>
    /// Parses pairs of hex digits, each pair optionally preceded by white space, into bytes. Returns the index of the
    /// first character that does not continue the hex data (the string's length when all of it was consumed).
    /// </summary>
    public static int Parse(string text, List<byte> output)
    {
        int i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
            {
                i++;
            }

            if (i + 1 >= text.Length || !IsHex(text[i]) || !IsHex(text[i + 1]))
            {
                return i;
            }

            output.Add((byte)((HexValue(text[i]) << 4) | HexValue(text[i + 1])));
            i += 2;
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
