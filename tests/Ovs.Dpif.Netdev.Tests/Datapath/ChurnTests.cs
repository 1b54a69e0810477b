namespace Ovs.Dpif.Netdev.Tests.Datapath;

public class ChurnTests
{
    [Fact]
    public void Ports_and_flows_change_under_traffic_without_stopping_the_threads()
    {
        using var f = new DatapathFixture(threads: true);
        f.AddPort("p1");
        f.AddPort("p2", "dummy-pmd");
        f.PutMegaflow("2");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var traffic = new Thread(() =>
        {
            byte[] frame = DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2");
            while (!stop.IsCancellationRequested)
            {
                f.Netdev("p1").Inject(frame, 0);
                Thread.Sleep(0);
            }
        });
        traffic.Start();
        for (int i = 0; i < 30; i++)
        {
            uint? number = 3;
            Assert.Equal(0, f.Dpif.PortAdd("p3", i % 2 == 0 ? "dummy" : "dummy-pmd", ref number));
            f.PutMegaflow("3", FlowTests.UdpMegaflow.Replace("10.0.0.0/", "10.0.1.0/", StringComparison.Ordinal));
            Assert.Equal(0, f.Dpif.PortDel(3));
            Assert.Equal(0, f.Dpif.FlowFlush());
            f.PutMegaflow("2");
        }

        stop.Cancel();
        traffic.Join();
        int before = f.Sent("p2").Count;
        f.Inject("p1", DatapathFixture.UdpFrame("10.0.0.1", "10.0.0.2"));
        Assert.True(f.WaitSent("p2", before + 1).Count > before);
        Assert.True(f.Dpif.GetStats().Hit > 0);
    }
}
