// The revalidator over a switch's real flow tables and a datapath double whose flow statistics the test sets: the
// miss packet counts at upcall time, rounds push the datapath's later counts to rules and tables, a table change
// modifies or deletes installed flows instead of flushing them, idle flows and purges delete flows after pushing
// their last counts, and upcall/show reports the flows.
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Dpif.Upcall;
using Ovs.Ofproto.Tables;
using Ovs.OpenFlow.Messages;
using Ovs.OpenFlow.Text;

namespace Ovs.Ofproto.Tests.Dpif;

public sealed class RevalidatorTests : IDisposable
{
    // An IPv4/TCP frame from 50:54:00:00:00:01 to 50:54:00:00:00:02, 10.0.0.1:1234 -> 10.0.0.2:80 (54 bytes).
    private const string TcpFrame =
        "5054000000025054000000010800450000280000000040060000" + "0a0000010a00000204d2005000000000000000005002000000000000";

    private readonly NetdevRegistry _netdevs = NetdevRegistry.CreateDefault();
    private readonly DpifRegistry _datapaths = new();
    private readonly SteppedClock _clock = new();
    private readonly Ofproto.Core.Ofproto _br0;
    private readonly FakeFlows _dp = new();
    private readonly UpcallDispatcher _upcalls;
    private readonly UpcallSettings _settings = new();

    public RevalidatorTests()
    {
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(_datapaths, _netdevs, new DpNetdevCatalog()));
        var context = new OfprotoContext(_datapaths, _netdevs, _clock);
        Assert.Equal(0, Ofproto.Core.Ofproto.Create("br0", "dummy", context, out Ofproto.Core.Ofproto? br0));
        _br0 = br0!;
        AddPort("p1", 1);
        AddPort("p2", 2);
        AddPort("p3", 3);

