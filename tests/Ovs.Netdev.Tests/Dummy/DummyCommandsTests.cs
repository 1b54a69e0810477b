using Ovs.Netdev.Dummy;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Dummy;

public sealed class DummyCommandsTests
{
    private static (NetdevRegistry Registry, DummyNetdev Dummy, INetdevRxq Rxq) Setup()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p1", "dummy", out INetdev? netdev));
        var dummy = (DummyNetdev)netdev!;
        Assert.Equal(0, dummy.OpenRxq(0, out INetdevRxq? rxq));
        return (registry, dummy, rxq!);
    }

    [Fact]
    public void ReceiveQueuesHexFrames()
    {
        (NetdevRegistry registry, _, INetdevRxq rxq) = Setup();
        string hex = Convert.ToHexStringLower(Frames.Make(60, 9));
        DummyCommandResult result = DummyCommands.Receive(registry, ["p1", hex, "  " + hex[..20] + " " + hex[20..]], null);
        Assert.False(result.IsError);
        Assert.Null(result.Reply);
        var batch = new DpPacketBatch();
        Assert.Equal(0, rxq.Receive(batch));
        Assert.Equal(Frames.Make(60, 9), batch[0].Data.ToArray());
        batch.ReleaseAll();
        Assert.Equal(0, rxq.Receive(batch));
        Assert.Equal(Frames.Make(60, 9), batch[0].Data.ToArray());
    }

    [Fact]
    public void ReceiveReturnsOnlyAfterAPollingThreadProcessedThePackets()
    {
        (NetdevRegistry registry, _, INetdevRxq rxq) = Setup();
        long processed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var poller = new Thread(() =>
        {
            RxqPollingThread.Enter();
            var batch = new DpPacketBatch();
            while (!stop.IsCancellationRequested)
            {
                if (rxq.Receive(batch) == 0)
                {
                    Thread.Sleep(20); // "processing" takes a while; the command must wait for it
                    Interlocked.Add(ref processed, batch.Count);
                    batch.ReleaseAll();
                }
                else
                {
                    rxq.Wait(1);
                }
            }
        });
        poller.Start();
        try
        {
            // The command waits only for a queue a polling thread has visited lately: let it visit first.
            Thread.Sleep(100);
            string hex = Convert.ToHexStringLower(Frames.Make(60, 3));
            Assert.False(DummyCommands.Receive(registry, ["p1", hex, hex, hex], null).IsError);
            Assert.Equal(3, Interlocked.Read(ref processed));
        }
        finally
        {
            stop.Cancel();
            poller.Join();
        }
    }

    [Fact]
    public void ReceiveDoesNotWaitForAQueueNoThreadPolls()
    {
        (NetdevRegistry registry, _, INetdevRxq rxq) = Setup();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string hex = Convert.ToHexStringLower(Frames.Make(60, 4));
        Assert.False(DummyCommands.Receive(registry, ["p1", hex], null).IsError);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"waited {clock.Elapsed}");
        var batch = new DpPacketBatch();
        Assert.Equal(0, rxq.Receive(batch));
        batch.ReleaseAll();
    }

    [Theory]
    [InlineData(new[] { "nope", "00" }, "no such dummy netdev")]
    [InlineData(new[] { "p1", "--qid", "1", "00" }, "bad rx queue id.")]
    [InlineData(new[] { "p1", "--qid", "-1", "00" }, "bad rx queue id.")]
    [InlineData(new[] { "p1", "in_port(1)", "--len", "59" }, "too small packet len")]
    public void ReceiveReportsUpstreamErrors(string[] args, string error)
    {
        (NetdevRegistry registry, _, _) = Setup();
        DummyCommandResult result = DummyCommands.Receive(registry, args, null);
        Assert.True(result.IsError);
        Assert.Equal(error, result.Reply);
    }

    [Fact]
    public void ReceiveHandsFlowsToTheCallersParser()
    {
        (NetdevRegistry registry, _, INetdevRxq rxq) = Setup();
        var seen = new List<(string, int)>();
        DummyFlowToFrame parser = (string flow, int size, out byte[]? frame) =>
        {
            seen.Add((flow, size));
            frame = flow == "bad" ? null : Frames.Make(Math.Max(size, 60), 1);
            return flow == "bad" ? "syntax error at bad" : null;
        };

        Assert.False(DummyCommands.Receive(registry, ["p1", "eth(src=1)", "--len", "128", "eth(src=2)"], parser).IsError);
        Assert.Equal([("eth(src=1)", 128), ("eth(src=2)", 0)], seen);
        Assert.Equal("syntax error at bad", DummyCommands.Receive(registry, ["p1", "bad"], parser).Reply);
        var batch = new DpPacketBatch();
        Assert.Equal(0, rxq.Receive(batch));
        Assert.Equal(128, batch[0].Size);
    }

    [Theory]
    [InlineData("0011", "Packet data too short for Ethernet")]
    [InlineData("00112233445566778899aabbccdd", null)]
    [InlineData("00112233445566778899aabbccddzz", "Trailing garbage in packet data")]
    [InlineData("001", "Trailing garbage in packet data")]
    public void HexFramesNeedAnEthernetHeader(string hex, string? error)
    {
        byte[]? frame = DummyCommands.ParseHexFrame(hex, out string? message);
        Assert.Equal(error, message);
        Assert.Equal(error is null, frame is not null);
    }

    [Fact]
    public void RuntInjectionIsRefusedWithoutTouchingTheQueue()
    {
        (NetdevRegistry registry, DummyNetdev dummy, INetdevRxq rxq) = Setup();
        DummyCommandResult result = DummyCommands.Receive(registry, ["p1", "0011223344"], null);
        Assert.True(result.IsError);
        var batch = new DpPacketBatch();
        Assert.Equal(Common.OvsErrno.EAGAIN, rxq.Receive(batch));
        Assert.Equal(0, dummy.GetStats(out NetdevStats stats));
        Assert.Equal(0ul, stats.RxPackets);
    }

    [Fact]
    public void SetAdminStateTogglesOneOrAllDummies()
    {
        (NetdevRegistry registry, DummyNetdev p1, _) = Setup();
        Assert.Equal(0, registry.Open("p2", "dummy", out INetdev? p2));
        Assert.Equal(new DummyCommandResult("OK", false), DummyCommands.SetAdminState(registry, ["p1", "DOWN"]));
        p1.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out NetdevFlags f1);
        p2!.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out NetdevFlags f2);
        Assert.Equal(NetdevFlags.None, f1);
        Assert.Equal(NetdevFlags.Up, f2);

        Assert.Equal("OK", DummyCommands.SetAdminState(registry, ["down"]).Reply);
        p2.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out f2);
        Assert.Equal(NetdevFlags.None, f2);
        Assert.Equal(new DummyCommandResult("Invalid Admin State", true), DummyCommands.SetAdminState(registry, ["p1", "sideways"]));
        Assert.Equal(new DummyCommandResult("Unknown Dummy Interface", true), DummyCommands.SetAdminState(registry, ["zz", "up"]));
    }

    [Fact]
    public void ConnStateIsUnknownWithoutAnActiveStream()
    {
        (NetdevRegistry registry, _, _) = Setup();
        Assert.Equal("p1: unknown\n", DummyCommands.ConnState(registry, ["p1"]).Reply);
        Assert.Equal("zz: unknown\n", DummyCommands.ConnState(registry, ["zz"]).Reply);
        Assert.Equal(string.Empty, DummyCommands.ConnState(registry, []).Reply);
    }
}
