// Upstream: the xports hmap of struct xbridge (ofproto/ofproto-dpif-xlate.c), keyed by hash_ofp_port(), i.e.
// hash_int() of lib/hash.h (OVS 3.1).
// Flooding visits a bridge's ports in the iteration order of upstream's port hash map, which is observable in the
// order of a flood's datapath outputs. This computes that order for ports added to the bridge in a given order.
using System.Numerics;
using Ovs.Common.Collections;

namespace Ovs.Ofproto.Dpif.Xlate;

internal static class PortHashOrder
{
    /// <summary>The order upstream's flood visits ports that were added in insertionOrder.</summary>
    public static List<XlatePort> FloodOrder(IEnumerable<XlatePort> insertionOrder)
    {
        var map = new HmapModel<XlatePort>();
        foreach (XlatePort p in insertionOrder)
        {
            map.Insert(p, HashInt(p.OfPort, 0));
        }

        return [.. map.Items];
    }

    /// <summary>hash_int(x, basis) = hash_2words(x, basis): murmur3 steps adding 0 then basis to a hash that
    /// starts as x, finished with length 8.</summary>
    public static uint HashInt(uint x, uint basis)
    {
        uint h = x;
        foreach (uint word in (ReadOnlySpan<uint>)[0, basis])
        {
            uint k = BitOperations.RotateLeft(word * 0xcc9e2d51, 15) * 0x1b873593;
            h = (BitOperations.RotateLeft(h ^ k, 13) * 5) + 0xe6546b64;
        }

        h ^= 8;
        h = (h ^ (h >> 16)) * 0x85ebca6b;
        h = (h ^ (h >> 13)) * 0xc2b2ae35;
        return h ^ (h >> 16);
    }
}
