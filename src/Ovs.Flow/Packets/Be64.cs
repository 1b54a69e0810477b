// Upstream: ovs_be64 in include/openvswitch/types.h (OVS 3.1).
// A 64-bit value held in network byte order. The raw field is exactly the eight bytes as they appear on the wire
// (read as a little-endian ulong on little-endian hosts), so copying it to and from packets needs no swap;
// only Value swaps. Host and network order cannot be mixed because the types differ.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ovs.Flow.Packets;

internal readonly struct Be64 : IEquatable<Be64>
{
    private readonly ulong _raw;

    private Be64(ulong raw, bool _) => _raw = raw;

    /// <summary>Wraps a host-order value.</summary>
    public Be64(ulong hostValue) => _raw = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(hostValue) : hostValue;

    public ulong Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(_raw) : _raw;
    }

    /// <summary>The eight bytes in memory order, as stored (network order).</summary>
    public ulong Raw => _raw;

    public static Be64 FromRaw(ulong raw) => new(raw, false);

    public static Be64 Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt64BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, Value);

    public static Be64 operator &(Be64 a, Be64 b) => new(a._raw & b._raw, false);

    public static Be64 operator |(Be64 a, Be64 b) => new(a._raw | b._raw, false);

    public static Be64 operator ~(Be64 a) => new(~a._raw, false);

    public static bool operator ==(Be64 a, Be64 b) => a._raw == b._raw;

    public static bool operator !=(Be64 a, Be64 b) => a._raw != b._raw;

    public bool Equals(Be64 other) => _raw == other._raw;

    public override bool Equals(object? obj) => obj is Be64 other && Equals(other);

    public override int GetHashCode() => _raw.GetHashCode();

    public override string ToString() => "0x" + Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

}
