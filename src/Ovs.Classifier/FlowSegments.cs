// Upstream: the flow segments of lib/flow.h (FLOW_SEGMENT_*_ENDS_AT) used by the classifier's staged lookup
// (OVS 3.1), defined over our own FlowLayout.
// A subtable's mask is looked up in up to four stages, cheapest and most selective first: metadata (tunnel,
// registers, in_port, conntrack, packet type), L2, L3 (including ARP hardware addresses, TCP flags and NSH) and
// L4 ports. A stage that misses ends the subtable's lookup, and only the bits of the stages examined so far are
// un-wildcarded, which keeps megaflows narrow: a packet that fails on in_port never gets its L3/L4 fields exact.
// Stages are cut at byte granularity, so a word shared by two segments is split between their stages.
using Ovs.Flow;

namespace Ovs.Classifier;

internal static class FlowSegments
{
    public const int Count = 4;

    public const int Metadata = 0;
    public const int L2 = 1;
    public const int L3 = 2;
    public const int L4 = 3;

    private static readonly ulong[] s_wordMasks = BuildWordMasks();

    /// <summary>The segment that holds the byte at offset in FlowData.</summary>
    public static int OfByte(int offset) => offset switch
    {
        < FlowLayout.MplsLse => Metadata,
        < FlowLayout.NwSrc => L2,
        < FlowLayout.TpSrc => L3,
        < FlowLayout.ArpSha => L4,
        < FlowLayout.TunMetadataPresent => L3,
        < FlowLayout.VlanTpid => Metadata,
        _ => L2,
    };

    /// <summary>The bits of word (in FlowData's in-memory word order) that belong to segment.</summary>
    public static ulong WordMask(int word, int segment) => s_wordMasks[(word * Count) + segment];

    private static ulong[] BuildWordMasks()
    {
        var masks = new ulong[FlowLayout.WordCount * Count];
        for (int segment = 0; segment < Count; segment++)
        {
            var data = default(FlowData);
            Span<byte> bytes = data.Bytes;
            for (int i = 0; i < FlowLayout.Size; i++)
            {
                if (OfByte(i) == segment)
                {
                    bytes[i] = 0xff;
                }
            }

            ReadOnlySpan<ulong> words = data.ReadOnlyWords;
            for (int w = 0; w < words.Length; w++)
            {
                masks[(w * Count) + segment] = words[w];
            }
        }

        return masks;
    }
}
