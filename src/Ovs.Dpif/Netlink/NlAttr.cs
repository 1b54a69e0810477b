// Upstream: lib/netlink.h and lib/netlink.c (OVS 3.1), attribute part only.
// One netlink attribute: a 4-byte header (16-bit length including the header, 16-bit type, both in host byte
// order as netlink requires) followed by the payload and padding to a 4-byte boundary. Multi-byte payload values
// of the datapath interface (addresses, ports, TCI) are in network byte order; plain counters (u32 ports, ids) are
// in host byte order, so the readers below name the order they use.
using System.Buffers.Binary;

namespace Ovs.Dpif.Netlink;

internal readonly ref struct NlAttr
{
    public const int HeaderSize = 4;

    public NlAttr(ushort type, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    /// <summary>The attribute type, without the nested and byte-order flag bits.</summary>
    public ushort Type { get; }

    public ReadOnlySpan<byte> Payload { get; }

    public int Size => Payload.Length;

    public byte U8 => Payload[0];

    public ushort U16 => BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(Payload) : BinaryPrimitives.ReadUInt16BigEndian(Payload);

    public uint U32 => BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(Payload) : BinaryPrimitives.ReadUInt32BigEndian(Payload);

    public ushort Be16 => BinaryPrimitives.ReadUInt16BigEndian(Payload);

    public uint Be32 => BinaryPrimitives.ReadUInt32BigEndian(Payload);

    public ulong Be64 => BinaryPrimitives.ReadUInt64BigEndian(Payload);

    /// <summary>The attributes nested in this one's payload.</summary>
    public NlAttrReader Nested => new(Payload);

    public static int Align(int size) => (size + 3) & ~3;
}
