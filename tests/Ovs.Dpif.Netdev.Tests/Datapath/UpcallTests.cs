using System.Collections.Concurrent;
using Ovs.Dpif.Odp;
using Ovs.Flow;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class UpcallTests
{
    private sealed class Handler(Func<DpifUpcall, DpifUpcallResult?> answer) : IDpifUpcallHandler
    {
        public ConcurrentQueue<DpifUpcall> Upcalls { get; } = new();

        public DpifUpcallResult HandleUpcall(DpifUpcall upcall)
        {
            Upcalls.Enqueue(upcall);
            return answer(upcall)!;
        }
    }

    [Fact]
    public void A_miss_goes_up_runs_the_answer_and_installs_the_flow()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        var handler = new Handler(u => new DpifUpcallResult(
            DatapathFixture.Actions("2"), DatapathFixture.Put(FlowTests.UdpMegaflow, "2", u.Ufid)));
        f.Dpif.SetUpcallHandler(handler);
        byte[] first = DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2");
        f.Inject("p1", first);
        f.PollAll();
        for (int i = 0; i < 3; i++)
        {
            f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.3"));
        }

        f.PollAll();
        Assert.Equal(4, f.Sent("p2").Count);
        DpifUpcall upcall = Assert.Single(handler.Upcalls);
        Assert.Equal(DpifUpcallType.Miss, upcall.Type);
        Assert.Equal(first, upcall.Packet.ToArray());
        Assert.NotEqual(OdpKeyFitness.Error, OdpFlowKey.ToFlow(upcall.Key.Span, out FlowData key));
        Assert.Equal(1, key.U16(FlowLayout.InPort));
        Assert.Equal(0x0a000002u, key.U32(FlowLayout.NwDst));

        DpifFlow installed = Assert.Single(f.Dpif.FlowDump());
        Assert.Equal(upcall.Ufid, installed.Ufid);
        Assert.Equal(3ul, installed.Stats.PacketCount);
        Assert.Equal(new DpifDpStats(3, 1, 0, 1), f.Dpif.GetStats());
    }

    [Fact]
    public void A_failing_handler_loses_the_packet_but_not_the_thread()
    {
        using var f = new DatapathFixture(threads: true);
        f.AddPort("p1");
        f.AddPort("p2");
        int calls = 0;
        var handler = new Handler(u => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("handler bug")
            : new DpifUpcallResult(DatapathFixture.Actions("2"), null));
        f.Dpif.SetUpcallHandler(handler);
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        Assert.Single(f.WaitSent("p2", 1));
        DpifDpStats stats = f.Dpif.GetStats();
        Assert.Equal(1ul, stats.Lost);
        Assert.Equal(1ul, stats.Missed);
        Assert.Equal(0ul, stats.Flows);
    }

    [Fact]
    public void The_userspace_action_sends_packets_up_with_their_userdata()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        var handler = new Handler(_ => new DpifUpcallResult(ReadOnlyMemory<byte>.Empty, null));
        f.Dpif.SetUpcallHandler(handler);
        f.PutMegaflow("userspace(pid=0,userdata(01020304)),2");
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        f.PollAll();
        Assert.Single(f.Sent("p2"));
        DpifUpcall upcall = Assert.Single(handler.Upcalls);
        Assert.Equal(DpifUpcallType.Action, upcall.Type);
        // As upstream, the action carries userdata padded to at least 8 bytes.
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 0, 0 }, upcall.Userdata.ToArray());
        Assert.Equal(new DpifDpStats(1, 0, 0, 1), f.Dpif.GetStats());
    }
}
