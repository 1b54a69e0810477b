// Upstream: lib/hash.h (hash_add64, hash_finish) (OVS 3.1), our own mixing.
// The word hash used by the fast path: exact keys (EMC, SMC) and masked subtable keys (dpcls) hash their words with
// it. It is a multiply-rotate mix per 64-bit word and a final avalanche, so that every input bit reaches the low
// bits the caches index by and the high bits the SMC keeps as a signature.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ovs.Dpif.Netdev.Caches;

internal static class FlowKeyHash
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(ulong hash, ulong word)
    {
        word *= 0x87c37b91114253d5UL;
        word = BitOperations.RotateLeft(word, 31);
        word *= 0x4cf5ad432745937fUL;
        hash ^= word;
        return (BitOperations.RotateLeft(hash, 27) * 5) + 0x52dce729UL;
    }

    public static ulong Words(ReadOnlySpan<ulong> words, ulong basis = 0)
    {
        ulong hash = basis;
        foreach (ulong w in words)
        {
            hash = Add(hash, w);
        }

        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finish(ulong hash, int count)
    {
        hash ^= (ulong)count;
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (uint)hash ^ (uint)(hash >> 32);
    }
}
