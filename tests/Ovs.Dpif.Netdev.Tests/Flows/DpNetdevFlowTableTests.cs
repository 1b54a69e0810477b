using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Flows;

public sealed class DpNetdevFlowTableTests
{
    private static readonly byte[] s_actionsA = [0x08, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00];
    private static readonly byte[] s_actionsB = [0x08, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00];

    [Fact]
    public void CreateGetDelete()
    {
        var table = new DpNetdevFlowTable();
        (FlowData key, FlowWildcards mask) = Ipv4Flow(0x0a000001, 0xffffffff);
        Assert.Equal(FlowTableError.None, table.Put(key, mask, s_actionsA, null, FlowPutFlags.Create, out DpNetdevFlowStats stats, out DpNetdevFlow? flow));
        Assert.Equal(default, stats);
        Assert.NotNull(flow);
        Assert.Equal(Ufid.FromFlow(key), flow.Ufid);
        Assert.Same(flow, table.Get(flow.Ufid));
        Assert.Equal(s_actionsA, flow.Actions.Bytes.ToArray());
        Assert.Equal(1, table.Count);

        flow.RecordHit(3, 180, 0x02, 1000);
        flow.RecordHit(1, 60, 0x10, 1500);
        Assert.Equal(FlowTableError.None, table.Delete(flow.Ufid, out stats));
        Assert.Equal(new DpNetdevFlowStats(4, 240, 1500, 0x12), stats);
        Assert.True(flow.IsDead);
        Assert.Null(table.Get(flow.Ufid));
        Assert.Equal(FlowTableError.NotFound, table.Delete(flow.Ufid, out _));
        Assert.Null(table.Classifier.Lookup(NetdevFlowKey.FromFlow(key)));
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void StatisticsSumEveryThreadSlotAndTheSharedOne()
    {
        var table = new DpNetdevFlowTable();
        (FlowData key, FlowWildcards mask) = Ipv4Flow(0x0a000001, 0xffffffff);
        table.Put(key, mask, s_actionsA, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
        flow!.RecordHit(0, 2, 120, 0x02, 100);
        flow.RecordHit(0, 1, 60, 0x10, 300);
        flow.RecordHit(DpNetdevFlow.ThreadSlots - 1, 4, 400, 0, 200);
        flow.RecordHit(DpNetdevFlow.ThreadSlots + 5, 1, 64, 0x01, 250);
        flow.RecordHit(1, 64, 0, 50);
        Assert.Equal(new DpNetdevFlowStats(9, 708, 300, 0x13), flow.GetStats());

        // Writers on their own slots from several threads at once lose nothing.
        Parallel.For(0, DpNetdevFlow.ThreadSlots, t =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                flow.RecordHit(t, 1, 1, 0, 400);
            }
        });
        Assert.Equal(9UL + (DpNetdevFlow.ThreadSlots * 10_000UL), flow.GetStats().Packets);
    }

    [Theory]
    [InlineData(new byte[] { 8, 0, 1, 0, 7, 0, 0, 0 }, 7u)]
    [InlineData(new byte[] { 8, 0, 1, 0, 2, 0, 0, 0, 8, 0, 1, 0, 3, 0, 0, 0 }, null)]
    [InlineData(new byte[] { 8, 0, 3, 0, 2, 0, 0, 0 }, null)]
    [InlineData(new byte[] { 6, 0, 1, 0, 2, 0 }, null)]
    [InlineData(new byte[0], null)]
    public void OnlyAListOfOneOutputIsASingleOutput(byte[] actions, uint? port) =>
        Assert.Equal(port, DpNetdevActions.CopyOf(actions).OutputPort);

