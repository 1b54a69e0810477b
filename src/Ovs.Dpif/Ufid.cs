// Upstream: odp_ufid_from_string() and odp_format_ufid() in lib/odp-util.c (OVS 3.1).
// A unique flow identifier: 128 bits that name a datapath flow independently of its key. Text form is
// "ufid:" followed by a UUID in its usual 8-4-4-4-12 hex form; the bytes are those of upstream's struct uuid
// (four host-order 32-bit words), which is how the datapath hands them over.
using System.Globalization;
using System.Text;

namespace Ovs.Dpif;

internal readonly partial record struct Ufid(uint W0, uint W1, uint W2, uint W3)
{
    public bool IsZero => (W0 | W1 | W2 | W3) == 0;

    public override string ToString()
    {
        var sb = new StringBuilder(41);
        AppendTo(sb);
        return sb.ToString();
    }

    public void AppendTo(StringBuilder sb) =>
        sb.Append(CultureInfo.InvariantCulture, $"ufid:{W0:x8}-{W1 >> 16:x4}-{W1 & 0xffff:x4}-{W2 >> 16:x4}-{W2 & 0xffff:x4}{W3:x8}");

    /// <summary>
    /// 0 when text does not start with "ufid:", the characters consumed when it starts with a valid one, and -1
    /// when "ufid:" is followed by something that is not a UUID.
    /// </summary>
    public static int TryParsePrefix(ReadOnlySpan<char> text, out Ufid ufid)
    {
        ufid = default;
        if (!text.StartsWith("ufid:", StringComparison.Ordinal))
        {
            return 0;
        }

        ReadOnlySpan<char> u = text[5..];
        if (u.Length < 36 || u[8] != '-' || u[13] != '-' || u[18] != '-' || u[23] != '-')
        {
            return -1;
        }

        if (!Hex(u[..8], out uint w0) || !Hex(u.Slice(9, 4), out uint a) || !Hex(u.Slice(14, 4), out uint b)
            || !Hex(u.Slice(19, 4), out uint c) || !Hex(u.Slice(24, 4), out uint d) || !Hex(u.Slice(28, 8), out uint w3))
        {
            return -1;
        }

        ufid = new Ufid(w0, (a << 16) | b, (c << 16) | d, w3);
        return 5 + 36;
    }

    private static bool Hex(ReadOnlySpan<char> s, out uint value) =>
        uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
