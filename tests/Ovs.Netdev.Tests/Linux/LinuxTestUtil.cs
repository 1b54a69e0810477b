using Ovs.Netdev.Linux;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Linux;

internal static class LinuxTestUtil
{
    public static NetdevRegistry Registry(SystemRxMode mode = SystemRxMode.Ring, int packetRoom = PacketBuffers.PacketRoom)
    {
        var registry = new NetdevRegistry();
        registry.Register(new SystemProvider(mode, packetRoom));
        registry.Register(new TapProvider("tap", packetRoom));
        registry.Register(new TapProvider("internal", packetRoom));
        return registry;
    }

    public static INetdev Open(NetdevRegistry registry, string name, string type)
    {
        int error = registry.Open(name, type, out INetdev? netdev);
        Assert.True(error == 0, $"opening {type} device {name}: {Common.OvsErrno.StrError(error)}");
        return netdev!;
    }

    /// <summary>Sends frames in batches of up to 32 copied into free-standing packets.</summary>
    public static void Send(INetdev netdev, IEnumerable<byte[]> frames, Action<DpPacket>? prepare = null)
    {
        var batch = new DpPacketBatch();
        foreach (byte[] frame in frames)
        {
            var packet = new DpPacket(frame.Length);
            packet.TrySetFrame(frame);
            prepare?.Invoke(packet);
            batch.Add(packet);
            if (batch.IsFull)
            {
                netdev.Send(0, batch);
            }
        }

        if (!batch.IsEmpty)
        {
            netdev.Send(0, batch);
        }
    }

    /// <summary>Receives until <paramref name="count"/> test frames arrived or 5 s passed; other traffic is ignored.</summary>
    public static List<byte[]> ReceiveTestFrames(INetdevRxq rxq, int count, int timeoutMilliseconds = 5000, Action<DpPacket>? inspect = null)
    {
        var frames = new List<byte[]>();
        var batch = new DpPacketBatch();
        long deadline = Environment.TickCount64 + timeoutMilliseconds;
        while (frames.Count < count && Environment.TickCount64 < deadline)
        {
            if (rxq.Receive(batch) != 0)
            {
                rxq.Wait(100);
                continue;
            }

            for (int i = 0; i < batch.Count; i++)
            {
                if (IsTestOrTagged(batch[i].Data))
                {
                    inspect?.Invoke(batch[i]);
                    frames.Add(batch[i].Data.ToArray());
                }
            }

            batch.ReleaseAll();
        }

        return frames;
    }

    private static bool IsTestOrTagged(ReadOnlySpan<byte> frame) =>
        Frames.IsTest(frame) || (frame.Length >= 18 && frame[12] == 0x81 && frame[13] == 0x00 && frame[16] == 0x88 && frame[17] == 0xb5);
}
