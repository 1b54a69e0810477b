// Upstream: struct netdev_flow_key and struct miniflow in lib/dpif-netdev-private-dpcls.h and lib/flow.h (OVS 3.1).
//
// The fast path's compact form of a FlowData (the miniflow idea). A FlowData is FlowLayout.WordCount (81) words,
// but a typical packet sets only a dozen of them (in_port, Ethernet addresses and type, IP addresses and protocol,
// ports, ...). This key keeps an 81-bit map of which words are non-zero plus those words packed in word order, so that:
//
//  - hashing and exact comparison (EMC) touch only the non-zero words: a few cache lines instead of ten;
//  - a subtable's masked gather (dpcls) reads word i as "bit i set ? Values[rank(i)] : 0", where the rank is one
//    popcount of the map below bit i, with no branch per absent field.
//
// Invariants: bit i of the map is set exactly when word i of the flow is non-zero, so one flow has exactly one key
// and two keys are equal exactly when their flows are; Values[0..Count) hold the set words in increasing word order;
// Hash is a function of the map and the values only.
//
// Storage is inline and fixed-size (no reference), so arrays of keys (a batch of 32, the 8192 EMC entries) hold them
// without allocation and a key copies as one block. Upstream trims the storage to the used words; a managed struct
// cannot vary in size, and the space is the price of an allocation-free, GC-free cache.
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Caches;

internal struct NetdevFlowKey
{
    /// <summary>Words 0..63 of the flow that are non-zero.</summary>
    public ulong Map0;

    /// <summary>Words 64 and up of the flow that are non-zero (bit 0 is word 64).</summary>
    public ulong Map1;

    /// <summary>Hash of the map and values (see <see cref="FlowKeyHash"/>); the EMC and SMC index by it.</summary>
    public uint Hash;

    /// <summary>Number of values held, the popcount of both maps.</summary>
    public int Count;

    private Words _values;

    [UnscopedRef]
    public readonly ReadOnlySpan<ulong> Values => ((ReadOnlySpan<ulong>)_values)[..Count];

    /// <summary>Builds the key of a flow, replacing whatever this key held.</summary>
    public void Init(in FlowData flow)
    {
        // Most of a packet's flow is zero: test four words at a time and visit only the non-zero ones.
        ref ulong words = ref MemoryMarshal.GetReference(flow.ReadOnlyWords);
        Span<ulong> values = _values;
        int n = 0;
        ulong map0 = Gather(ref words, 0, 64, values, ref n);
        ulong map1 = Gather(ref words, 64, FlowLayout.WordCount, values, ref n);
        Map0 = map0;
        Map1 = map1;
        Count = n;
        Hash = ComputeHash(values[..n], map0, map1);
    }

    /// <summary>Starts building a key word by word (see <see cref="Push"/>); ends with <see cref="Seal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Clear()
    {
        Map0 = 0;
        Map1 = 0;
        Count = 0;
    }

    /// <summary>Appends flow word <paramref name="index"/>, which must be past every word pushed before; a zero word is
    /// left out, as Init leaves it out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(int index, ulong word)
    {
        if (word != 0)
        {
            _values[Count++] = word;
            if (index < 64)
            {
                Map0 |= 1UL << index;
            }
            else
            {
                Map1 |= 1UL << (index - 64);
            }
        }
    }

    /// <summary>Computes the hash of the words pushed since Clear.</summary>
    public void Seal() => Hash = ComputeHash(((ReadOnlySpan<ulong>)_values)[..Count], Map0, Map1);

    public static NetdevFlowKey FromFlow(in FlowData flow)
    {
        var key = default(NetdevFlowKey);
        key.Init(flow);
        return key;
    }

    /// <summary>Word <paramref name="index"/> of the flow (0 when absent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong GetWord(int index)
    {
        if (index < 64)
        {
            ulong bit = 1UL << index;
            return (Map0 & bit) == 0 ? 0 : _values[BitOperations.PopCount(Map0 & (bit - 1))];
        }
        else
        {
            ulong bit = 1UL << (index - 64);
            return (Map1 & bit) == 0 ? 0 : _values[BitOperations.PopCount(Map0) + BitOperations.PopCount(Map1 & (bit - 1))];
        }
    }

    /// <summary>
    /// Writes the key's words into <paramref name="dense"/> at their flow positions; dense must hold at least
    /// FlowLayout.WordCount words, all zero (Collapse puts them back to zero). The classifier probes many masks per
    /// key and reads a masked word from the dense form with one load instead of a rank computation.
    /// </summary>
    public readonly void Expand(Span<ulong> dense)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dense.Length, FlowLayout.WordCount, nameof(dense));
        ReadOnlySpan<ulong> values = _values;
        int n = 0;
        for (ulong m = Map0; m != 0; m &= m - 1)
        {
            dense[BitOperations.TrailingZeroCount(m)] = values[n++];
        }

        for (ulong m = Map1; m != 0; m &= m - 1)
        {
            dense[64 + BitOperations.TrailingZeroCount(m)] = values[n++];
        }
    }

    /// <summary>Zeroes the words Expand wrote, leaving <paramref name="dense"/> all zero again.</summary>
    public readonly void Collapse(Span<ulong> dense)
    {
        for (ulong m = Map0; m != 0; m &= m - 1)
        {
            dense[BitOperations.TrailingZeroCount(m)] = 0;
        }

        for (ulong m = Map1; m != 0; m &= m - 1)
        {
            dense[64 + BitOperations.TrailingZeroCount(m)] = 0;
        }
    }

    /// <summary>Expands the key back into the full flow.</summary>
    public readonly FlowData ToFlow()
    {
        var flow = default(FlowData);
        Expand(flow.WordSpan);
        return flow;
    }

    /// <summary>Exact equality: same flow. The hash is compared first since it differs for almost every miss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool SameAs(in NetdevFlowKey other) =>
        Hash == other.Hash && Map0 == other.Map0 && Map1 == other.Map1 && Values.SequenceEqual(other.Values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ComputeHash(ReadOnlySpan<ulong> values, ulong map0, ulong map1) =>
        FlowKeyHash.Finish(FlowKeyHash.Add(FlowKeyHash.Add(FlowKeyHash.Words(values), map0), map1), values.Length);

    // Appends the non-zero words of [start, end) (at most 64 of them) to values and returns their bitmap, bit 0 for
    // word start.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Gather(ref ulong words, int start, int end, Span<ulong> values, ref int n)
    {
        ulong map = 0;
        int i = start;
        for (; i + 4 <= end; i += 4)
        {
            Vector256<ulong> v = Vector256.LoadUnsafe(ref words, (nuint)i);
            uint lanes = ~Vector256.Equals(v, Vector256<ulong>.Zero).ExtractMostSignificantBits() & 0xf;
            for (; lanes != 0; lanes &= lanes - 1)
            {
                int lane = BitOperations.TrailingZeroCount(lanes);
                values[n++] = Unsafe.Add(ref words, i + lane);
                map |= 1UL << (i + lane - start);
            }
        }

        for (; i < end; i++)
        {
            ulong w = Unsafe.Add(ref words, i);
            if (w != 0)
            {
                values[n++] = w;
                map |= 1UL << (i - start);
            }
        }

        return map;
    }

    [InlineArray(FlowLayout.WordCount)]
    private struct Words
    {
        private ulong _element0;
    }
}
