using Ovs.Common;
using Ovs.Netdev.Linux;

namespace Ovs.Netdev.Tests.Linux;

[Trait("requires", "netns")]
public sealed class TapNetdevTests
{
    [NetnsFact]
    public void TapCarriesFramesBothWaysWithTheHostStack()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry taps = LinuxTestUtil.Registry();
            NetdevRegistry host = LinuxTestUtil.Registry(SystemRxMode.RecvMmsg);
            INetdev tap = LinuxTestUtil.Open(taps, "tap0", "tap");
            Assert.Equal(0, tap.UpdateFlags(NetdevFlags.None, NetdevFlags.Up, out NetdevFlags old));
            Assert.Equal(NetdevFlags.None, old);
            Assert.Contains("tap0:", NetnsSandbox.Ip($"-n {ns.Name} link show tap0"), StringComparison.Ordinal);

            // The host side of the same interface, through AF_PACKET.
            INetdev hostSide = LinuxTestUtil.Open(host, "tap0", "system");
            Assert.Equal(0, tap.OpenRxq(0, out INetdevRxq? tapRx));
            Assert.Equal(0, hostSide.OpenRxq(0, out INetdevRxq? hostRx));

            var toTap = Enumerable.Range(0, 40).Select(i => Frames.Make(60 + i, i)).ToList();
            LinuxTestUtil.Send(hostSide, toTap);
            List<byte[]> atTap = LinuxTestUtil.ReceiveTestFrames(tapRx!, toTap.Count);
            Assert.Equal(toTap.Count, atTap.Count);
            Assert.Equal(toTap.Select(Convert.ToHexString), atTap.OrderBy(f => Frames.Sequence(f)).Select(Convert.ToHexString));

            var toHost = Enumerable.Range(100, 40).Select(i => Frames.Make(200, i)).ToList();
            LinuxTestUtil.Send(tap, toHost);
            List<byte[]> atHost = LinuxTestUtil.ReceiveTestFrames(hostRx!, toHost.Count);
            Assert.Equal(toHost.Count, atHost.Count);

            // The kernel counts from the host's side; the tap device reports it from ours.
            Assert.Equal(0, tap.GetStats(out NetdevStats stats));
            Assert.True(stats.RxPackets >= 40, $"rx_packets {stats.RxPackets}");
            Assert.True(stats.TxPackets >= 40, $"tx_packets {stats.TxPackets}");
            tapRx!.Dispose();
            hostRx!.Dispose();
            host.Close(hostSide);
            taps.Close(tap);
            // The kernel unregisters a tap device after its last descriptor closes, not synchronously with close().
            var gone = System.Diagnostics.Stopwatch.StartNew();
            while (NetnsSandbox.Ip($"-n {ns.Name} link show").Contains("tap0", StringComparison.Ordinal) && gone.ElapsedMilliseconds < 3000)
            {
                Thread.Sleep(20);
            }

            Assert.DoesNotContain("tap0", NetnsSandbox.Ip($"-n {ns.Name} link show"), StringComparison.Ordinal);
        });
    }

    [NetnsFact]
    public void TapAttributesAndSendLimits()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry registry = LinuxTestUtil.Registry();
            INetdev tap = LinuxTestUtil.Open(registry, "tap1", "tap");
            Assert.Equal(0, tap.SetMtu(1280));
            Assert.Equal(0, tap.GetMtu(out int mtu));
            Assert.Equal(1280, mtu);
            Assert.Equal(0, tap.GetIfIndex(out int ifIndex));
            Assert.True(ifIndex > 0);
            INetdev v1 = LinuxTestUtil.Open(registry, "v1", "system");
            Assert.Equal(0, v1.GetEtherAddress(out var mac));
            Assert.Equal(0, tap.SetEtherAddress(mac));
            Assert.Equal(0, tap.GetEtherAddress(out var tapMac));
            Assert.Equal(mac.ToString(), tapMac.ToString());

            // Too short, and longer than MTU + Ethernet header: dropped and counted, the rest still goes.
            Assert.Equal(0, tap.UpdateFlags(NetdevFlags.None, NetdevFlags.Up, out _));
            Assert.Equal(0, tap.GetStats(out NetdevStats before));
            var batch = new Ovs.Netdev.Packets.DpPacketBatch();
            batch.Add(Dummy.DummyNetdevTests.Packet(new byte[10]));
            batch.Add(Dummy.DummyNetdevTests.Packet(Frames.Make(1294 + 1, 1)));
            batch.Add(Dummy.DummyNetdevTests.Packet(Frames.Make(1294, 2)));
            Assert.Equal(OvsErrno.EMSGSIZE, tap.Send(0, batch));
            Assert.True(batch.IsEmpty);
            Assert.Equal(0, tap.GetStats(out NetdevStats after));
            // The kernel may also drop the good frame (nothing handles EtherType 0x88b5), which shows as tx_dropped
            // from our side too; the good frame still counts as sent.
            Assert.True(after.TxDropped >= before.TxDropped + 2, $"tx_dropped {before.TxDropped} -> {after.TxDropped}");
            Assert.Equal(before.TxPackets + 1, after.TxPackets);
            registry.Close(v1);
            registry.Close(tap);
        });
    }

    [NetnsFact]
    public void OversizedFramesFromTheHostAreCountedAndDropped()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry taps = LinuxTestUtil.Registry(packetRoom: 300);
            NetdevRegistry host = LinuxTestUtil.Registry(SystemRxMode.RecvMmsg);
            var tap = (LinuxNetdev)LinuxTestUtil.Open(taps, "tap2", "tap");
            Assert.Equal(0, tap.UpdateFlags(NetdevFlags.None, NetdevFlags.Up, out _));
            INetdev hostSide = LinuxTestUtil.Open(host, "tap2", "system");
            Assert.Equal(0, tap.OpenRxq(0, out INetdevRxq? rxq));
            LinuxTestUtil.Send(hostSide, Enumerable.Range(0, 10).Select(i => Frames.Make(i % 2 == 0 ? 100 : 1000, i)));
            List<byte[]> received = LinuxTestUtil.ReceiveTestFrames(rxq!, 5);
            Assert.Equal(5, received.Count);
            Assert.All(received, f => Assert.Equal(100, f.Length));
            Assert.Equal(5, tap.RxOversizedCount);
            rxq!.Dispose();
            host.Close(hostSide);
            taps.Close(tap);
        });
    }

    [NetnsFact]
    public void InternalPortIsATapTheHostSees()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry registry = LinuxTestUtil.Registry();
            INetdev port = LinuxTestUtil.Open(registry, "br0", "internal");
            Assert.Equal("internal", port.Type);
            Assert.Equal(0, port.UpdateFlags(NetdevFlags.None, NetdevFlags.Up, out _));
            string link = NetnsSandbox.Ip($"-n {ns.Name} -d link show br0");
            Assert.Contains("tun type tap", link, StringComparison.Ordinal);
            Assert.Contains("UP", link, StringComparison.Ordinal);
            registry.Close(port);
        });
    }
}