    [Fact]
    public void KeyIsStoredAsPutAndUfidCanBeGiven()
    {
        var table = new DpNetdevFlowTable();
        (FlowData key, FlowWildcards mask) = Ipv4Flow(0x0a0000ff, 0xffffff00);
        var ufid = new Ufid(1, 2, 3, 4);
        Assert.Equal(FlowTableError.None, table.Put(key, mask, s_actionsA, ufid, FlowPutFlags.Create, out _, out DpNetdevFlow? flow));
        Assert.Equal(ufid, flow!.Ufid);
        // Dumps show the key as it was put (upstream prints "src=10.0.0.255/255.255.255.0"); lookups still mask it.
        Assert.Equal(0x0a0000ffu, flow.Key.U32(FlowLayout.NwSrc));
        Assert.Equal(mask, flow.Mask);
        Assert.Same(flow, table.Get(ufid));
        (FlowData other, _) = Ipv4Flow(0x0a000005, 0xffffff00);
        Assert.Same(flow, table.Classifier.Lookup(NetdevFlowKey.FromFlow(other)));
    }

    [Fact]
    public void PutSemanticsFollowTheUserspaceDatapath()
    {
        var table = new DpNetdevFlowTable();
        (FlowData key, FlowWildcards mask) = Ipv4Flow(0x0a000001, 0xffffff00);

        // No flow yet: without Create there is nothing to modify.
        Assert.Equal(FlowTableError.NotFound, table.Put(key, mask, s_actionsA, null, FlowPutFlags.Modify, out _, out _));
        Assert.Equal(FlowTableError.NotFound, table.Put(key, mask, s_actionsA, null, FlowPutFlags.Probe, out _, out _));
        Assert.Equal(FlowTableError.None, table.Put(key, mask, s_actionsA, null, FlowPutFlags.Create | FlowPutFlags.Probe, out _, out DpNetdevFlow? flow));
        flow!.RecordHit(2, 100, 0, 10);

        // A second put whose key the installed flow matches (another address in the same /24).
        (FlowData other, _) = Ipv4Flow(0x0a000002, 0xffffffff);
        Assert.Equal(FlowTableError.Exists, table.Put(other, mask, s_actionsB, null, FlowPutFlags.Create, out _, out _));
        Assert.Equal(FlowTableError.Invalid, table.Put(other, mask, s_actionsB, null, FlowPutFlags.None, out _, out _));
        Assert.Equal(FlowTableError.None, table.Put(other, mask, s_actionsB, null, FlowPutFlags.Create | FlowPutFlags.Modify, out DpNetdevFlowStats stats, out DpNetdevFlow? modified));
        Assert.Same(flow, modified);
        Assert.Equal(new DpNetdevFlowStats(2, 100, 10, 0), stats);
        Assert.Equal(s_actionsB, flow.Actions.Bytes.ToArray());
        Assert.Equal(1, table.Count);

        // Zeroing statistics is refused (the actions still change), as upstream's userspace datapath does.
        Assert.Equal(FlowTableError.NotSupported, table.Put(key, mask, s_actionsA, null, FlowPutFlags.Modify | FlowPutFlags.ZeroStats, out stats, out _));
        Assert.Equal(2UL, stats.Packets);
        Assert.Equal(s_actionsA, flow.Actions.Bytes.ToArray());

        // A flow the installed one does not match is a new flow.
        (FlowData third, _) = Ipv4Flow(0x0b000001, 0xffffffff);
        Assert.Equal(FlowTableError.None, table.Put(third, mask, s_actionsA, null, FlowPutFlags.Create, out _, out _));
        Assert.Equal(2, table.Count);

        // The same id for a different flow is refused.
        (FlowData fourth, _) = Ipv4Flow(0x0c000001, 0xffffffff);
        Assert.Equal(FlowTableError.Exists, table.Put(fourth, mask, s_actionsA, flow.Ufid, FlowPutFlags.Create, out _, out _));
    }

