// Random flows and masks for the classifier and cache tests. Values come from small per-word pools so that random
// keys collide under masks often (hits and overlaps are common), and masks are built from a few realistic shapes
// (whole word, high or low half, one byte).
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests;

internal sealed class FlowGen(int seed)
{
    // Words touched: tunnel id, in_port, dl_dst, dl_type/vlan, nw_src/nw_dst, nw_proto/ports, and one word of the
    // second half of the flow so that both maps of NetdevFlowKey are exercised.
    private static readonly int[] s_words = [0, FlowLayout.InPort / 8, FlowLayout.DlDst / 8, FlowLayout.DlType / 8,
        FlowLayout.NwSrc / 8, FlowLayout.NwFrag / 8, FlowLayout.TpDst / 8, 70];

    private static readonly ulong[] s_shapes = [ulong.MaxValue, 0xFFFFFFFF00000000UL, 0x00000000FFFFFFFFUL,
        0x0000FF0000000000UL, 0xF0F0F0F0F0F0F0F0UL];

    private readonly ulong[][] _pools = BuildPools(seed);

    public Random Random { get; } = new(seed);

    public FlowData RandomFlow()
    {
        var flow = default(FlowData);
        Span<ulong> w = flow.WordSpan;
        for (int j = 0; j < s_words.Length; j++)
        {
            ulong[] pool = _pools[j];
            w[s_words[j]] = pool[Random.Next(pool.Length)];
        }

        return flow;
    }

    public FlowWildcards RandomMask()
    {
        var mask = default(FlowWildcards);
        Span<ulong> w = mask.Masks.WordSpan;
        foreach (int word in s_words)
        {
            if (Random.Next(3) != 0)
            {
                w[word] = s_shapes[Random.Next(s_shapes.Length)];
            }
        }

        return mask;
    }

    /// <summary>A packet that the given (key, mask) matches, random outside the mask.</summary>
    public FlowData PacketFor(in FlowData key, in FlowWildcards mask)
    {
        FlowData packet = RandomFlow();
        Span<ulong> p = packet.WordSpan;
        ReadOnlySpan<ulong> k = key.ReadOnlyWords;
        ReadOnlySpan<ulong> m = mask.Masks.ReadOnlyWords;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (p[i] & ~m[i]) | (k[i] & m[i]);
        }

        return packet;
    }

    public static bool Matches(in FlowData packet, in FlowData key, in FlowWildcards mask)
    {
        ReadOnlySpan<ulong> p = packet.ReadOnlyWords;
        ReadOnlySpan<ulong> k = key.ReadOnlyWords;
        ReadOnlySpan<ulong> m = mask.Masks.ReadOnlyWords;
        for (int i = 0; i < p.Length; i++)
        {
            if (((p[i] ^ k[i]) & m[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether some packet matches both rules.</summary>
    public static bool Overlap(in FlowData k1, in FlowWildcards m1, in FlowData k2, in FlowWildcards m2)
    {
        ReadOnlySpan<ulong> a = k1.ReadOnlyWords;
        ReadOnlySpan<ulong> b = k2.ReadOnlyWords;
        ReadOnlySpan<ulong> x = m1.Masks.ReadOnlyWords;
        ReadOnlySpan<ulong> y = m2.Masks.ReadOnlyWords;
        for (int i = 0; i < a.Length; i++)
        {
            if (((a[i] ^ b[i]) & x[i] & y[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    public static NetdevFlowKey Key(in FlowData flow) => NetdevFlowKey.FromFlow(flow);

    public static DpNetdevFlow NewFlow(in FlowData key, in FlowWildcards mask, int index = -1) =>
        new(Ufid.FromFlow(key), key, mask, DpNetdevActions.CopyOf([1, 2, 3])) { Index = index };

    private static ulong[][] BuildPools(int seed)
    {
        var random = new Random(seed ^ 0x5bd1e995);
        var pools = new ulong[s_words.Length][];
        for (int j = 0; j < pools.Length; j++)
        {
            pools[j] = new ulong[2 + random.Next(4)];
            for (int v = 0; v < pools[j].Length; v++)
            {
                // Zero is a common value in real flows and exercises the absent-word path of NetdevFlowKey.
                pools[j][v] = v == 0 ? 0 : (ulong)random.NextInt64();
            }
        }

        return pools;
    }
}
