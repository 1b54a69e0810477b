using Ovs.Common;
using Ovs.Dpif.Netdev.Pmd;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class ForwardingTests
{
    [Fact]
    public void Packets_follow_the_datapath_flow_and_count_in_its_stats()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        f.AddPort("p3");
        f.PutMegaflow("2");
        var frames = Enumerable.Range(1, 5).Select(i => DatapathFixture.UdpFrame("10.0.0.1", $"10.0.0.{i}")).ToList();
        foreach (byte[] frame in frames)
        {
            f.Inject("p1", frame);
        }

        f.PollAll();
        Assert.Equal(frames, f.Sent("p2"));
        Assert.Empty(f.Sent("p3"));
        DpifFlow flow = Assert.Single(f.Dpif.FlowDump());
        Assert.Equal(5ul, flow.Stats.PacketCount);
        Assert.Equal((ulong)frames.Sum(x => x.Length), flow.Stats.ByteCount);
        Assert.True(flow.Stats.Used > 0);
        Assert.Equal(new DpifDpStats(5, 0, 0, 1), f.Dpif.GetStats());
    }

    [Fact]
    public void Datapath_threads_forward_without_anyone_polling()
    {
        using var f = new DatapathFixture(threads: true);
        f.AddPort("p1");
        f.AddPort("p2");
        f.PutMegaflow("2");
        for (int i = 0; i < 20; i++)
        {
            f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.9", srcPort: (ushort)(1000 + i)));
        }

        Assert.Equal(20, f.WaitSent("p2", 20).Count);
        Assert.Equal(20ul, f.Dpif.GetStats().Hit);
    }

    [Fact]
    public void Pmd_ports_are_polled_by_a_pmd_thread()
    {
        using var f = new DatapathFixture(threads: true);
        f.AddPort("p1", "dummy-pmd");
        f.AddPort("p2");
        f.PutMegaflow("2");
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        Assert.Single(f.WaitSent("p2", 1));
        Assert.Equal(2, f.Datapath.Threads.Count);
        PmdThread pmd = f.Datapath.Threads[0];
        Assert.False(pmd.IsMain);
        Assert.Equal(1, pmd.Pipeline.Read().Received);
        Assert.Equal(0, f.Datapath.Threads[1].Pipeline.Read().Received);
    }

    [Fact]
    public void Packets_that_match_no_flow_are_lost_without_a_handler()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.3"));
        f.PollAll();
        Assert.Empty(f.Sent("p2"));
        Assert.Equal(new DpifDpStats(0, 0, 2, 0), f.Dpif.GetStats());
    }

    [Fact]
    public void Recirculation_runs_packets_through_the_table_again()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        f.PutMegaflow("recirc(5)");
        f.PutMegaflow("2", "recirc_id(5)," + FlowTests.UdpMegaflow);
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        f.PollAll();
        Assert.Single(f.Sent("p2"));
        PmdCounters main = f.Datapath.Main.Pipeline.Read();
        Assert.Equal(1, main.Received);
        Assert.Equal(1, main.Recirculations);
        Assert.Equal(2, main.Hits);
    }

    [Fact]
    public void Endless_recirculation_stops_at_the_depth_limit()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        f.PutMegaflow("recirc(0)");
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        f.PollAll();
        Assert.Empty(f.Sent("p2"));
        Assert.Equal(PacketPipeline.MaxRecircDepth, f.Datapath.Main.Pipeline.Read().Recirculations);
        Assert.Equal(1, f.Datapath.Main.Pipeline.ActionDrops);
    }

    [Fact]
    public void Output_to_a_missing_port_drops()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.PutMegaflow("9");
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        f.PollAll();
        Assert.Equal(1, f.Datapath.Main.Pipeline.ActionDrops);
    }

    [Fact]
    public void Packet_out_runs_actions_on_a_given_packet()
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        byte[] frame = DatapathFixture.UdpFrame("10.9.9.9", "10.8.8.8");
        (byte[] metadata, _) = DatapathFixture.Key("in_port(1)");
        Assert.Equal(0, f.Dpif.Execute(new DpifExecute(frame, metadata, DatapathFixture.Actions("2"))));
        Assert.Equal(frame, Assert.Single(f.Sent("p2")));
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.Execute(new DpifExecute(new byte[10], metadata, DatapathFixture.Actions("2"))));
        Assert.Equal(OvsErrno.EINVAL, f.Dpif.Execute(new DpifExecute(new byte[70000], metadata, DatapathFixture.Actions("2"))));
    }

    [Fact]
    public void Runt_and_oversized_frames_are_counted_and_dropped_and_the_thread_goes_on()
    {
        using var f = new DatapathFixture(threads: true);
        f.AddPort("p1");
        f.AddPort("p2");
        f.PutMegaflow("2");
        f.Inject("p1", new byte[10]);
        f.Inject("p1", new byte[1]);
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2", payload: 3000));
        byte[] good = DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.3");
        f.Inject("p1", good);
        Assert.Equal(good, Assert.Single(f.WaitSent("p2", 1)));
        PacketPipeline main = f.Datapath.Main.Pipeline;
        Assert.Equal(2, main.RxInvalidDrops);
        Assert.Equal(1, main.TxErrors);
        Assert.Equal(2ul, f.Dpif.GetStats().Hit);
    }
}
