using System.Buffers.Binary;
using System.Diagnostics;
using Ovs.Netdev.Linux;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Linux;

// The TPACKET_V2 ring's own behaviour: frames larger than a ring slot still arrive whole and in order (through the
// copy the kernel queues on the socket), a GSO super-frame keeps its segmentation request, and a lone frame is
// handed over by itself (no block to fill, no timer).
[Trait("requires", "netns")]
public sealed class SystemRingRxqTests
{
    [NetnsFact]
    public void FramesLargerThanASlotArriveWholeAndInOrder()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry registry = LinuxTestUtil.Registry(SystemRxMode.Ring);
            INetdev v0 = LinuxTestUtil.Open(registry, "v0", "system");
            INetdev v1 = LinuxTestUtil.Open(registry, "v1", "system");
            Assert.Equal(0, v0.SetMtu(9000));
            Assert.Equal(0, v1.SetMtu(9000));
            Assert.Equal(0, v0.OpenRxq(0, out INetdevRxq? rxq));
            Assert.IsType<SystemRingRxq>(rxq);

            var sent = new List<byte[]>();
            for (int i = 0; i < 40; i++)
            {
                sent.Add(Frames.Make(i % 3 == 0 ? 8000 : i % 3 == 1 ? 100 : 2100, i));
            }

            LinuxTestUtil.Send(v1, sent);
            List<byte[]> received = LinuxTestUtil.ReceiveTestFrames(rxq!, sent.Count);
            Assert.Equal(sent.Count, received.Count);
            for (int i = 0; i < sent.Count; i++)
            {
                Assert.Equal(i, Frames.Sequence(received[i]));
                Assert.Equal(sent[i], received[i]);
            }

            Assert.Equal(0, ((LinuxNetdev)v0).RxOversizedCount);
            rxq!.Dispose();
            registry.Close(v0);
            registry.Close(v1);
        });
    }

    [NetnsFact]
    public void AGsoSuperFrameCrossesWholeWithItsSegmentSize()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry registry = LinuxTestUtil.Registry(SystemRxMode.Ring);
            INetdev v0 = LinuxTestUtil.Open(registry, "v0", "system");
            INetdev v1 = LinuxTestUtil.Open(registry, "v1", "system");
            Assert.Equal(0, v0.OpenRxq(0, out INetdevRxq? rxq));

            // A 20000-byte IPv4/TCP frame on a 1500-byte link: only a segmentation request lets it through.
            byte[] frame = TcpFrame(20000);
            LinuxTestUtil.Send(v1, [frame], p =>
            {
                p.L3Offset = 14;
                p.L4Offset = 34;
                p.Offloads = DpPacketOffloads.TxTcpSegmentation | DpPacketOffloads.TxTcpChecksum | DpPacketOffloads.TxIpv4;
                p.TsoSegmentSize = 1448;
            });

            byte[]? got = null;
            DpPacketOffloads offloads = DpPacketOffloads.None;
            ushort segment = 0;
            var batch = new DpPacketBatch();
            long deadline = Environment.TickCount64 + 5000;
            while (got is null && Environment.TickCount64 < deadline)
            {
                if (rxq!.Receive(batch) != 0)
                {
                    rxq.Wait(100);
                    continue;
                }

                for (int i = 0; i < batch.Count; i++)
                {
                    DpPacket p = batch[i];
                    if (p.Size > 54 && p.Data[23] == 6 && BinaryPrimitives.ReadUInt16BigEndian(p.Data[36..]) == 5001)
                    {
                        got = p.Data.ToArray();
                        offloads = p.Offloads;
                        segment = p.TsoSegmentSize;
                    }
                }

                batch.ReleaseAll();
            }

            Assert.NotNull(got);
            Assert.Equal(frame.Length, got.Length);
            Assert.Equal(Convert.ToHexString(frame.AsSpan(54)), Convert.ToHexString(got.AsSpan(54)));
            Assert.True((offloads & DpPacketOffloads.TxTcpSegmentation) != 0, $"offloads {offloads}");
            Assert.Equal(1448, segment);
            rxq!.Dispose();
            registry.Close(v0);
            registry.Close(v1);
        });
    }

    [NetnsFact]
    public void ALoneFrameIsHandedOverByItself()
    {
        using NetnsSandbox ns = NetnsSandbox.Create();
        ns.Run(() =>
        {
            NetdevRegistry registry = LinuxTestUtil.Registry(SystemRxMode.Ring);
            INetdev v0 = LinuxTestUtil.Open(registry, "v0", "system");
            INetdev v1 = LinuxTestUtil.Open(registry, "v1", "system");
            Assert.Equal(0, v0.OpenRxq(0, out INetdevRxq? opened));
            var rxq = (SystemRingRxq)opened!;
            LinuxTestUtil.ReceiveTestFrames(rxq, int.MaxValue, timeoutMilliseconds: 200);
            Assert.False(rxq.IsReady);

            // Each frame, sent alone, makes its slot ready and wakes a waiter. (A block ring would wait for more
            // frames or for its timer.)
            var batch = new DpPacketBatch();
            for (int i = 0; i < 5; i++)
            {
                LinuxTestUtil.Send(v1, [Frames.Make(60, i)]);
                var clock = Stopwatch.StartNew();
                while (!rxq.IsReady && clock.ElapsedMilliseconds < 5000)
                {
                    rxq.Wait(5000);
                }

                Assert.True(rxq.IsReady, $"frame {i} not handed over in {clock.ElapsedMilliseconds} ms");
                Assert.Equal(0, rxq.Receive(batch));
                Assert.Contains(Enumerable.Range(0, batch.Count), k => Frames.IsTest(batch[k].Data) && Frames.Sequence(batch[k].Data) == i);
                batch.ReleaseAll();
            }

            rxq.Dispose();
            registry.Close(v0);
            registry.Close(v1);
        });
    }

    private static byte[] TcpFrame(int size)
    {
        byte[] f = new byte[size];
        f[0] = 0x02;
        f[5] = 1;
        f[6] = 0x02;
        f[11] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
        f[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), (ushort)(size - 14));
        f[22] = 64;
        f[23] = 6;
        f.AsSpan(26, 4).Fill(10);
        f.AsSpan(30, 4).Fill(11);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), 4000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(36), 5001);
        f[46] = 0x50;
        f[47] = 0x10;
        for (int i = 54; i < size; i++)
        {
            f[i] = (byte)(i * 7);
        }

        return f;
    }
}
