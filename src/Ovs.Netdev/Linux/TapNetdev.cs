// Upstream: netdev_linux_construct_tap(), netdev_tap_send() and the tap receive path of lib/netdev-linux.c
// (OVS 3.1)
//
// A TAP interface (IFF_TAP | IFF_NO_PI): every read from the tun descriptor is one Ethernet frame the host sent
// out of the interface, every write is one frame the host receives. The descriptor is non-blocking, one receive
// queue reads it and Send writes to it (tun has no batched write, so one writev per frame). Frames shorter than an
// Ethernet header or longer than a packet buffer are dropped and counted; a frame the kernel refuses to take
// because its queue is full counts as tx_dropped, as upstream.
// Thread-safety: the receive queue belongs to one polling thread; Send may run on any thread (tun writes are
// atomic per frame); attributes are control-thread work.
using System.Buffers.Binary;
using Ovs.Common;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class TapNetdev : LinuxNetdev
{
    private const int EthHeaderSize = 14;
    private const int VlanHeaderSize = 4;

    private readonly FileDescriptor _tun;
    private TapRxq? _rxq;

    private TapNetdev(NetdevRegistry registry, string name, string type, LinuxInterface device, FileDescriptor tun)
        : base(registry, name, type, device, swapKernelStats: true) => _tun = tun;

    internal int TunFd => _tun.Fd;

    public static int Create(NetdevRegistry registry, string name, string type, int packetRoom, out TapNetdev? netdev)
    {
        netdev = null;
        var request = default(LinuxNative.IfReq);
        if (!LinuxNative.TrySetName(ref request, name))
        {
            return OvsErrno.EINVAL;
        }

        int fd;
        fixed (byte* path = "/dev/net/tun\0"u8)
        {
            fd = LinuxNative.Open(path, LinuxNative.ORdWr | LinuxNative.ONonblock | LinuxNative.OCloexec);
        }

        if (fd < 0)
        {
            return LinuxNative.LastErrno;
        }

        var tun = new FileDescriptor(fd);
        request.Flags = LinuxNative.IffTap | LinuxNative.IffNoPi;
        if (LinuxNative.Ioctl(fd, LinuxNative.TunSetIff, &request) < 0)
        {
            int error = LinuxNative.LastErrno;
            tun.Dispose();
            return error;
        }

        int openError = LinuxInterface.Open(LinuxNative.GetName(ref request), out LinuxInterface? device);
        if (openError != 0)
        {
            tun.Dispose();
            return openError;
        }

        netdev = new TapNetdev(registry, name, type, device!, tun) { PacketRoom = packetRoom };
        return 0;
    }

    public override int OpenRxq(int queueId, out INetdevRxq? rxq)
    {
        rxq = null;
        if (queueId != 0)
        {
            return OvsErrno.EINVAL;
        }

        if (_rxq is not null)
        {
            return OvsErrno.EBUSY;
        }

        _rxq = new TapRxq(this);
        rxq = _rxq;
        return 0;
    }

    internal void CloseRxq(TapRxq rxq)
    {
        if (ReferenceEquals(_rxq, rxq))
        {
            _rxq = null;
        }
    }

    public override int Send(int queueId, DpPacketBatch batch)
    {
        int firstError = 0;
        int mtu = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket packet = batch[i];
            int size = packet.Size;
            if (size < EthHeaderSize)
            {
                CountTxDropped(1);
                firstError = firstError != 0 ? firstError : OvsErrno.EMSGSIZE;
                continue;
            }

            if (mtu == 0 && Device.GetMtu(out mtu) != 0)
            {
                mtu = int.MaxValue - EthHeaderSize - VlanHeaderSize;
            }

            int maxSize = mtu + EthHeaderSize
                + (BinaryPrimitives.ReadUInt16BigEndian(packet.Data[12..]) == 0x8100 ? VlanHeaderSize : 0);
            if (size > maxSize && (packet.Offloads & DpPacketOffloads.TxTcpSegmentation) == 0)
            {
                CountTxDropped(1);
                firstError = firstError != 0 ? firstError : OvsErrno.EMSGSIZE;
                continue;
            }

            var iov = new LinuxNative.IoVec
            {
                Base = PacketBuffers.AddressOf(packet.Buffer) + packet.DataOffset,
                Length = (nuint)size,
            };
            nint written;
            int error;
            do
            {
                written = LinuxNative.WriteV(_tun.Fd, &iov, 1);
                error = written < 0 ? LinuxNative.LastErrno : 0;
            }
            while (error == OvsErrno.EINTR);

            if (error != 0)
            {
                // EAGAIN means the host is not reading (or the interface is down); that is a drop, not an error.
                if (error is OvsErrno.EAGAIN or OvsErrno.EIO)
                {
                    CountTxDropped(1);
                }
                else
                {
                    CountTxError();
                    firstError = firstError != 0 ? firstError : error;
                }

                continue;
            }

            CountTx(size);
        }

        batch.ReleaseAll();
        return firstError;
    }

    public override void SendWait(int queueId, int timeoutMilliseconds)
    {
        LinuxNative.WaitFor(_tun.Fd, LinuxNative.PollOut, timeoutMilliseconds);
    }

    public override int GetStatus(IDictionary<string, string> status)
    {
        status["driver_name"] = "tun";
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rxq?.Dispose();
            _tun.Dispose();
        }

        base.Dispose(disposing);
    }
}
