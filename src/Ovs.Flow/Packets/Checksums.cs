// Upstream: csum(), csum_continue(), csum_finish() and packet_csum_pseudoheader[6]() of lib/csum.c and
// lib/packets.c (OVS 3.1).
// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of the data as big-endian
// 16-bit words, an odd final byte padded with zero. Partial sums are carried as uint and folded at the end, so a
// pseudo-header and a segment can be summed separately.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ovs.Flow.Packets;

internal static class Checksums
{
    /// <summary>Adds data to a running sum (not yet folded).</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        // The bulk is summed as 32-bit words in the machine's byte order (a 64-bit accumulator cannot overflow for
        // any span) and folded to 16 bits; a ones' complement sum of byte-swapped words is the byte-swapped sum
        // (RFC 1071, 2.B), so one swap turns it into the sum of big-endian words.
        ref byte start = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int i = 0;
        ulong bulk = 0;
        for (; i + 8 <= length; i += 8)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i));
            bulk += (uint)word;
            bulk += word >> 32;
        }

        ulong s = sum;
        if (i > 0)
        {
            bulk = (bulk & 0xffffffff) + (bulk >> 32);
            bulk = (bulk & 0xffff) + (bulk >> 16);
            bulk = (bulk & 0xffff) + (bulk >> 16);
            bulk = (bulk & 0xffff) + (bulk >> 16);
            ushort folded = (ushort)bulk;
            s += BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded;
        }

        for (; i + 1 < length; i += 2)
        {
            s += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (i < length)
        {
            s += (uint)data[i] << 8;
        }

        while ((s >> 32) != 0)
        {
            s = (s & 0xffffffff) + (s >> 32);
        }

        return (uint)s;
    }

    /// <summary>Folds a running sum to 16 bits and complements it: the value to store in a header.</summary>
    public static ushort Finish(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>Sum of the IPv4 pseudo-header (addresses, protocol, transport length) of RFC 793/768.</summary>
    public static uint Ipv4PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, int l4Size)
    {
        uint sum = Add(0, source[..4]);
        sum = Add(sum, destination[..4]);
        return sum + protocol + (uint)l4Size;
    }

    /// <summary>Sum of the IPv6 pseudo-header of RFC 8200 section 8.1.</summary>
    public static uint Ipv6PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte nextHeader, int l4Size)
    {
        uint sum = Add(0, source[..16]);
        sum = Add(sum, destination[..16]);
        return sum + (uint)(l4Size >> 16) + (uint)(l4Size & 0xffff) + nextHeader;
    }
}