    [Fact]
    public void FlushRemovesEverythingAndSlotsAreReused()
    {
        var table = new DpNetdevFlowTable();
        var flows = new List<DpNetdevFlow>();
        for (uint i = 0; i < 200; i++)
        {
            (FlowData key, FlowWildcards mask) = Ipv4Flow(0x0a000000 + i, 0xffffffff);
            Assert.Equal(FlowTableError.None, table.Put(key, mask, s_actionsA, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow));
            flows.Add(flow!);
        }

        Assert.Equal(Enumerable.Range(0, 200), flows.Select(f => f.Index));
        table.Flush();
        Assert.Equal(0, table.Count);
        Assert.All(flows, f => Assert.True(f.IsDead));
        Assert.Equal(0, table.Classifier.RuleCount);
        Assert.False(table.StartDump().Next(out _));

        (FlowData again, FlowWildcards m) = Ipv4Flow(0x0a000000, 0xffffffff);
        Assert.Equal(FlowTableError.None, table.Put(again, m, s_actionsA, null, FlowPutFlags.Create, out _, out DpNetdevFlow? reused));
        Assert.InRange(reused!.Index, 0, 199);
        Assert.Same(reused, table.FlowAt(reused.Index));
    }

    [Fact]
    public void DumpReturnsEveryStableFlowOnceWhileFlowsChange()
    {
        var table = new DpNetdevFlowTable();
        var stable = new HashSet<Ufid>();
        var churn = new Queue<Ufid>();
        for (uint i = 0; i < 300; i++)
        {
            (FlowData key, FlowWildcards mask) = Ipv4Flow(0x0a000000 + i, 0xffffffff);
            table.Put(key, mask, s_actionsA, null, FlowPutFlags.Create, out _, out DpNetdevFlow? flow);
            if (i % 3 == 0)
            {
                churn.Enqueue(flow!.Ufid);
            }
            else
            {
                stable.Add(flow!.Ufid);
            }
        }

        FlowDump dump = table.StartDump();
        var seen = new List<Ufid>();
        uint next = 0x0b000000;
        while (dump.Next(out DpNetdevFlow flow))
        {
            seen.Add(flow.Ufid);

            // Between two steps: delete a churning flow and add two new ones (which grows the flow index too).
            if (churn.Count > 0)
            {
                Assert.Equal(FlowTableError.None, table.Delete(churn.Dequeue(), out _));
            }

            // Additions stop after a while: a dump cannot outrun a table that grows faster than it walks.
            for (int n = 0; n < 2 && next < 0x0b000000 + 200; n++)
            {
                (FlowData key, FlowWildcards mask) = Ipv4Flow(next++, 0xffffffff);
                table.Put(key, mask, s_actionsA, null, FlowPutFlags.Create, out _, out _);
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), stable);
    }

    [Fact]
    public void UfidTextAndGeneration()
    {
        var ufid = new Ufid(0x01234567, 0x89abcdef, 0x00112233, 0x44556677);
        Assert.Equal("ufid:01234567-89ab-cdef-0011-223344556677", ufid.ToString());
        (FlowData a, _) = Ipv4Flow(1, 0);
        (FlowData b, _) = Ipv4Flow(2, 0);
        Assert.Equal(Ufid.FromFlow(a), Ufid.FromFlow(a));
        Assert.NotEqual(Ufid.FromFlow(a), Ufid.FromFlow(b));
        Assert.Equal(Ufid.Hash([1, 2, 3], 7), Ufid.Hash([1, 2, 3], 7));
        Assert.NotEqual(Ufid.Hash([1, 2, 3], 7), Ufid.Hash([1, 2, 3], 8));
        Assert.NotEqual(Ufid.Hash([1, 2, 3], 7), Ufid.Hash([1, 2, 3, 0], 7));
        Assert.False(Ufid.FromFlow(a).IsZero);
    }

    internal static (FlowData Key, FlowWildcards Mask) Ipv4Flow(uint nwSrc, uint nwSrcMask)
    {
        var key = default(FlowData);
        key.SetU32(FlowLayout.InPort, 1);
        key.SetU16(FlowLayout.DlType, 0x0800);
        key.SetU32(FlowLayout.NwSrc, nwSrc);
        key.SetU16(FlowLayout.TpDst, 80);
        var mask = default(FlowWildcards);
        mask.Masks.SetU32(FlowLayout.InPort, 0xffffffff);
        mask.Masks.SetU16(FlowLayout.DlType, 0xffff);
        mask.Masks.SetU32(FlowLayout.NwSrc, nwSrcMask);
        return (key, mask);
    }
}
