// Upstream: netdev_linux_rxq_recv_tap() in lib/netdev-linux.c (OVS 3.1)
//
// Reads up to a batch of frames from the tun descriptor, one read per frame, each straight into a pooled packet.
// The read offers one byte more than the packet can hold (into a scratch byte), so a frame that does not fit is
// recognised, dropped and counted instead of being silently cut. Owned by one polling thread.
using Ovs.Common;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class TapRxq(TapNetdev netdev) : IPollableRxq
{
    private const int EthHeaderSize = 14;

    private readonly DpPacketPool _pool = new(PacketBuffers.PoolSize, netdev.PacketRoom);
    private readonly byte[] _overflow = GC.AllocateUninitializedArray<byte>(1, pinned: true);

    public INetdev Netdev => netdev;

    public int QueueId => 0;

    public int PollFd => netdev.TunFd;

    public bool IsReady => false;

    public int Receive(DpPacketBatch batch)
    {
        int result = OvsErrno.EAGAIN;
        LinuxNative.IoVec* iov = stackalloc LinuxNative.IoVec[2];
        while (!batch.IsFull)
        {
            DpPacket? packet = _pool.Rent();
            if (packet is null)
            {
                break;
            }

            int room = packet.Capacity - packet.Headroom0;
            iov[0] = new LinuxNative.IoVec { Base = PacketBuffers.AddressOf(packet.Buffer) + packet.Headroom0, Length = (nuint)room };
            iov[1] = new LinuxNative.IoVec { Base = PacketBuffers.AddressOf(_overflow), Length = 1 };
            nint n = LinuxNative.ReadV(netdev.TunFd, iov, 2);
            if (n < 0)
            {
                int error = LinuxNative.LastErrno;
                packet.Release();
                if (error == OvsErrno.EINTR)
                {
                    continue;
                }

                if (error != OvsErrno.EAGAIN)
                {
                    result = batch.IsEmpty ? error : 0;
                }

                break;
            }

            if (n < EthHeaderSize)
            {
                netdev.CountRxRunt();
                packet.Release();
                continue;
            }

            if (n > room)
            {
                netdev.CountRxOversized();
                packet.Release();
                continue;
            }

            packet.SetFrame(packet.Headroom0, (int)n);
            netdev.CountRx((int)n);
            batch.Add(packet);
            result = 0;
        }

        return batch.IsEmpty && result == 0 ? OvsErrno.EAGAIN : result;
    }

    public void Wait(int timeoutMilliseconds)
    {
        LinuxNative.WaitFor(netdev.TunFd, LinuxNative.PollIn, timeoutMilliseconds);
    }

    public int Drain() => NetdevRxqs.DrainByReceiving(this);

    public void Dispose() => netdev.CloseRxq(this);
}
