// Upstream: lib/bitmap.h as struct mf_bitmap (one bit per meta-flow field) and the 255-bit next-table bitmaps of
// struct ofputil_table_instruction_features use it (OVS 3.1)
//
// A fixed 256-bit set, a value type so table features can be copied and compared without allocating.
using System.Numerics;

namespace Ovs.OpenFlow.Messages;

internal struct Bitmap256 : IEquatable<Bitmap256>
{
    public const int Capacity = 256;

    private ulong _w0;
    private ulong _w1;
    private ulong _w2;
    private ulong _w3;

    public readonly bool IsEmpty => (_w0 | _w1 | _w2 | _w3) == 0;

    public readonly bool this[int bit] => (Word(bit >> 6) & (1UL << (bit & 63))) != 0;

    public void Set(int bit)
    {
        ulong mask = 1UL << (bit & 63);
        switch (bit >> 6)
        {
            case 0: _w0 |= mask; break;
            case 1: _w1 |= mask; break;
            case 2: _w2 |= mask; break;
            default: _w3 |= mask; break;
        }
    }

    public void Clear(int bit)
    {
        ulong mask = ~(1UL << (bit & 63));
        switch (bit >> 6)
        {
            case 0: _w0 &= mask; break;
            case 1: _w1 &= mask; break;
            case 2: _w2 &= mask; break;
            default: _w3 &= mask; break;
        }
    }

    /// <summary>The index of the lowest set bit at or after <paramref name="start"/>, or -1.</summary>
    public readonly int NextSet(int start)
    {
        for (int w = start >> 6; w < 4; w++)
        {
            ulong bits = Word(w);
            if (w == start >> 6)
            {
                bits &= ~0UL << (start & 63);
            }

            if (bits != 0)
            {
                return (w << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }

        return -1;
    }

    public readonly int Count =>
        BitOperations.PopCount(_w0) + BitOperations.PopCount(_w1) + BitOperations.PopCount(_w2) + BitOperations.PopCount(_w3);

    public static Bitmap256 operator |(Bitmap256 a, Bitmap256 b) =>
        new() { _w0 = a._w0 | b._w0, _w1 = a._w1 | b._w1, _w2 = a._w2 | b._w2, _w3 = a._w3 | b._w3 };

    public static Bitmap256 operator &(Bitmap256 a, Bitmap256 b) =>
        new() { _w0 = a._w0 & b._w0, _w1 = a._w1 & b._w1, _w2 = a._w2 & b._w2, _w3 = a._w3 & b._w3 };

    /// <summary>The complement; bits past the set's meaningful width must be masked off by the caller.</summary>
    public static Bitmap256 operator ~(Bitmap256 a) => new() { _w0 = ~a._w0, _w1 = ~a._w1, _w2 = ~a._w2, _w3 = ~a._w3 };

    public static bool operator ==(Bitmap256 a, Bitmap256 b) => a.Equals(b);

    public static bool operator !=(Bitmap256 a, Bitmap256 b) => !a.Equals(b);

    public readonly bool Equals(Bitmap256 other) =>
        _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override readonly bool Equals(object? obj) => obj is Bitmap256 other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    private readonly ulong Word(int index) => index switch
    {
        0 => _w0,
        1 => _w1,
        2 => _w2,
        _ => _w3,
    };
}
