// Upstream: ovs_be16 in include/openvswitch/types.h (OVS 3.1).
// A 16-bit value held in network byte order. The raw field is exactly the two bytes as they appear on the wire
// (read as a little-endian ushort on little-endian hosts), so copying it to and from packets needs no swap;
// only Value swaps. Host and network order cannot be mixed because the types differ.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ovs.Flow.Packets;

internal readonly struct Be16 : IEquatable<Be16>
{
    private readonly ushort _raw;

    private Be16(ushort raw, bool _) => _raw = raw;

    /// <summary>Wraps a host-order value.</summary>
    public Be16(ushort hostValue) => _raw = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(hostValue) : hostValue;

    public ushort Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(_raw) : _raw;
    }

    /// <summary>The two bytes in memory order, as stored (network order).</summary>
    public ushort Raw => _raw;

    public static Be16 FromRaw(ushort raw) => new(raw, false);

    public static Be16 Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt16BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt16BigEndian(destination, Value);

    public static Be16 operator &(Be16 a, Be16 b) => new(a._raw & b._raw, false);

    public static Be16 operator |(Be16 a, Be16 b) => new((ushort)(a._raw | b._raw), false);

    public static Be16 operator ~(Be16 a) => new((ushort)~a._raw, false);

    public static bool operator ==(Be16 a, Be16 b) => a._raw == b._raw;

    public static bool operator !=(Be16 a, Be16 b) => a._raw != b._raw;

    public bool Equals(Be16 other) => _raw == other._raw;

    public override bool Equals(object? obj) => obj is Be16 other && Equals(other);

    public override int GetHashCode() => _raw;

    public override string ToString() => "0x" + Value.ToString("x4", System.Globalization.CultureInfo.InvariantCulture);

    private Be16(int raw, bool _) => _raw = (ushort)raw;
}