        // A dispatcher of our own over the datapath double, translating with br0.
        _upcalls = new UpcallDispatcher(_dp);
        _upcalls.Start(_clock, null, _settings);
        _upcalls.Attach(_br0.Xlate);
    }

    public void Dispose() => _br0.Destroy(delete: true);

    [Fact]
    public void TheMissPacketCountsOnItsRuleAndTableAtOnce()
    {
        AddFlow("in_port=1,actions=output:2");
        Install();

        OfRule rule = Assert.Single(_br0.Tables.Rules());
        Assert.Equal(1UL, rule.PacketCount);
        Assert.Equal(54UL, rule.ByteCount);
        Assert.Equal(1UL, _br0.Tables[0].LookupCount);
        Assert.Equal(1UL, _br0.Tables[0].MatchedCount);
    }

    [Fact]
    public void RoundsPushWhatTheDatapathCountedSinceThePreviousPush()
    {
        AddFlow("in_port=1,actions=output:2");
        Ufid ufid = Install();
        _clock.Advance(3000);
        _dp.SetStats(ufid, 4, 216, _clock.NowMs);

        _upcalls.Revalidate(purge: false);
        _upcalls.Revalidate(purge: false);
        OfRule rule = Assert.Single(_br0.Tables.Rules());
        Assert.Equal(5UL, rule.PacketCount);
        Assert.Equal(270UL, rule.ByteCount);
        Assert.Equal(_clock.NowMs, rule.UsedMs);

        _dp.SetStats(ufid, 6, 324, _clock.NowMs);
        _upcalls.Revalidate(purge: false);
        Assert.Equal(7UL, rule.PacketCount);
        Assert.Equal(7UL, _br0.Tables[0].LookupCount);
    }

    [Fact]
    public void ATableChangeModifiesTheActionsOfFlowsItAffects()
    {
        AddFlow("in_port=1,actions=output:2");
        Ufid ufid = Install();
        AddFlow("in_port=1,actions=output:3");

        _upcalls.Invalidate();
        DpifFlow flow = Assert.Single(_dp.FlowDump());
        Assert.Equal(ufid, flow.Ufid);
        Assert.Equal("3", Actions(flow));
    }

    [Fact]
    public void AFlowWhoseNewTranslationLooksAtMoreFieldsIsDeletedAndItsCountsStayWithTheOldRule()
    {
        AddFlow("in_port=1,actions=output:2");
        Ufid ufid = Install();
        _dp.SetStats(ufid, 2, 108, _clock.NowMs);
        AddFlow("priority=40000,in_port=1,tcp,tp_dst=80,actions=output:3");

        _upcalls.Invalidate();
        Assert.Empty(_dp.FlowDump());
        Assert.Equal(0, _upcalls.UkeyCount);
        OfRule old = _br0.Tables.Rules().Single(r => r.Priority == 32768);
        Assert.Equal(3UL, old.PacketCount);
    }

    [Fact]
    public void AModifiedRuleKeepsTheLastUsedTimeAndGetsWhatStillArrivesForTheRuleItReplaced()
    {
        AddFlow("in_port=1,actions=output:2");
        Ufid ufid = Install();
        OfRule old = Assert.Single(_br0.Tables.Rules());
        long used = old.UsedMs;
        _clock.Advance(5000);
        Assert.Null(FlowModParser.Parse("in_port=1,actions=output:3", FlowModCommand.Modify, out FlowMod fm, out _));
        Assert.Equal(OpenFlow.Errors.OfpError.None, _br0.Tables.Apply(fm, modifyCookie: false));
        OfRule modified = Assert.Single(_br0.Tables.Rules());
        Assert.NotSame(old, modified);
        Assert.Equal(used, modified.UsedMs);

        // The datapath flow was translated with the old rule: its counts, pushed when it is purged, go to the new one.
        _dp.SetStats(ufid, 3, 162, _clock.NowMs);
        _upcalls.Revalidate(purge: true);
        Assert.Equal(4UL, modified.PacketCount);
        Assert.Equal(_clock.NowMs, modified.UsedMs);
    }

    [Fact]
    public void FlowsIdlePastMaxIdleAreDeleted()
    {
        _settings.MaxIdleMs = 1000;
        AddFlow("in_port=1,actions=output:2");
        Install();
        _upcalls.Revalidate(purge: false);
        Assert.Single(_dp.FlowDump());

        _clock.Advance(1500);
        _upcalls.Revalidate(purge: false);
        Assert.Empty(_dp.FlowDump());
        Assert.Equal(0, _upcalls.UkeyCount);
    }

    [Fact]
    public void PurgeDeletesEveryFlowAfterPushingItsCounts()
    {
        AddFlow("in_port=1,actions=output:2");
        Ufid ufid = Install();
        _dp.SetStats(ufid, 9, 486, _clock.NowMs);

        _upcalls.Revalidate(purge: true);
        Assert.Empty(_dp.FlowDump());
        Assert.Equal(10UL, Assert.Single(_br0.Tables.Rules()).PacketCount);
    }

    [Fact]
    public void FlowsFoundInTheDatapathAreAdoptedAndRevalidated()
    {
        AddFlow("in_port=1,actions=output:2");
        Ufid ufid = Install();
        _upcalls.Revalidate(purge: true);
        Assert.Empty(_dp.FlowDump());

        // Put back behind the switch's back, with the wrong actions and some traffic.
        _dp.Put(ufid, Key(1), [], [], 3, 162, _clock.NowMs);
        _upcalls.Revalidate(purge: false);
        DpifFlow flow = Assert.Single(_dp.FlowDump());
        Assert.Equal("2", Actions(flow));
        Assert.Equal(4UL, Assert.Single(_br0.Tables.Rules()).PacketCount);
    }

    [Fact]
    public void UpcallShowReportsFlowsLimitAndKeys()
    {
        AddFlow("in_port=1,actions=output:2");
        Install();
        _upcalls.Revalidate(purge: false);

        string[] lines = _upcalls.Show("dummy@ovs-dummy").Split('\n');
        Assert.Equal("dummy@ovs-dummy:", lines[0]);
        Assert.Equal("  flows         : (current 1) (avg 0) (max 1) (limit 10000)", lines[1]);
        Assert.Equal("  ufid enabled : true", lines[3]);
        Assert.EndsWith(": (keys 1)", lines[5]);
    }

    [Fact]
    public void WithoutMegaflowsFlowsAreExactMatch()
    {
        AddFlow("in_port=1,actions=output:2");
        _upcalls.MegaflowsEnabled = false;
        DpifUpcallResult result = _upcalls.HandleUpcall(Miss(1, new Ufid(1, 2, 3, 4)));
        Assert.True(result.FlowPut!.Mask.IsEmpty);
    }

    private static string Actions(DpifFlow flow)
    {
        var s = new System.Text.StringBuilder();
        OdpActionFormatter.Format(s, flow.Actions.Span);
        return s.ToString();
    }

    private Ufid Install()
    {
        var ufid = new Ufid(0x1234, 0x5678, 0x9abc, 0xdef0);
        DpifUpcallResult result = _upcalls.HandleUpcall(Miss(1, ufid));
        Assert.NotNull(result.FlowPut);
        Assert.Equal(0, _dp.FlowPut(result.FlowPut!, out _));
        return ufid;
    }

    private void AddFlow(string text)
    {
        Assert.Null(FlowModParser.Parse(text, FlowModCommand.Add, out FlowMod fm, out _));
        Assert.Equal(OpenFlow.Errors.OfpError.None, _br0.Tables.Apply(fm, modifyCookie: true));
    }

    private void AddPort(string name, ushort request)
    {
        Assert.Equal(0, _netdevs.Open(name, "dummy", out INetdev? netdev));
        Assert.Equal(0, _br0.AddPort(netdev!, request, out _));
        _netdevs.Close(netdev!);
    }

    private static DpifUpcall Miss(ushort dpPort, Ufid ufid) =>
        new(DpifUpcallType.Miss, Convert.FromHexString(TcpFrame), Key(dpPort), ufid, ReadOnlyMemory<byte>.Empty);

    private static byte[] Key(ushort dpPort)
    {
        FlowData flow = default;
        LayerOffsets offsets = default;
        FlowExtractor.Extract(Convert.FromHexString(TcpFrame), PacketMetadata.ForPort(dpPort), ref flow, ref offsets);
        FlowData allOnes = default;
        allOnes.Bytes.Fill(0xff);
        byte[] buffer = new byte[2048];
        var writer = new NlWriter(buffer);
        OdpFlowKey.FromFlow(in flow, in allOnes, ref writer);
        return writer.Written.ToArray();
    }

    /// <summary>A monotonic clock that moves only when told to.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ms = 1_000_000;

        public long NowMs => _ms;

        public override long TimestampFrequency => 1000;

        public override long GetTimestamp() => _ms;

        public void Advance(long ms) => _ms += ms;
    }

    /// <summary>A datapath flow table whose statistics the test sets.</summary>
    private sealed class FakeFlows : IDpifFlows
    {
        private readonly Dictionary<Ufid, DpifFlow> _flows = [];

        public void Put(Ufid ufid, byte[] key, byte[] mask, byte[] actions, ulong packets, ulong bytes, long used) =>
            _flows[ufid] = new DpifFlow(key, mask, actions, ufid, new DpifFlowStats(packets, bytes, used, 0));

        public void SetStats(Ufid ufid, ulong packets, ulong bytes, long used) =>
            _flows[ufid] = _flows[ufid] with { Stats = new DpifFlowStats(packets, bytes, used, 0) };

        public int FlowPut(DpifFlowPut put, out DpifFlowStats stats)
        {
            stats = default;
            Ufid ufid = put.Ufid!.Value;
            if (_flows.TryGetValue(ufid, out DpifFlow? old))
            {
                if ((put.Flags & DpifFlowPutFlags.Modify) == 0)
                {
                    return 17;
                }

                stats = old.Stats;
                _flows[ufid] = old with { Actions = put.Actions.ToArray() };
                return 0;
            }

            if ((put.Flags & DpifFlowPutFlags.Create) == 0)
            {
                return 2;
            }

            _flows[ufid] = new DpifFlow(put.Key.ToArray(), put.Mask.ToArray(), put.Actions.ToArray(), ufid, default);
            return 0;
        }

        public int FlowGet(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlow? flow) =>
            _flows.TryGetValue(ufid!.Value, out flow) ? 0 : 2;

        public int FlowDel(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlowStats stats)
        {
            stats = default;
            if (!_flows.Remove(ufid!.Value, out DpifFlow? flow))
            {
                return 2;
            }

            stats = flow.Stats;
            return 0;
        }

        public int FlowFlush()
        {
            _flows.Clear();
            return 0;
        }

        public IReadOnlyList<DpifFlow> FlowDump() => [.. _flows.Values];
    }
}
