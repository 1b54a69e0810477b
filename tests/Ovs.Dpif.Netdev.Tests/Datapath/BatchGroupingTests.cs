using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

/// <summary>
/// A received batch is split into one group per datapath flow, in order of each flow's first packet, and each group
/// runs its flow's actions once. Dummy queues hand out one packet per receive, so these tests give the pipeline whole
/// batches directly.
/// </summary>
public class BatchGroupingTests
{
    private const string Match =
        "in_port(1),eth(src=00:00:00:00:00:0a/00:00:00:00:00:00,dst=00:00:00:00:00:0b/00:00:00:00:00:00),eth_type(0x0800)," +
        "ipv4(src=10.0.0.1/0.0.0.0,dst=10.0.1.{0}/255.255.255.255,proto=0/0,tos=0/0,ttl=64/0,frag=no)";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_full_batch_of_many_flows_is_grouped_per_flow_in_first_seen_order(bool collidingUfids)
    {
        using var f = new DatapathFixture();
        f.AddPort("p1");
        f.AddPort("p2");
        const int flows = 40;
        for (int d = 0; d < flows; d++)
        {
            // Colliding UFIDs share their low word, so every flow lands on the same slot of the grouping table.
            Ufid ufid = collidingUfids ? new Ufid(0x40, (uint)d + 1, 0, 0) : new Ufid((uint)d * 2654435761u, 7, (uint)d, 1);
            Assert.Equal(0, f.Dpif.FlowPut(DatapathFixture.Put(string.Format(System.Globalization.CultureInfo.InvariantCulture, Match, d), "2", ufid), out _));
        }

        // 32 packets: 29 distinct flows, three of them seen twice, far apart.
        int[] destinations = Enumerable.Range(0, 29).Select(i => (i * 7) % flows).Concat([0, 14, 7]).ToArray();
        byte[][] frames = destinations
            .Select((d, i) => DatapathFixture.UdpFrame("10.0.0.1", $"10.0.1.{d}", srcPort: (ushort)(1000 + i)))
            .ToArray();

        var pool = new DpPacketPool(64, 2048);
        var batch = new DpPacketBatch();
        Assert.Equal(frames.Length, pool.RentInto(batch, frames.Length));
        for (int i = 0; i < frames.Length; i++)
        {
            Assert.True(batch[i].TrySetFrame(frames[i]));
        }

        var pipeline = f.Datapath.Main.Pipeline;
        lock (pipeline.Sync)
        {
            pipeline.ProcessReceived(batch, f.Datapath.FindPort(1)!);
        }

        // Expected output: for each destination in order of first appearance, all of its packets in arrival order.
        var expected = destinations
            .Select((d, i) => (d, i))
            .GroupBy(x => x.d)
            .SelectMany(g => g.Select(x => frames[x.i]))
            .ToList();
        Assert.Equal(expected, f.Sent("p2"));

        var counts = f.Dpif.FlowDump().ToDictionary(x => x.Ufid!.Value, x => x.Stats.PacketCount);
        Assert.Equal(flows, counts.Count);
        Assert.Equal((ulong)frames.Length, counts.Values.Aggregate(0ul, (a, b) => a + b));
        Assert.Equal(3, counts.Values.Count(c => c == 2));

        // The grouping table is left empty: a second batch of the same flows groups the same way.
        Assert.Equal(frames.Length, pool.RentInto(batch, frames.Length));
        for (int i = 0; i < frames.Length; i++)
        {
            Assert.True(batch[i].TrySetFrame(frames[i]));
        }

        lock (pipeline.Sync)
        {
            pipeline.ProcessReceived(batch, f.Datapath.FindPort(1)!);
        }

        Assert.Equal(expected.Concat(expected).ToList(), f.Sent("p2"));
    }
}
