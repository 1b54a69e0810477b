// Upstream: include/openflow/openflow-common.h, struct ofp_header (OVS 3.1)
using System.Buffers.Binary;

namespace Ovs.OpenFlow.Wire;

/// <summary>The 8-byte header that starts every OpenFlow message.</summary>
internal readonly record struct OfpHeader(byte Version, byte Type, ushort Length, uint Xid)
{
    public const int Size = 8;
    public const byte TypeVendor = 4;

    /// <summary>Reads the header of <paramref name="message"/>, which must hold at least <see cref="Size"/> bytes.</summary>
    public static OfpHeader Read(ReadOnlySpan<byte> message) => new(
        message[0],
        message[1],
        BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
        BinaryPrimitives.ReadUInt32BigEndian(message[4..]));

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Xid);
    }
}
