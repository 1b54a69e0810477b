using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Packets;

public sealed class DpPacketTests
{
    [Fact]
    public void PushPullPutKeepTheFrameAndLayerOffsetsConsistent()
    {
        var packet = new DpPacket(256);
        Assert.True(packet.TrySetFrame(Frames.Make(64, 7)));
        packet.L3Offset = 14;
        packet.L4Offset = 34;

        Span<byte> tag = packet.Push(4);
        tag.Fill(0xee);
        Assert.Equal(68, packet.Size);
        Assert.Equal(DpPacket.DefaultHeadroom - 4, packet.Headroom);
        Assert.Equal(18, packet.L3Offset);
        Assert.Equal(38, packet.L4Offset);
        Assert.Equal(DpPacket.NoOffset, packet.L2_5Offset);

        packet.Pull(4);
        Assert.Equal(Frames.Make(64, 7), packet.Data.ToArray());
        Assert.Equal(14, packet.L3Offset);

        packet.Put(2).Fill(0x11);
        Assert.Equal(66, packet.Size);
        packet.Truncate(64);
        Assert.Equal(Frames.Make(64, 7), packet.Data.ToArray());
    }

    [Fact]
    public void PushBeyondHeadroomAndPullBeyondSizeThrow()
    {
        var packet = new DpPacket(64, headroom: 8);
        Assert.True(packet.TrySetFrame(new byte[20]));
        Assert.Throws<InvalidOperationException>(() => packet.Push(9));
        Assert.Throws<InvalidOperationException>(() => packet.Pull(21));
        Assert.Throws<InvalidOperationException>(() => packet.Put(45));
        Assert.False(packet.TrySetFrame(new byte[65]));
    }

    [Fact]
    public void ResetClearsMetadata()
    {
        var packet = new DpPacket(64);
        packet.InPort = 3;
        packet.RecircId = 9;
        packet.DpHash = 0x1234;
        packet.PktMark = 5;
        packet.SkbPriority = 2;
        packet.Offloads = DpPacketOffloads.RxL4ChecksumGood;
        packet.L3Offset = 14;
        packet.Reset();
        Assert.Equal(0u, packet.InPort + packet.RecircId + packet.DpHash + packet.PktMark + packet.SkbPriority);
        Assert.Equal(DpPacketOffloads.None, packet.Offloads);
        Assert.Equal(DpPacket.NoOffset, packet.L3Offset);
        Assert.Equal(0, packet.Size);
    }

    [Fact]
    public void CopyCarriesFrameAndMetadata()
    {
        var source = new DpPacket(128);
        source.TrySetFrame(Frames.Make(60, 1));
        source.InPort = 4;
        source.RecircId = 2;
        source.L4Offset = 34;
        var copy = new DpPacket(128);
        Assert.True(source.TryCopyTo(copy));
        Assert.Equal(source.Data.ToArray(), copy.Data.ToArray());
        Assert.Equal(4u, copy.InPort);
        Assert.Equal(2u, copy.RecircId);
        Assert.Equal(34, copy.L4Offset);
        Assert.False(source.TryCopyTo(new DpPacket(10)));
    }

    [Fact]
    public void PoolHandsOutEachPacketOnceAndTakesItBack()
    {
        var pool = new DpPacketPool(3, 128);
        DpPacket a = pool.Rent()!;
        DpPacket b = pool.Rent()!;
        DpPacket c = pool.Rent()!;
        Assert.Null(pool.Rent());
        Assert.Equal(3, new HashSet<DpPacket>([a, b, c]).Count);
        b.Release();
        Assert.Same(b, pool.Rent());
        a.Release();
        c.Release();
        Assert.Equal(2, pool.FreeCount);
    }

    [Fact]
    public void PoolRentsAndTakesBackWholeBatches()
    {
        var pool = new DpPacketPool(5, 128);
        var other = new DpPacketPool(2, 128);
        var batch = new DpPacketBatch();
        batch.Add(other.Rent()!);
        Assert.Equal(4, pool.RentInto(batch, 4));
        batch.Add(other.Rent()!);
        Assert.Equal(1, pool.RentInto(batch, 3));
        Assert.Equal(7, batch.Count);
        Assert.Equal(0, pool.FreeCount);
        Assert.Equal(7, Enumerable.Range(0, 7).Select(i => batch[i]).Distinct().Count());
        Assert.All(Enumerable.Range(1, 4), i => Assert.Equal(0, batch[i].Size));

        // Runs of one pool go back together; packets of another pool in between go to theirs.
        batch.ReleaseAll();
        Assert.True(batch.IsEmpty);
        Assert.Equal(5, pool.FreeCount);
        Assert.Equal(2, other.FreeCount);
        Assert.Equal(0, pool.RentInto(new DpPacketBatch(), 0));
    }

    [Fact]
    public void PoolRejectsABatchReleasedTwice()
    {
        var pool = new DpPacketPool(2, 64);
        var batch = new DpPacketBatch();
        pool.RentInto(batch, 2);
        DpPacket first = batch[0];
        first.Release();
        Assert.Throws<InvalidOperationException>(batch.ReleaseAll);
    }

    [Fact]
    public void PoolRejectsDoubleRelease()
    {
        var pool = new DpPacketPool(1, 64);
        DpPacket a = pool.Rent()!;
        a.Release();
        Assert.Throws<InvalidOperationException>(a.Release);
    }

    [Fact]
    public void BatchHoldsAtMost32AndReleasesTheRest()
    {
        var pool = new DpPacketPool(40, 64);
        var batch = new DpPacketBatch();
        for (int i = 0; i < 40; i++)
        {
            batch.Add(pool.Rent()!);
        }

        Assert.Equal(DpPacketBatch.MaxBurst, batch.Count);
        Assert.Equal(40 - DpPacketBatch.MaxBurst, pool.FreeCount);
        batch.Shrink(10);
        Assert.Equal(10, batch.Count);
        Assert.Equal(30, pool.FreeCount);
        batch.ReleaseAll();
        Assert.True(batch.IsEmpty);
        Assert.Equal(40, pool.FreeCount);
    }

    [Fact]
    public void RentFillBatchAndReleaseAllocateNothing()
    {
        var pool = new DpPacketPool(64, 2048);
        var batch = new DpPacketBatch();
        byte[] frame = Frames.Make(100, 3);
        Cycle(pool, batch, frame);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            Cycle(pool, batch, frame);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Cycle(DpPacketPool pool, DpPacketBatch batch, byte[] frame)
    {
        for (int j = 0; j < DpPacketBatch.MaxBurst; j++)
        {
            DpPacket p = pool.Rent()!;
            p.TrySetFrame(frame);
            p.Push(4);
            p.Pull(4);
            batch.Add(p);
        }

        batch.ReleaseAll();
    }
}
