// Upstream: build-aux/cksum-schema-check and POSIX cksum(1) (OVS 3.1)
//
// The "cksum" member of a schema is not computed by OVSDB: it is written by hand and checked at build time as the
// POSIX cksum (CRC-32 with polynomial 0x04C11DB7, MSB first, length appended, complemented) of the schema text
// with the cksum line itself removed, printed as "<crc> <byte count>". ovsdb-tool schema-cksum just prints the
// member. This helper recomputes it so tools and tests can check a schema file.
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ovs.Ovsdb;

public static partial class SchemaChecksum
{
    private static readonly uint[] s_table = BuildTable();

    /// <summary>The expected "cksum" value for schema file bytes <paramref name="schemaText"/>.</summary>
    public static string Compute(string schemaText)
    {
        string stripped = CksumLine().Replace(schemaText, "");
        byte[] bytes = Encoding.UTF8.GetBytes(stripped);
        return string.Create(CultureInfo.InvariantCulture, $"{PosixCksum(bytes)} {bytes.Length}");
    }

    /// <summary>POSIX cksum(1) of <paramref name="data"/>.</summary>
    public static uint PosixCksum(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (byte b in data)
        {
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ b];
        }

        for (long n = data.Length; n != 0; n >>= 8)
        {
            crc = (crc << 8) ^ s_table[(crc >> 24) ^ (byte)n];
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i << 24;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            }

            table[i] = c;
        }

        return table;
    }

    /// <summary>The line sed deletes in upstream's check: <c>/"cksum": *"[0-9][0-9]* [0-9][0-9]*",/d</c>.</summary>
    [GeneratedRegex("^[^\n]*\"cksum\": *\"[0-9][0-9]* [0-9][0-9]*\",[^\n]*\n?", RegexOptions.Multiline)]
    private static partial Regex CksumLine();
}
