// Test frames: Ethernet with the local experimental EtherType 0x88b5, so the kernel stack ignores them and tests
// can tell them apart from the namespace's own traffic (IPv6 neighbour discovery and the like).
using System.Buffers.Binary;

namespace Ovs.Netdev.Tests;

internal static class Frames
{
    public const ushort TestEtherType = 0x88b5;

    public static byte[] Make(int size, int sequence, ushort etherType = TestEtherType)
    {
        byte[] frame = new byte[size];
        frame[0] = 0x02;
        frame[5] = 0x01;
        frame[6] = 0x02;
        frame[11] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), etherType);
        if (size >= 18)
        {
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(14), sequence);
        }

        for (int i = 18; i < size; i++)
        {
            frame[i] = (byte)(i + sequence);
        }

        return frame;
    }

    public static bool IsTest(ReadOnlySpan<byte> frame) =>
        frame.Length >= 18 && BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == TestEtherType;

    public static int Sequence(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadInt32BigEndian(frame[14..]);
}
