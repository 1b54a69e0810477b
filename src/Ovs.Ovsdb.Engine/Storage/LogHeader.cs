// Upstream: ovsdb/log.c, parse_header() and the record framing (OVS 3.1); format in ovsdb(5)
//
// A log record is framed as "<magic> <length> <sha1>\n" followed by <length> bytes: the JSON text and a newline
// (the newline is counted in the length and covered by the SHA-1). Standalone files use the magic "OVSDB JSON",
// clustered ones "OVSDB CLUSTER". Parsing rules, as observed on upstream's tools: the length accepts a leading '+'
// and leading zeros; the hash is exactly 40 hex digits in either case and must end the line; nothing may follow.
// Upstream reads at most 127 bytes of a header line, so an error message never shows more than that.
using System.Globalization;
using System.Text;

namespace Ovs.Ovsdb.Engine.Storage;

internal static class LogHeader
{
    public const string StandaloneMagic = "OVSDB JSON";
    public const string ClusteredMagic = "OVSDB CLUSTER";

    /// <summary>The longest header line upstream reads, without its newline.</summary>
    public const int MaxLineLength = 127;

    public const int Sha1HexLength = 40;

    /// <summary>Parses a header line (no newline) for a known <paramref name="magic"/>.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, string magic, out long length, out byte[] sha1)
    {
        length = 0;
        sha1 = [];
        if (!StartsWith(line, magic) || line.Length <= magic.Length || line[magic.Length] != (byte)' ')
        {
            return false;
        }

        return TryParseLengthAndHash(line[(magic.Length + 1)..], out length, out sha1);
    }

    /// <summary>
    /// Splits a header line of any magic, as done on the first record to identify the file type: the hash is the
    /// last word, the length the one before, and the magic everything in front.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out string magic)
    {
        magic = "";
        int hashSpace = line.LastIndexOf((byte)' ');
        if (hashSpace <= 0)
        {
            return false;
        }

        int lengthSpace = line[..hashSpace].LastIndexOf((byte)' ');
        if (lengthSpace <= 0 || !TryParseLengthAndHash(line[(lengthSpace + 1)..], out _, out _))
        {
            return false;
        }

        magic = Encoding.UTF8.GetString(line[..lengthSpace]);
        return true;
    }

    /// <summary>
    /// The header text upstream quotes in "parse error ... in header line": when the line starts with the magic,
    /// only up to the first space after it (upstream cuts the line there while parsing), otherwise the whole line;
    /// in both cases up to any NUL byte.
    /// </summary>
    public static string QuoteForError(ReadOnlySpan<byte> line, string magic)
    {
        if (StartsWith(line, magic))
        {
            int space = line[magic.Length..].IndexOf((byte)' ');
            if (space >= 0)
            {
                line = line[..(magic.Length + space)];
            }
        }

        int nul = line.IndexOf((byte)0);
        if (nul >= 0)
        {
            line = line[..nul];
        }

        return Encoding.UTF8.GetString(line);
    }

    public static byte[] Format(string magic, long length, ReadOnlySpan<byte> sha1) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{magic} {length} {Convert.ToHexStringLower(sha1)}\n"));

    private static bool TryParseLengthAndHash(ReadOnlySpan<byte> rest, out long length, out byte[] sha1)
    {
        length = 0;
        sha1 = [];
        int space = rest.IndexOf((byte)' ');
        if (space < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> digits = rest[..space];
        if (digits.Length > 0 && digits[0] == (byte)'+')
        {
            digits = digits[1..];
        }

        if (digits.Length == 0)
        {
            return false;
        }

        foreach (byte b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9' || length > (long.MaxValue - 9) / 10)
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        ReadOnlySpan<byte> hex = rest[(space + 1)..];
        if (hex.Length != Sha1HexLength)
        {
            return false;
        }

        foreach (byte b in hex)
        {
            if (!char.IsAsciiHexDigit((char)b))
            {
                return false;
            }
        }

        sha1 = Convert.FromHexString(Encoding.ASCII.GetString(hex));
        return true;
    }

    private static bool StartsWith(ReadOnlySpan<byte> line, string magic)
    {
        if (line.Length < magic.Length)
        {
            return false;
        }

        for (int i = 0; i < magic.Length; i++)
        {
            if (line[i] != magic[i])
            {
                return false;
            }
        }

        return true;
    }
}
