// Upstream: ovs_strlcpy_arrays() as the table statistics and features decoders use it on OFP_MAX_TABLE_NAME_LEN (OVS 3.1)
using System.Text;

namespace Ovs.OpenFlow.Messages;

/// <summary>The 32-byte, NUL-padded table name field of table statistics and table features.</summary>
internal static class TableName
{
    public const int Size = 32;

    /// <summary>The name up to its first NUL, at most 31 bytes (upstream always keeps room for the terminator).</summary>
    public static string Read(ReadOnlySpan<byte> field)
    {
        int n = field[..(Size - 1)].IndexOf((byte)0);
        return Encoding.Latin1.GetString(field[..(n < 0 ? Size - 1 : n)]);
    }

    public static void Write(string name, Span<byte> field)
    {
        field[..Size].Clear();
        int n = Math.Min(name.Length, Size - 1);
        Encoding.Latin1.GetBytes(name.AsSpan(0, n), field);
    }
}
