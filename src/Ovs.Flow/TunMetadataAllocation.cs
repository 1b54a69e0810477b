// Upstream: struct tun_metadata_allocation and metadata_loc_from_match() in lib/tun-metadata.c (OVS 3.1).
// Without a switch TLV table (ovs-ofctl parsing a flow), a match lays its tun_metadata options out itself: each
// option, as it is set, takes the next Length bytes of the 256-byte option space, where Length is the value's
// length without leading zero bytes. The layout is part of the match but not of its identity (equality and
// hashing look only at flow and wildcards, as upstream's match_equal does).
using System.Runtime.CompilerServices;

namespace Ovs.Flow;

internal struct TunMetadataAllocation
{
    private Entries _entries;

    /// <summary>True once any option has been allocated.</summary>
    public bool Valid;

    /// <summary>Bytes of the option space allocated so far.</summary>
    public int AllocatedSize;

    /// <summary>Bit i set when option i was set with a mask.</summary>
    public ulong MaskedMap;

    public readonly (int Offset, int Length) Location(int index)
    {
        ushort e = _entries[index];
        return (e >> 8, e & 0xff);
    }

    public void SetLocation(int index, int offset, int length) => _entries[index] = (ushort)((offset << 8) | length);

    [InlineArray(64)]
    private struct Entries
    {
        private ushort _element0;
    }
}
