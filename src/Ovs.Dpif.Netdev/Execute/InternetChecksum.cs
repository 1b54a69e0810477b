// Upstream: recalc_csum16(), recalc_csum32(), recalc_csum48() and recalc_csum128() in lib/csum.c (OVS 3.1).
// Incremental update of an Internet checksum when a covered field changes (RFC 1624, eqn. 3):
// HC' = ~(~HC + ~m + m'). Values are 16-bit words as they read in network order; the folding gives the same
// result as recomputing the checksum over the whole data, except that a result of 0xffff/0x0000 follows the
// incremental rule (which is what the datapath has always produced).
using System.Buffers.Binary;

namespace Ovs.Dpif.Netdev.Execute;

internal static class InternetChecksum
{
    /// <summary>The checksum after one 16-bit word changed from <paramref name="oldWord"/> to <paramref name="newWord"/>.</summary>
    public static ushort Update16(ushort checksum, ushort oldWord, ushort newWord)
    {
        uint sum = (ushort)~checksum + (uint)(ushort)~oldWord + newWord;
        return Fold(sum);
    }

    public static ushort Update32(ushort checksum, uint oldValue, uint newValue) =>
        Update16(Update16(checksum, (ushort)(oldValue >> 16), (ushort)(newValue >> 16)), (ushort)oldValue, (ushort)newValue);

    /// <summary>The checksum after the bytes <paramref name="oldBytes"/> (an even count) became <paramref name="newBytes"/>.</summary>
    public static ushort UpdateBytes(ushort checksum, ReadOnlySpan<byte> oldBytes, ReadOnlySpan<byte> newBytes)
    {
        for (int i = 0; i + 1 < oldBytes.Length; i += 2)
        {
            checksum = Update16(checksum, BinaryPrimitives.ReadUInt16BigEndian(oldBytes[i..]), BinaryPrimitives.ReadUInt16BigEndian(newBytes[i..]));
        }

        return checksum;
    }

    /// <summary>Reads the checksum field at <paramref name="offset"/> of <paramref name="data"/>.</summary>
    public static ushort Read(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    public static void Write(Span<byte> data, int offset, ushort checksum) => BinaryPrimitives.WriteUInt16BigEndian(data[offset..], checksum);

    private static ushort Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
