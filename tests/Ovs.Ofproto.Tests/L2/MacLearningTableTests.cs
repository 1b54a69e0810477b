// The MAC learning table: learning and moves, aging (idle time clamped to 15 s at least), the size limit with
// eviction from the busiest port, static entries, flushing and the statistics fdb/stats-show prints.
using Ovs.Common;
using Ovs.Ofproto.L2;

namespace Ovs.Ofproto.Tests.L2;

public sealed class MacLearningTableTests
{
    private const ulong A = 0x505400000001, B = 0x505400000002;

    private static (MacLearningTable Table, OvsClock Clock) NewTable()
    {
        var clock = new OvsClock();
        clock.Stop();
        return (new MacLearningTable(clock), clock);
    }

    [Fact]
    public void LearnsMovesAndIgnoresMulticastSources()
    {
        (MacLearningTable t, _) = NewTable();
        Assert.True(t.Update(A, 0, "p1"));
        Assert.False(t.Update(A, 0, "p1"));
        Assert.Equal("p1", t.Lookup(A, 0));
        Assert.Null(t.Lookup(A, 5));
        Assert.True(t.Update(A, 0, "p2"));
        Assert.Equal("p2", t.Lookup(A, 0));
        Assert.False(t.Update(0x01005e000001, 0, "p1"));
        Assert.Null(t.Lookup(0x01005e000001, 0));
        MacLearningStats st = t.Statistics();
        Assert.Equal((1, 1UL, 1UL), (st.Count, st.Learned, st.Moved));
        Assert.True(t.Run());
        Assert.False(t.Run());
    }

    [Fact]
    public void EntriesAgeOutAfterTheIdleTimeOfAtLeastFifteenSeconds()
    {
        (MacLearningTable t, OvsClock clock) = NewTable();
        t.IdleTime = 5;
        Assert.Equal(15, t.IdleTime);
        t.Update(A, 0, "p1");
        t.AddStatic(B, 0, "p2");
        clock.Warp(TimeSpan.FromSeconds(14));
        t.Run();
        Assert.Equal(14, t.Entries().Single(e => e.Mac == A).AgeSeconds);
        clock.Warp(TimeSpan.FromSeconds(2));
        Assert.True(t.Run());
        Assert.Null(t.Lookup(A, 0));
        Assert.Equal("p2", t.Lookup(B, 0));
        Assert.Null(t.Entries().Single().AgeSeconds);
        Assert.Equal(1UL, t.Statistics().Expired);
    }

    [Fact]
    public void AFullTableEvictsTheOldestEntryOfTheBusiestPort()
    {
        (MacLearningTable t, _) = NewTable();
        t.MaxEntries = 3;
        Assert.Equal(10, t.MaxEntries);
        for (ulong i = 0; i < 9; i++)
        {
            t.Update(0x020000000000 + i, 0, "p1");
        }

        t.Update(0x060000000000, 0, "p2");
        t.Update(0x0a0000000000, 0, "p2");
        Assert.Equal(10, t.Count);
        Assert.Null(t.Lookup(0x020000000000, 0));
        Assert.Equal("p2", t.Lookup(0x060000000000, 0));
        Assert.Equal(1UL, t.Statistics().Evicted);
    }

    [Fact]
    public void StaticEntriesAreNotMovedFlushedOrDeletedAsDynamic()
    {
        (MacLearningTable t, _) = NewTable();
        t.Update(A, 0, "p1");
        Assert.Equal(("p1", false), t.Find(A, 0));
        Assert.False(t.DeleteStatic(A, 0));
        t.AddStatic(A, 0, "p2");
        Assert.Equal(("p2", true), t.Find(A, 0));
        Assert.False(t.Update(A, 0, "p1"));
        Assert.Equal("p2", t.Lookup(A, 0));
        t.Update(B, 0, "p1");
        t.Flush();
        Assert.Equal(1, t.Count);
        Assert.Equal(1, t.Statistics().StaticEntries);
        Assert.True(t.DeleteStatic(A, 0));
        Assert.Equal(0, t.Statistics().StaticEntries);
        Assert.Equal(0, t.Count);
    }

    [Fact]
    public void ClearingStatisticsKeepsTheEntries()
    {
        (MacLearningTable t, _) = NewTable();
        t.Update(A, 0, "p1");
        t.Update(A, 0, "p2");
        t.ClearStatistics();
        MacLearningStats st = t.Statistics();
        Assert.Equal((1, 0UL, 0UL), (st.Count, st.Learned, st.Moved));
    }

    [Fact]
    public void FlushingAPortRemovesItsStaticAndDynamicEntries()
    {
        (MacLearningTable t, _) = NewTable();
        t.Update(A, 0, "p1");
        t.AddStatic(B, 0, "p1");
        t.Update(0x020000000001, 0, "p2");
        t.FlushPort("p1");
        Assert.Equal(1, t.Count);
        Assert.Equal(0, t.Statistics().StaticEntries);
    }
}
