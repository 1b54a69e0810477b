// Upstream: ovs_be32 in include/openvswitch/types.h (OVS 3.1).
// A 32-bit value held in network byte order. The raw field is exactly the four bytes as they appear on the wire
// (read as a little-endian uint on little-endian hosts), so copying it to and from packets needs no swap;
// only Value swaps. Host and network order cannot be mixed because the types differ.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ovs.Flow.Packets;

internal readonly struct Be32 : IEquatable<Be32>
{
    private readonly uint _raw;

    private Be32(uint raw, bool _) => _raw = raw;

    /// <summary>Wraps a host-order value.</summary>
    public Be32(uint hostValue) => _raw = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(hostValue) : hostValue;

    public uint Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(_raw) : _raw;
    }

    /// <summary>The four bytes in memory order, as stored (network order).</summary>
    public uint Raw => _raw;

    public static Be32 FromRaw(uint raw) => new(raw, false);

    public static Be32 Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public static Be32 operator &(Be32 a, Be32 b) => new(a._raw & b._raw, false);

    public static Be32 operator |(Be32 a, Be32 b) => new(a._raw | b._raw, false);

    public static Be32 operator ~(Be32 a) => new(~a._raw, false);

    public static bool operator ==(Be32 a, Be32 b) => a._raw == b._raw;

    public static bool operator !=(Be32 a, Be32 b) => a._raw != b._raw;

    public bool Equals(Be32 other) => _raw == other._raw;

    public override bool Equals(object? obj) => obj is Be32 other && Equals(other);

    public override int GetHashCode() => _raw.GetHashCode();

    public override string ToString() => "0x" + Value.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

}
