using System.Buffers.Binary;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Tests.Packets;

public sealed class ChecksumsTests
{
    // The RFC 1071 definition, one big-endian 16-bit word at a time, as the reference for the word-parallel sum.
    private static uint Reference(uint sum, ReadOnlySpan<byte> data)
    {
        ulong s = sum;
        for (int i = 0; i < data.Length; i += 2)
        {
            s += i + 1 < data.Length ? BinaryPrimitives.ReadUInt16BigEndian(data[i..]) : (uint)data[i] << 8;
        }

        while ((s >> 16) != 0)
        {
            s = (s & 0xffff) + (s >> 16);
        }

        return (uint)s;
    }

    private static uint Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return sum;
    }

    [Fact]
    public void AddAgreesWithTheWordByWordDefinitionOnEveryLengthAndOffset()
    {
        var random = new Random(1071);
        byte[] buffer = new byte[2100];
        for (int round = 0; round < 3000; round++)
        {
            // Random bytes, all 0xff, or all zero: the sums that fold to 0xffff and 0 must agree too.
            byte fill = (byte)(round % 3 == 0 ? 0xff : 0);
            if (round % 3 == 2)
            {
                random.NextBytes(buffer);
            }
            else
            {
                buffer.AsSpan().Fill(fill);
            }

            int offset = random.Next(0, 8);
            int length = round < 64 ? round : random.Next(0, buffer.Length - offset);
            uint start = round % 5 == 0 ? 0 : (uint)random.Next();
            ReadOnlySpan<byte> data = buffer.AsSpan(offset, length);
            Assert.Equal(Fold(Reference(start, data)), Fold(Checksums.Add(start, data)));
            Assert.Equal((ushort)~Fold(Reference(start, data)), Checksums.Finish(Checksums.Add(start, data)));
        }
    }

    [Fact]
    public void AKnownIpv4HeaderChecksums()
    {
        // RFC 1071's example words sum to ddf2 (folded); an IPv4 header from a capture checksums to b861.
        byte[] words = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal(0xddf2u, Fold(Checksums.Add(0, words)));
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");
        Assert.Equal(0xb861, Checksums.Compute(header));
    }
}
