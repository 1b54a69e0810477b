// Upstream: odp_flow_key_hash() in lib/odp-util.c (OVS 3.1).
// The id a datapath gives a flow put without one: a 128-bit hash of the flow as given. As upstream, the hash is keyed
// with a secret chosen once per process, so generated ids are unique within a run and carry no meaning across runs.
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Ovs.Flow;

namespace Ovs.Dpif;

internal readonly partial record struct Ufid
{
    private static readonly ulong s_secret = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

    /// <summary>The id generated for a flow put without one: a hash of the key as given (before masking).</summary>
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
