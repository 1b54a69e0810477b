// Upstream: struct xlate_cache, xlate_cache_new(), xlate_push_stats() and the XC_RULE, XC_TABLE and XC_GROUP entries
// of ofproto/ofproto-dpif-xlate-cache.c (OVS 3.1)
//
// What one translation touched that the packets of its datapath flow count on: the rules it ran, the tables it
// looked up (and whether each lookup matched) and the groups and buckets it went through. The upcall handler fills
// one for each flow it installs and pushes the miss packet's statistics to it at once; the revalidator pushes the
// flow's later statistics (the difference since the last push) to the same entries, and refills it when it
// translates the flow again. Packet-out pushes its one packet the same way.
// Threading: filled by one translation on one thread; Push may run on any thread once filled (the targets count
// with atomic operations or under their own locks). A cache is replaced, never refilled, once it has been shared.
namespace Ovs.Ofproto.Dpif.Xlate;

/// <summary>What packets of a datapath flow add up to: a count, a size, and when the last one was seen.</summary>
/// <param name="UsedMs">Monotonic milliseconds of the last packet (on the switch's clock).</param>
internal readonly record struct XlateStats(ulong Packets, ulong Bytes, long UsedMs);

/// <summary>
/// Something a translation used whose counters grow with the packets of the translated flow: a rule, a group, a
/// switch's tables. What <c>index</c> selects is the target's business (a bucket, a table and whether it matched).
/// </summary>
internal interface IXlateStatsTarget
{
    void Credit(int index, in XlateStats stats);
}

internal sealed class XlateCache
{
    private readonly List<(IXlateStatsTarget Target, int Index)> _entries = [];

    /// <summary>Number of entries (each rule, table lookup and group use counts once).</summary>
    public int Count => _entries.Count;

    /// <summary>Adds an entry; <paramref name="target"/> null (a rule nobody counts) adds nothing.</summary>
    public void Add(IXlateStatsTarget? target, int index)
    {
        if (target is not null)
        {
            _entries.Add((target, index));
        }
    }

    /// <summary>Credits <paramref name="stats"/> to every entry; nothing happens for zero packets.</summary>
    public void Push(in XlateStats stats)
    {
        if (stats.Packets == 0)
        {
            return;
        }

        foreach ((IXlateStatsTarget target, int index) in _entries)
        {
            target.Credit(index, in stats);
        }
    }
}
