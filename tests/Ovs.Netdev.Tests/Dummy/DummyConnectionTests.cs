using System.Net.Sockets;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Dummy;

public sealed class DummyConnectionTests
{
    [Fact]
    public void StreamConnectsTwoDummiesBothWays()
    {
        using var dir = new TempDirectory();
        string socket = dir.File("s");
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("passive", "dummy", out INetdev? p));
        Assert.Equal(0, registry.Open("active", "dummy", out INetdev? a));
        var passive = (DummyNetdev)p!;
        var active = (DummyNetdev)a!;
        Assert.Null(passive.SetConfig(new Dictionary<string, string> { ["pstream"] = "punix:" + socket }));
        Assert.Null(active.SetConfig(new Dictionary<string, string> { ["stream"] = "unix:" + socket }));
        Assert.Equal("punix:" + socket, passive.GetConfig()["pstream"]);
        Assert.Equal(DummyConnState.Unknown, passive.ConnState);
        Assert.Equal(0, passive.OpenRxq(0, out INetdevRxq? passiveRx));
        Assert.Equal(0, active.OpenRxq(0, out INetdevRxq? activeRx));

        long until = Environment.TickCount64 + 10_000;
        while (active.ConnState != DummyConnState.Connected && Environment.TickCount64 < until)
        {
            DummyProvider.RunAll(registry, Environment.TickCount64);
            Thread.Sleep(5);
        }

        Assert.Equal(DummyConnState.Connected, active.ConnState);
        Assert.Equal("active: connected\n", DummyCommands.ConnState(registry, []).Reply);

        // The passive side must have accepted before it can forward, so keep running until a frame makes it through.
        var batch = new DpPacketBatch();
        batch.Add(DummyNetdevTests.Packet(Frames.Make(60, 1)));
        active.Send(0, batch);
        RunUntil(() => passiveRx!.Receive(batch) == 0, passive, active);
        Assert.Equal(Frames.Make(60, 1), batch[0].Data.ToArray());
        batch.ReleaseAll();

        batch.Add(DummyNetdevTests.Packet(Frames.Make(80, 2)));
        passive.Send(0, batch);
        RunUntil(() => activeRx!.Receive(batch) == 0, passive, active);
        Assert.Equal(Frames.Make(80, 2), batch[0].Data.ToArray());

        registry.Close(passive);
        RunUntil(() => active.ConnState == DummyConnState.NotConnected, active);
        registry.Close(active);
    }

    [Fact]
    public void RuntFrameLengthDropsTheConnection()
    {
        using var dir = new TempDirectory();
        string path = dir.File("r");
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("passive", "dummy", out INetdev? p));
        var passive = (DummyNetdev)p!;
        Assert.Null(passive.SetConfig(new Dictionary<string, string> { ["pstream"] = "punix:" + path }));
        Assert.Equal(0, passive.OpenRxq(0, out INetdevRxq? rxq));
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        client.Connect(new UnixDomainSocketEndPoint(path));
        client.Send([0x00, 0x05, 1, 2, 3, 4, 5]);

        // The passive side closes the stream on the bad length, which the client sees as end of file (or as a reset,
        // because the closed side had unread bytes).
        client.ReceiveTimeout = 5000;
        byte[] buffer = new byte[16];
        long deadline = Environment.TickCount64 + 5000;
        int got = -1;
        while (Environment.TickCount64 < deadline)
        {
            passive.Run(Environment.TickCount64);
            if (client.Poll(10_000, SelectMode.SelectRead))
            {
                try
                {
                    got = client.Receive(buffer);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    got = 0;
                }

                break;
            }
        }

        Assert.Equal(0, got);
        var batch = new DpPacketBatch();
        Assert.Equal(Common.OvsErrno.EAGAIN, rxq!.Receive(batch));
    }

    private static void RunUntil(Func<bool> condition, params DummyNetdev[] devices)
    {
        long deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met within 10 s");
            foreach (DummyNetdev d in devices)
            {
                d.Run(Environment.TickCount64);
            }

            Thread.Sleep(5);
        }
    }
}
