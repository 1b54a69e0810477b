// Upstream: ovs_u128 flow ids, odp_flow_key_hash() and odp_format_ufid() in lib/odp-util.c (OVS 3.1).
// A datapath flow's unique id: 128 bits chosen by whoever installs the flow, or, when none is given, a 128-bit hash
// of the flow key as installed. As upstream, the hash is keyed with a secret chosen once per process, so generated
// ids are unique within a run and carry no meaning across runs.
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Flows;

internal readonly struct Ufid : IEquatable<Ufid>
{
    private static readonly ulong s_secret = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

    public Ufid(uint part0, uint part1, uint part2, uint part3)
    {
        Part0 = part0;
        Part1 = part1;
        Part2 = part2;
        Part3 = part3;
    }

    /// <summary>The four 32-bit parts in upstream's u32[0..3] order, as the text form prints them.</summary>
    public uint Part0 { get; }

    public uint Part1 { get; }

    public uint Part2 { get; }

    public uint Part3 { get; }

    public bool IsZero => (Part0 | Part1 | Part2 | Part3) == 0;

    /// <summary>The id generated for a flow put without one: a hash of the key as given (upstream hashes struct
    /// flow the same way).</summary>
    public static Ufid FromFlow(in FlowData key) => Hash(key.ReadOnlyBytes, s_secret);

    /// <summary>Keyed 128-bit hash of <paramref name="data"/>; two 64-bit lanes, each word mixed into both.</summary>
    public static Ufid Hash(ReadOnlySpan<byte> data, ulong seed)
    {
        ulong h1 = seed ^ 0x9e3779b97f4a7c15UL;
        ulong h2 = ~seed;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            ulong w = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            h1 = Lane(h1, w, 0x87c37b91114253d5UL);
            h2 = Lane(h2, w, 0x4cf5ad432745937fUL);
            h1 += h2;
            h2 += h1;
        }

        ulong tail = 0;
        for (int shift = 0; i < data.Length; i++, shift += 8)
        {
            tail |= (ulong)data[i] << shift;
        }

        h1 = Lane(h1, tail, 0x87c37b91114253d5UL) ^ (ulong)data.Length;
        h2 = Lane(h2, tail, 0x4cf5ad432745937fUL) ^ (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = Avalanche(h1);
        h2 = Avalanche(h2);
        h1 += h2;
        h2 += h1;
        return new Ufid((uint)h1, (uint)(h1 >> 32), (uint)h2, (uint)(h2 >> 32));
    }

    /// <summary>Upstream's text form, "ufid:" and then the UUID-like layout of the four parts.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ufid:{Part0:x8}-{Part1 >> 16:x4}-{Part1 & 0xffff:x4}-{Part2 >> 16:x4}-{Part2 & 0xffff:x4}{Part3:x8}");

    public bool Equals(Ufid other) =>
        Part0 == other.Part0 && Part1 == other.Part1 && Part2 == other.Part2 && Part3 == other.Part3;

    public override bool Equals(object? obj) => obj is Ufid other && Equals(other);

    public override int GetHashCode() => (int)(Part0 ^ Part3);

    public static bool operator ==(Ufid a, Ufid b) => a.Equals(b);

    public static bool operator !=(Ufid a, Ufid b) => !a.Equals(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Lane(ulong h, ulong w, ulong k)
    {
        w *= k;
        w = BitOperations.RotateLeft(w, 31);
        h ^= w * 0x52dce729UL;
        return (BitOperations.RotateLeft(h, 27) * 5) + 0x38495ab5UL;
    }

    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
