// The common action paths allocate nothing per packet: set and set_masked, VLAN push/pop, MPLS push/pop, output
// before the end (which copies through the pool and a per-thread scratch batch), clone and sample. Measured with
// the thread's allocated-bytes counter over many full batches after a warm-up that creates the scratch batches.
using Ovs.Dpif.Netdev.Execute;
using Ovs.Netdev.Packets;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class AllocationTests
{
    [Fact]
    public void Common_Actions_Allocate_Nothing_Per_Batch()
    {
        byte[] frame = Ethernet(Mac("00:00:00:00:00:02"), Mac("00:00:00:00:00:01"), 0x0800,
            Ipv4(Ip4("10.0.0.1"), Ip4("10.0.0.2"), 6, Tcp(1000, 80, 0x18, payload: new byte[64])));
        byte[] ipv4Key = [.. Ip4("192.168.0.1"), 0, 0, 0, 0, 0, 0, 0, 0x3f, 0];
        byte[] ipv4Mask = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0xff, 0];
        byte[] inner = new NlBuilder().Put(A.PushVlan, 0x81, 0x00, 0x00, 0x07).Output(3).ToArray();
        byte[] sample = new NlBuilder().U32(K.SampleProbability, uint.MaxValue).Nested(K.SampleActions, new NlBuilder().Output(4).ToArray()).ToArray();
        byte[] actions = new NlBuilder()
            .SetMasked(K.Ipv4, ipv4Key, ipv4Mask)
            .Set(K.Tcp, [0x1f, 0x90, 0, 80])
            .Set(K.Ethernet, new byte[12])
            .Put(A.PushVlan, 0x81, 0x00, 0x00, 0x05)
            .Output(1)
            .Flag(A.PopVlan)
            .Put(A.PushMpls, 0, 0x01, 0x41, 0x40, 0x88, 0x47)
            .Be16(A.PopMpls, 0x0800)
            .Nested(A.Clone, inner)
            .Nested(A.Sample, sample)
            .Put(A.Hash, 0, 0, 0, 0, 1, 0, 0, 0)
            .Output(2)
            .ToArray();
        var pool = new DpPacketPool(4 * DpPacketBatch.MaxBurst, 2048);
        var batch = new DpPacketBatch();
        var host = new CountingHost();
        Func<uint> random = () => 0;
        for (int i = 0; i < 50; i++)
        {
            Cycle(pool, batch, frame, actions, host, random);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
        {
            Cycle(pool, batch, frame, actions, host, random);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(2050L * DpPacketBatch.MaxBurst * 4, host.Packets);
        Assert.Equal(pool.Count, pool.FreeCount);
    }

    private static void Cycle(DpPacketPool pool, DpPacketBatch batch, byte[] frame, byte[] actions, CountingHost host, Func<uint> random)
    {
        for (int j = 0; j < DpPacketBatch.MaxBurst; j++)
        {
            DpPacket p = pool.Rent()!;
            p.TrySetFrame(frame);
            p.L2Offset = 0;
            p.L3Offset = 14;
            p.L4Offset = 34;
            batch.Add(p);
        }

        OdpExecutor.Execute(batch, actions, host, random);
    }

    private sealed class CountingHost : IOdpExecuteHost
    {
        public long Packets { get; private set; }

        public void Execute(DpPacketBatch batch, ReadOnlySpan<byte> action)
        {
            Packets += batch.Count;
            batch.ReleaseAll();
        }
    }
}
