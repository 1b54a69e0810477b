// Upstream: struct flow in include/openvswitch/flow.h (OVS 3.1).
// The values of every matchable field of a packet, as a fixed-size block of 64-bit words (see FlowLayout for the
// offsets). The same type holds masks in FlowWildcards. Being a plain value of words, it hashes and compares
// without allocation, word by word, and copies with a single block move.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ovs.Flow;

internal struct FlowData : IEquatable<FlowData>
{
    private Words _words;

    /// <summary>The flow as bytes, in FlowLayout order.</summary>
    [UnscopedRef]
    public Span<byte> Bytes => MemoryMarshal.AsBytes((Span<ulong>)_words);

    [UnscopedRef]
    public readonly ReadOnlySpan<byte> ReadOnlyBytes => MemoryMarshal.AsBytes((ReadOnlySpan<ulong>)_words);

    [UnscopedRef]
    public readonly ReadOnlySpan<ulong> ReadOnlyWords => _words;

    [UnscopedRef]
    public Span<ulong> WordSpan => _words;

    public readonly byte U8(int offset) => ReadOnlyBytes[offset];

    public readonly ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(ReadOnlyBytes[offset..]);

    public readonly uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(ReadOnlyBytes[offset..]);

    public readonly ulong U64(int offset) => BinaryPrimitives.ReadUInt64BigEndian(ReadOnlyBytes[offset..]);

    public void SetU8(int offset, byte value) => Bytes[offset] = value;

    public void SetU16(int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Bytes[offset..], value);

    public void SetU32(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(Bytes[offset..], value);

    public void SetU64(int offset, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Bytes[offset..], value);

    public readonly bool IsZero(int offset, int size) => !ReadOnlyBytes.Slice(offset, size).ContainsAnyExcept((byte)0);

    public readonly bool IsAllZero => !ReadOnlyBytes.ContainsAnyExcept((byte)0);

    public readonly bool Equals(FlowData other) => ReadOnlyBytes.SequenceEqual(other.ReadOnlyBytes);

    public override readonly bool Equals(object? obj) => obj is FlowData other && Equals(other);

    public override readonly int GetHashCode()
    {
        ulong h = 0;
        foreach (ulong w in (ReadOnlySpan<ulong>)_words)
        {
            h = BitOperationsMix(h ^ w);
        }

        return (int)(h ^ (h >> 32));
    }

    /// <summary>Hash of the flow restricted to mask, without building the masked copy.</summary>
    public readonly ulong HashMasked(in FlowData mask, ulong seed = 0)
    {
        ulong h = seed;
        ReadOnlySpan<ulong> a = _words;
        ReadOnlySpan<ulong> m = mask._words;
        for (int i = 0; i < a.Length; i++)
        {
            ulong w = a[i] & m[i];
            h = BitOperationsMix(h ^ w);
        }

        return h;
    }

    public static bool operator ==(FlowData a, FlowData b) => a.Equals(b);

    public static bool operator !=(FlowData a, FlowData b) => !a.Equals(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitOperationsMix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        return x;
    }

    [InlineArray(FlowLayout.WordCount)]
    private struct Words
    {
        private ulong _element0;
    }
}
