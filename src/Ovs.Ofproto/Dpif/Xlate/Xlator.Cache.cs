// Upstream: the XC_RULE, XC_TABLE and XC_GROUP entries that ofproto/ofproto-dpif-xlate.c adds to ctx->xin->xcache
// (rule_dpif_lookup_from_table(), xlate_group_stats()) (OVS 3.1)
//
// The translation's side of the statistics cache: each table lookup, each rule found and each group a packet goes
// through is noted in the cache the caller passed (none for ofproto/trace). An "all" or indirect group is noted
// once with every bucket (each bucket sees the whole packet); a fast-failover group with the bucket it chose.
namespace Ovs.Ofproto.Dpif.Xlate;

internal sealed partial class Xlator
{
    /// <summary>Notes a lookup in <paramref name="table"/> and the rule it found (null for a miss).</summary>
    private void CacheLookup(IXlateTables tables, byte table, XlateRule? rule)
    {
        if (_xcache is null)
        {
            return;
        }

        _xcache.Add(tables.Stats, XlateTableStats.Index(table, rule is not null));
        _xcache.Add(rule?.Stats, 0);
    }

    /// <summary>Notes that the packet went through <paramref name="group"/>: one bucket, or all (null).</summary>
    private void CacheGroup(XlateGroup group, XlateBucket? bucket)
    {
        if (_xcache is null || group.Stats is null)
        {
            return;
        }

        int index = -1;
        if (bucket is not null)
        {
            for (int i = 0; i < group.Buckets.Count; i++)
            {
                if (ReferenceEquals(group.Buckets[i], bucket))
                {
                    index = i;
                    break;
                }
            }
        }

        _xcache.Add(group.Stats, index);
    }
}

/// <summary>How a switch's tables read the index of their statistics entries.</summary>
internal static class XlateTableStats
{
    /// <summary>The entry index for a lookup in <paramref name="table"/> that matched or missed.</summary>
    public static int Index(byte table, bool matched) => (table << 1) | (matched ? 1 : 0);

    public static byte Table(int index) => (byte)(index >> 1);

    public static bool Matched(int index) => (index & 1) != 0;
}

/// <summary>How a group reads the index of its statistics entries.</summary>
internal static class XlateGroupStats
{
    /// <summary>The index that credits every bucket of the group (an "all" or indirect group).</summary>
    public const int AllBuckets = -1;
}
