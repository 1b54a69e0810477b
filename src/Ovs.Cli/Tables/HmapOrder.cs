// Upstream: lib/hmap.c and lib/hash.c, the iteration order of struct hmap/shash (OVS 3.1)
//
// Some upstream outputs list names in the iteration order of a string hash map (ovsdb-client list-columns, for
// example), which depends on the hash function, the bucket count and the insertion order. To print the same
// order we replay the insertions into a model of that map: buckets are chains with new nodes at the head; when
// the element count exceeds twice the bucket count the map grows to the next power of two that keeps at most two
// elements per bucket (at least 4 buckets) and re-inserts the old chains bucket by bucket, each node at the head of
// its new chain. Iteration walks buckets in index order and each chain from its head. Names hash with
// MurmurHash3's 32-bit mixing over the UTF-8 bytes (4-byte little-endian words, zero-padded tail, length folded
// in before the final avalanche), basis 0.
using System.Text;

namespace Ovs.Cli.Tables;

public static class HmapOrder
{
    /// <summary>The order in which a string hash map filled in <paramref name="insertionOrder"/> is iterated.</summary>
    public static List<string> Iterate(IEnumerable<string> insertionOrder)
    {
        var buckets = new List<List<string>> { new() };
        int count = 0;
        foreach (string name in insertionOrder)
        {
            uint mask = (uint)buckets.Count - 1;
            buckets[(int)(HashString(name) & mask)].Insert(0, name);
            count++;
            if (count / 2 > mask)
            {
                uint newMask = CalcMask((uint)count);
                if (newMask > mask)
                {
                    buckets = Rehash(buckets, newMask);
                }
            }
        }

        var order = new List<string>(count);
        foreach (List<string> chain in buckets)
        {
            order.AddRange(chain);
        }

        return order;
    }

    /// <summary>
    /// Serializes <paramref name="value"/> compactly as upstream's json_to_string() without sorting: the members
    /// of every object appear in hash map order, given that they were inserted in the order the object holds them.
    /// Objects in <paramref name="asIs"/> (compared by reference) are written in the order they hold, for callers
    /// that have already computed it (for example when members were deleted, which the replay cannot see).
    /// </summary>
    public static string ToJsonString(Ovs.Json.JsonValue value, IReadOnlySet<Ovs.Json.JsonObject>? asIs = null)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value, asIs);
        return sb.ToString();
    }

    private static void WriteJson(StringBuilder sb, Ovs.Json.JsonValue value, IReadOnlySet<Ovs.Json.JsonObject>? asIs)
    {
        switch (value)
        {
            case Ovs.Json.JsonObject obj:
                sb.Append('{');
                bool first = true;
                foreach (string name in asIs is not null && asIs.Contains(obj) ? obj.Names : Iterate(obj.Names))
                {
                    sb.Append(first ? "" : ",");
                    first = false;
                    Ovs.Json.JsonWriter.WriteString(sb, name);
                    sb.Append(':');
                    WriteJson(sb, obj[name]!, asIs);
                }

                sb.Append('}');
                break;
            case Ovs.Json.JsonArray array:
                sb.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    sb.Append(i > 0 ? "," : "");
                    WriteJson(sb, array[i], asIs);
                }

                sb.Append(']');
                break;
            default:
                Ovs.Json.JsonWriter.Write(sb, value);
                break;
        }
    }

    private static List<List<string>> Rehash(List<List<string>> old, uint newMask)
    {
        var buckets = new List<List<string>>((int)newMask + 1);
        for (uint i = 0; i <= newMask; i++)
        {
            buckets.Add([]);
        }

        foreach (List<string> chain in old)
        {
            foreach (string name in chain)
            {
                buckets[(int)(HashString(name) & newMask)].Insert(0, name);
            }
        }

        return buckets;
    }

    private static uint CalcMask(uint capacity)
    {
        uint mask = capacity / 2;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= (mask & 1) << 1;
        return mask;
    }

    /// <summary>The string hash upstream's shash uses (basis 0).</summary>
    public static uint HashString(string s) => Ovs.Common.Collections.OvsHash.HashString(s);
}
