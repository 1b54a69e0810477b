// FlowExtractor.Extract must not allocate: 10,000 extractions of a mix of frames (TCP, UDP, IPv6 with extension
// headers and ND, VLAN, MPLS, ARP, NSH, truncated) on this thread must leave the allocated-bytes counter unchanged.
using Ovs.Flow.Extract;

namespace Ovs.Flow.Tests.Extract;

public sealed class ExtractAllocationTests
{
    [Fact]
    public void TenThousandExtractionsAllocateNothing()
    {
        var gen = new RandomPackets(99);
        byte[][] frames = new byte[64][];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = i % 4 == 3 ? gen.Truncate(gen.Frame()) : gen.Frame();
        }

        PacketMetadata md = gen.Metadata();
        FlowData flow = default;
        LayerOffsets offsets = default;

        // Warm up so that JIT tiering and static initialisation are done before measuring.
        for (int i = 0; i < 1000; i++)
        {
            FlowExtractor.Extract(frames[i % frames.Length], in md, ref flow, ref offsets);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            FlowExtractor.Extract(frames[i % frames.Length], in md, ref flow, ref offsets);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(0, after - before);
    }
}
