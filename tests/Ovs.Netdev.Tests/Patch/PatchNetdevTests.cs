using Ovs.Common;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Patch;

public sealed class PatchNetdevTests
{
    [Theory]
    [InlineData(new string[0], "p0: patch type requires valid 'peer' argument")]
    [InlineData(new[] { "peer", "" }, "p0: patch type requires valid 'peer' argument")]
    [InlineData(new[] { "peer", "p1", "other", "x" }, "p0: patch type takes only a 'peer' argument")]
    [InlineData(new[] { "peer", "p0" }, "p0: patch peer must not be self")]
    public void ConfigErrorsUseUpstreamsTexts(string[] pairs, string error)
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p0", "patch", out INetdev? p0));
        var options = new Dictionary<string, string>();
        for (int i = 0; i < pairs.Length; i += 2)
        {
            options[pairs[i]] = pairs[i + 1];
        }

        Assert.Equal(error, p0!.SetConfig(options));
        Assert.Empty(p0.GetConfig());
    }

    [Fact]
    public void PacketsCrossToThePeer()
    {
        NetdevRegistry registry = NetdevRegistry.CreateDefault();
        Assert.Equal(0, registry.Open("p0", "patch", out INetdev? p0));
        Assert.Equal(0, registry.Open("p1", "patch", out INetdev? p1));
        Assert.Null(p0!.SetConfig(new Dictionary<string, string> { ["peer"] = "p1" }));
        var batch = new DpPacketBatch();
        var pool = new DpPacketPool(8, 256);

        // No way back yet (p1 has no peer): dropped.
        batch.Add(Rent(pool, 60, 1));
        Assert.Equal(OvsErrno.ENODEV, p0.Send(0, batch));
        Assert.Equal(8, pool.FreeCount);

        Assert.Null(p1!.SetConfig(new Dictionary<string, string> { ["peer"] = "p0" }));
        Assert.Equal(0, p1.OpenRxq(0, out INetdevRxq? rxq));
        batch.Add(Rent(pool, 60, 1));
        batch.Add(Rent(pool, 61, 2));
        Assert.Equal(0, p0.Send(0, batch));
        Assert.True(batch.IsEmpty);
        Assert.Equal(0, rxq!.Receive(batch));
        Assert.Equal(2, batch.Count);
        Assert.Equal(Frames.Make(60, 1), batch[0].Data.ToArray());
        Assert.Equal(Frames.Make(61, 2), batch[1].Data.ToArray());
        batch.ReleaseAll();
        Assert.Equal(8, pool.FreeCount);

        Assert.Equal(0, p0.GetStats(out NetdevStats tx));
        Assert.Equal(2ul, tx.TxPackets);
        Assert.Equal(1ul, tx.TxDropped);
        Assert.Equal(0, p1.GetStats(out NetdevStats rx));
        Assert.Equal(2ul, rx.RxPackets);
        Assert.Equal(121ul, rx.RxBytes);
        Assert.Equal(0, p0.UpdateFlags(NetdevFlags.None, NetdevFlags.None, out NetdevFlags flags));
        Assert.Equal(NetdevFlags.Up | NetdevFlags.Promisc, flags);
        Assert.Equal(OvsErrno.EOPNOTSUPP, p0.GetMtu(out _));
    }

    private static DpPacket Rent(DpPacketPool pool, int size, int sequence)
    {
        DpPacket packet = pool.Rent()!;
        packet.TrySetFrame(Frames.Make(size, sequence));
        return packet;
    }
}
