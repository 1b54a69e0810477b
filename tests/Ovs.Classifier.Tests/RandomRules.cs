// Random rules and flows for the differential tests. Values come from small pools so that rules overlap, share
// subtables and identical matches, and flows hit them; prefixes come from a few bases so the tries have real
// structure. Each generator is driven by one seed, which failing tests print.
using Ovs.Flow;

namespace Ovs.Classifier.Tests;

internal sealed class RandomRules(int seed)
{
    private static readonly uint[] s_ipv4Bases = [0x0a000000, 0x0a010000, 0x0a018000, 0xc0a80100];
    private static readonly UInt128[] s_ipv6Bases =
    [
        new UInt128(0x2001_0db8_0000_0000, 0),
        new UInt128(0x2001_0db8_0001_0000, 1),
        new UInt128(0xfe80_0000_0000_0000, 0x10),
    ];

    private static readonly int[] s_ipv4Lengths = [1, 8, 12, 16, 17, 24, 32];
    private static readonly int[] s_ipv6Lengths = [16, 32, 48, 64, 100, 128];

    /// <summary>The fields the generator uses, as (offset, size): the bits worth perturbing.</summary>
    public static readonly (int Offset, int Size)[] UsedFields =
    [
        (FlowLayout.InPort, 2), (FlowLayout.DlType, 2), (FlowLayout.NwSrc, 4), (FlowLayout.NwDst, 4),
        (FlowLayout.Ipv6Src, 16), (FlowLayout.NwProto, 1), (FlowLayout.TpDst, 2), (FlowLayout.TpSrc, 2),
        (FlowLayout.Regs, 4), (FlowLayout.Metadata, 8), (FlowLayout.DlDst, 6), (FlowLayout.ConjId, 4),
    ];

    public Random Random { get; } = new(seed);

    public Match NextMatch()
    {
        Random r = Random;
        var m = default(Match);
        if (r.Next(2) == 0)
        {
            Fields.Exact(ref m, FlowLayout.InPort, 2, (uint)r.Next(1, 4));
        }

        if (r.Next(10) < 7)
        {
            Fields.Exact(ref m, FlowLayout.DlType, 2, r.Next(2) == 0 ? 0x0800u : 0x86ddu);
        }

        if (r.Next(2) == 0)
        {
            Fields.Prefix(ref m, FlowLayout.NwSrc, 4, NextIpv4(), s_ipv4Lengths[r.Next(s_ipv4Lengths.Length)]);
        }

        if (r.Next(10) < 4)
        {
            Fields.Prefix(ref m, FlowLayout.NwDst, 4, NextIpv4(), s_ipv4Lengths[r.Next(s_ipv4Lengths.Length)]);
        }

        if (r.Next(10) < 3)
        {
            Fields.Prefix(ref m, FlowLayout.Ipv6Src, 16, NextIpv6(), s_ipv6Lengths[r.Next(s_ipv6Lengths.Length)]);
        }

        if (r.Next(10) < 4)
        {
            Fields.Exact(ref m, FlowLayout.NwProto, 1, r.Next(2) == 0 ? 6u : 17u);
        }

        if (r.Next(10) < 3)
        {
            // Exact ports, or a range-style mask as OpenFlow port ranges become.
            bool masked = r.Next(2) == 0;
            Fields.Set(ref m, FlowLayout.TpDst, 2, NextPort(), masked ? 0xff00u : 0xffffu);
        }

        if (r.Next(10) < 2)
        {
            // A non-prefix mask: no trie, just hashing.
            uint[] masks = [0x0f, 0xf0f0, 0xffffffff];
            Fields.Set(ref m, FlowLayout.Regs, 4, (uint)r.Next(0, 0x10000), masks[r.Next(masks.Length)]);
        }

        if (r.Next(10) < 2)
        {
            Fields.Set(ref m, FlowLayout.Metadata, 8, (ulong)r.Next(0, 4), 0x3);
        }

        if (r.Next(10) < 1)
        {
            Fields.Exact(ref m, FlowLayout.DlDst, 6, 0x0000_0000_0001u + (uint)r.Next(3));
        }

        return m;
    }

    public FlowData NextFlow()
    {
        Random r = Random;
        var f = default(FlowData);
        Fields.SetBits(ref f, FlowLayout.InPort, 2, (uint)r.Next(1, 5));
        uint[] types = [0x0800, 0x86dd, 0x0806];
        Fields.SetBits(ref f, FlowLayout.DlType, 2, types[r.Next(types.Length)]);
        Fields.SetBits(ref f, FlowLayout.NwSrc, 4, NextIpv4() | (uint)r.Next(0, 1 << 16));
        Fields.SetBits(ref f, FlowLayout.NwDst, 4, NextIpv4() | (uint)r.Next(0, 1 << 16));
        Fields.SetBits(ref f, FlowLayout.Ipv6Src, 16, NextIpv6() | (UInt128)(ulong)r.NextInt64());
        Fields.SetBits(ref f, FlowLayout.NwProto, 1, r.Next(3) switch { 0 => 6u, 1 => 17u, _ => 1u });
        Fields.SetBits(ref f, FlowLayout.TpDst, 2, NextPort());
        Fields.SetBits(ref f, FlowLayout.TpSrc, 2, (uint)r.Next(1024, 65536));
        Fields.SetBits(ref f, FlowLayout.Regs, 4, (uint)r.Next(0, 0x10000));
        Fields.SetBits(ref f, FlowLayout.Metadata, 8, (ulong)r.Next(0, 8));
        Fields.SetBits(ref f, FlowLayout.DlDst, 6, 0x0000_0000_0001u + (uint)r.Next(4));
        return f;
    }

    /// <summary>flow with some bits that wildcards leaves free flipped (from the used fields, or anywhere).</summary>
    public FlowData Perturb(in FlowData flow, in FlowWildcards wildcards)
    {
        Random r = Random;
        FlowData p = flow;
        if (r.Next(4) == 0)
        {
            // Anywhere: random bits in random words, restricted to the free bits.
            Span<ulong> words = p.WordSpan;
            ReadOnlySpan<ulong> mask = wildcards.Masks.ReadOnlyWords;
            for (int i = 0; i < words.Length; i++)
            {
                if (r.Next(8) == 0)
                {
                    words[i] ^= (ulong)r.NextInt64() & ~mask[i];
                }
            }

            return p;
        }

        int flips = r.Next(1, 4);
        for (int k = 0; k < flips; k++)
        {
            (int offset, int size) = UsedFields[r.Next(UsedFields.Length)];
            int bit = r.Next(size * 8);
            int byteIndex = offset + (bit / 8);
            byte bitMask = (byte)(1 << (bit % 8));
            if ((wildcards.Masks.ReadOnlyBytes[byteIndex] & bitMask) == 0)
            {
                p.Bytes[byteIndex] ^= bitMask;
            }
        }

        return p;
    }

    private uint NextIpv4() => s_ipv4Bases[Random.Next(s_ipv4Bases.Length)] | ((uint)Random.Next(4) << 8);

    private UInt128 NextIpv6() => s_ipv6Bases[Random.Next(s_ipv6Bases.Length)] ^ ((UInt128)(uint)Random.Next(4) << 80);

    private uint NextPort() => Random.Next(3) switch { 0 => 80u, 1 => 443u, _ => 0x0150u };
}
