using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Patch;

public sealed class PatchThreadingTests
{
    // Two dedicated threads, as datapath threads are: one rents and sends through p0, the other receives on p1 and
    // releases, so every packet goes back to its pool from a thread that did not rent it.
    [Fact]
    public void PacketsCrossThreadsAndReturnToTheirPool()
    {
        const int total = 20_000;
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p0", "patch", out INetdev? p0));
        Assert.Equal(0, registry.Open("p1", "patch", out INetdev? p1));
        Assert.Null(p0!.SetConfig(new Dictionary<string, string> { ["peer"] = "p1" }));
        Assert.Null(p1!.SetConfig(new Dictionary<string, string> { ["peer"] = "p0" }));
        Assert.Equal(0, p1.OpenRxq(0, out INetdevRxq? rxq));
        var pool = new DpPacketPool(256, 128);
        byte[] frame = Frames.Make(64, 0);
        int received = 0;
        long deadline = Environment.TickCount64 + 20_000;

        var sender = new Thread(() =>
        {
            var batch = new DpPacketBatch();
            int sent = 0;
            while (sent < total && Environment.TickCount64 < deadline)
            {
                DpPacket? packet = pool.Rent();
                if (packet is null)
                {
                    if (!batch.IsEmpty)
                    {
                        p0.Send(0, batch);
                    }

                    Thread.Yield();
                    continue;
                }

                packet.TrySetFrame(frame);
                batch.Add(packet);
                sent++;
                if (batch.IsFull || sent == total)
                {
                    p0.Send(0, batch);
                }
            }
        });
        var receiver = new Thread(() =>
        {
            var batch = new DpPacketBatch();
            while (Volatile.Read(ref received) < total && Environment.TickCount64 < deadline)
            {
                if (rxq!.Receive(batch) == 0)
                {
                    Interlocked.Add(ref received, batch.Count);
                    batch.ReleaseAll();
                }
                else
                {
                    rxq.Wait(10);
                }
            }
        });
        sender.Start();
        receiver.Start();
        Assert.True(sender.Join(30_000));
        Assert.True(receiver.Join(30_000));

        Assert.Equal(0, p0.GetStats(out NetdevStats tx));
        // The pool (256) is smaller than the patch queue (1024), so nothing can be dropped.
        Assert.Equal(total, received);
        Assert.Equal(0ul, tx.TxDropped);
        Assert.Equal((ulong)total, tx.TxPackets);
        Assert.Equal(pool.Count, pool.FreeCount);
    }
}
