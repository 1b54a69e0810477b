using Ovs.Common;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Packets;
using Ovs.Netdev.Pcap;

namespace Ovs.Netdev.Tests.Dummy;

public sealed class DummyNetdevTests
{
    private static readonly Dictionary<string, string> s_noOptions = [];

    private static DummyNetdev Open(NetdevRegistry registry, string name, string type = "dummy")
    {
        Assert.Equal(0, registry.Open(name, type, out INetdev? netdev));
        return Assert.IsType<DummyNetdev>(netdev);
    }

    [Fact]
    public void DefaultsFollowUpstream()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        DummyNetdev b = Open(registry, "b");

        // Ovs.Flow's EthAddr is not visible to this test assembly, so addresses are compared as text.
        Assert.Equal(0, a.GetEtherAddress(out var macA));
        Assert.Equal(0, b.GetEtherAddress(out var macB));
        string textA = macA.ToString()!;
        string textB = macB.ToString()!;
        Assert.Matches("^aa:55:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$", textA);
        Assert.Equal(Convert.ToUInt64(textA.Replace(":", string.Empty, StringComparison.Ordinal), 16) + 1, Convert.ToUInt64(textB.Replace(":", string.Empty, StringComparison.Ordinal), 16));
        Assert.Equal(0, a.GetMtu(out int mtu));
        Assert.Equal(1500, mtu);
        Assert.Equal(OvsErrno.EOPNOTSUPP, a.GetIfIndex(out _));
        Assert.Equal(0, a.GetCarrier(out bool carrier));
        Assert.True(carrier);
        Assert.Equal(0, a.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out NetdevFlags flags));
        Assert.Equal(NetdevFlags.Up, flags);
        Assert.Empty(a.GetConfig());
        Assert.Equal(0, a.GetStats(out NetdevStats stats));
        Assert.Equal(0ul, stats.RxPackets);
        Assert.Equal(NetdevStats.Unsupported, stats.RxErrors);
    }

    [Fact]
    public void AttributeChangesBumpChangeSeqOnlyWhenSomethingChanged()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        ulong seq = a.ChangeSeq;
        ulong global = registry.ConnectivitySeq;
        Assert.Equal(0, a.SetMtu(1500));
        Assert.Equal(seq, a.ChangeSeq);
        Assert.Equal(0, a.SetMtu(9000));
        Assert.True(a.ChangeSeq > seq);
        Assert.True(registry.ConnectivitySeq > global);
        Assert.Equal(OvsErrno.EINVAL, a.SetMtu(67));
        Assert.Equal(OvsErrno.EINVAL, a.SetMtu(65536));
        Assert.Equal(0, a.SetMtu(65535));

        DummyNetdev b = Open(registry, "b");
        Assert.Equal(0, b.GetEtherAddress(out var macB));
        seq = a.ChangeSeq;
        Assert.Equal(0, a.SetEtherAddress(macB));
        Assert.True(a.ChangeSeq > seq);
        Assert.Equal(0, a.GetEtherAddress(out var mac));
        Assert.Equal(macB.ToString(), mac.ToString());

        Assert.Equal(0, a.UpdateFlags(NetdevFlags.Up, NetdevFlags.Promisc, out NetdevFlags old));
        Assert.Equal(NetdevFlags.Up, old);
        Assert.Equal(0, a.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out old));
        Assert.Equal(NetdevFlags.Promisc, old);
        Assert.Equal(OvsErrno.EINVAL, a.UpdateFlags(NetdevFlags.None, NetdevFlags.Loopback, out _));
    }

    [Fact]
    public void IfIndexComesFromOptions()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        Assert.Null(a.SetConfig(new Dictionary<string, string> { ["ifindex"] = "42" }));
        Assert.Equal(0, a.GetIfIndex(out int ifIndex));
        Assert.Equal(42, ifIndex);
        Assert.Equal("42", a.GetConfig()["ifindex"]);
        Assert.Null(a.SetConfig(s_noOptions));
        Assert.Equal(OvsErrno.EOPNOTSUPP, a.GetIfIndex(out _));
    }

    [Fact]
    public void InjectedFramesReachEveryOpenQueueAndCountWhenReceived()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        Assert.Equal(0, a.OpenRxq(0, out INetdevRxq? rx1));
        Assert.Equal(0, a.OpenRxq(0, out INetdevRxq? rx2));
        Assert.Equal(0, a.Inject(Frames.Make(60, 1), 0));
        Assert.Equal(0, a.Inject(Frames.Make(70, 2), 0));

        var batch = new DpPacketBatch();
        Assert.Equal(0, rx1!.Receive(batch));
        Assert.Equal(1, batch.Count);
        Assert.Equal(Frames.Make(60, 1), batch[0].Data.ToArray());
        batch.ReleaseAll();
        Assert.Equal(0, rx1.Receive(batch));
        Assert.Equal(70, batch[0].Size);
        batch.ReleaseAll();
        Assert.Equal(OvsErrno.EAGAIN, rx1.Receive(batch));
        Assert.Equal(0, rx2!.Receive(batch));
        batch.ReleaseAll();

        Assert.Equal(0, a.GetStats(out NetdevStats stats));
        Assert.Equal(3ul, stats.RxPackets);
        Assert.Equal(190ul, stats.RxBytes);
        rx1.Dispose();
        rx2.Dispose();
    }

    [Fact]
    public void QueueHoldsAtMost100Frames()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        Assert.Equal(0, a.OpenRxq(0, out INetdevRxq? rxq));
        for (int i = 0; i < 150; i++)
        {
            a.Inject(Frames.Make(60, i), 0);
        }

        var batch = new DpPacketBatch();
        int received = 0;
        while (rxq!.Receive(batch) == 0)
        {
            received += batch.Count;
            batch.ReleaseAll();
        }

        Assert.Equal(DummyNetdev.MaxQueueLength, received);
    }

    [Fact]
    public void WaitReturnsWhenAFrameArrivesFromAnotherThread()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        Assert.Equal(0, a.OpenRxq(0, out INetdevRxq? rxq));
        var injector = new Thread(() =>
        {
            Thread.Sleep(50);
            a.Inject(Frames.Make(60, 1), 0);
        });
        injector.Start();
        var batch = new DpPacketBatch();
        long deadline = Environment.TickCount64 + 10_000;
        while (rxq!.Receive(batch) != 0 && Environment.TickCount64 < deadline)
        {
            rxq.Wait(1000);
        }

        injector.Join();
        Assert.Equal(1, batch.Count);
    }

    [Fact]
    public void SendChecksSizesAgainstMtuAndStopsAtTheFirstBadFrame()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        var batch = new DpPacketBatch();
        batch.Add(Packet(Frames.Make(1514, 1)));
        batch.Add(Packet(Frames.Make(1518, 2, etherType: 0x8100)));
        Assert.Equal(0, a.Send(0, batch));
        Assert.True(batch.IsEmpty);

        batch.Add(Packet(Frames.Make(60, 3)));
        batch.Add(Packet(Frames.Make(1515, 4)));
        batch.Add(Packet(Frames.Make(60, 5)));
        Assert.Equal(OvsErrno.EMSGSIZE, a.Send(0, batch));
        Assert.True(batch.IsEmpty);

        batch.Add(Packet(new byte[13]));
        Assert.Equal(OvsErrno.EMSGSIZE, a.Send(0, batch));

        Assert.Equal(0, a.GetStats(out NetdevStats stats));
        Assert.Equal(3ul, stats.TxPackets);
        Assert.Equal(1514ul + 1518 + 60, stats.TxBytes);
    }

    [Fact]
    public void PcapOptionsCaptureBothDirections()
    {
        using var dir = new TempDirectory();
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        DummyNetdev a = Open(registry, "a");
        Assert.Null(a.SetConfig(new Dictionary<string, string> { ["rxq_pcap"] = dir.File("rx.pcap"), ["tx_pcap"] = dir.File("tx.pcap") }));
        a.Inject(Frames.Make(60, 1), 0);
        var batch = new DpPacketBatch();
        batch.Add(Packet(Frames.Make(64, 2)));
        batch.Add(Packet(Frames.Make(65, 3)));
        a.Send(0, batch);

        Assert.Equal([Frames.Make(60, 1)], ReadAll(dir.File("rx.pcap")));
        Assert.Equal([Frames.Make(64, 2), Frames.Make(65, 3)], ReadAll(dir.File("tx.pcap")));

        // options:pcap sends both directions into one file.
        Assert.Null(a.SetConfig(new Dictionary<string, string> { ["pcap"] = dir.File("both.pcap") }));
        a.Inject(Frames.Make(61, 4), 0);
        batch.Add(Packet(Frames.Make(62, 5)));
        a.Send(0, batch);
        Assert.Equal([Frames.Make(61, 4), Frames.Make(62, 5)], ReadAll(dir.File("both.pcap")));
        registry.Close(a);
    }

    [Fact]
    public void DummyPmdHonoursQueueCounts()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        registry.Register(new DummyProvider("dummy-pmd"));
        DummyNetdev a = Open(registry, "p", "dummy-pmd");
        Assert.Null(a.SetConfig(new Dictionary<string, string> { ["n_rxq"] = "4", ["n_txq"] = "2" }));
        Assert.Equal(4, a.RxqCount);
        Assert.Equal(2, a.TxqCount);
        Assert.Equal("4", a.GetConfig()["configured_rx_queues"]);
        Assert.Equal(0, a.OpenRxq(3, out INetdevRxq? q3));
        Assert.Equal(OvsErrno.EINVAL, a.OpenRxq(4, out _));
        Assert.Equal(0, a.Inject(Frames.Make(60, 1), 3));
        var batch = new DpPacketBatch();
        Assert.Equal(0, q3!.Receive(batch));
        Assert.Equal(OvsErrno.EINVAL, a.Inject(Frames.Make(60, 1), 4));

        // A plain dummy has one queue whatever n_rxq says.
        DummyNetdev b = Open(registry, "b");
        Assert.Null(b.SetConfig(new Dictionary<string, string> { ["n_rxq"] = "4" }));
        Assert.Equal(1, b.RxqCount);
    }

    internal static DpPacket Packet(byte[] frame)
    {
        var packet = new DpPacket(frame.Length);
        Assert.True(packet.TrySetFrame(frame));
        return packet;
    }

    internal static List<byte[]> ReadAll(string path)
    {
        var frames = new List<byte[]>();
        Assert.Equal(0, PcapReader.Open(path, out PcapReader? reader, out _));
        using (reader)
        {
            while (reader!.Read(out byte[]? frame, out _, out _) == 0)
            {
                frames.Add(frame!);
            }
        }

        return frames;
    }
}
