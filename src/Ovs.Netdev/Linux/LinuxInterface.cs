// Upstream: the ioctl helpers of lib/netdev-linux.c (get/set MTU, Ethernet address, flags, ifindex) (OVS 3.1)
//
// Attribute access for a kernel interface by name, through an AF_INET datagram socket opened when the device is
// opened. The socket, not the calling thread, decides which network namespace the name is looked up in, so a
// device opened inside a namespace keeps working from any thread. Kernel link statistics come from rtnetlink
// (RTM_GETLINK, IFLA_STATS64) through a netlink socket opened at the same time for the same reason.
// Thread-safety: ioctls on one socket from several threads are safe; the netlink query is serialised by a lock.
using System.Buffers.Binary;
using Ovs.Common;
using Ovs.Flow.Packets;
using Ovs.Netdev.Native;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class LinuxInterface : IDisposable
{
    private const int NetlinkRoute = 0;
    private const int AfNetlink = 16;
    private const ushort RtmGetLink = 18;
    private const ushort RtmNewLink = 16;
    private const ushort NlmFRequest = 1;
    private const ushort NlMsgError = 2;
    private const ushort IflaStats64 = 23;

    private readonly FileDescriptor _ioctlSocket;
    private readonly FileDescriptor? _netlink;
    private readonly Lock _netlinkLock = new();
    private readonly byte[] _netlinkBuffer = new byte[16384];
    private uint _sequence;

    private LinuxInterface(string name, FileDescriptor ioctlSocket, FileDescriptor? netlink)
    {
        Name = name;
        _ioctlSocket = ioctlSocket;
        _netlink = netlink;
    }

    public string Name { get; }

    /// <summary>Opens the control sockets in the calling thread's network namespace.</summary>
    public static int Open(string name, out LinuxInterface? device)
    {
        device = null;
        var request = default(LinuxNative.IfReq);
        if (!LinuxNative.TrySetName(ref request, name))
        {
            return OvsErrno.EINVAL;
        }

        int fd = LinuxNative.Socket(LinuxNative.AfInet, LinuxNative.SockDgram | LinuxNative.SockCloexec, 0);
        if (fd < 0)
        {
            return LinuxNative.LastErrno;
        }

        int nl = LinuxNative.Socket(AfNetlink, LinuxNative.SockRaw | LinuxNative.SockCloexec, NetlinkRoute);
        device = new LinuxInterface(name, new FileDescriptor(fd), nl >= 0 ? new FileDescriptor(nl) : null);
        return 0;
    }

    public int GetIfIndex(out int ifIndex)
    {
        int error = IoctlGet(LinuxNative.SiocGifIndex, out LinuxNative.IfReq request);
        ifIndex = error == 0 ? request.Value : 0;
        return error;
    }

    public int GetMtu(out int mtu)
    {
        int error = IoctlGet(LinuxNative.SiocGifMtu, out LinuxNative.IfReq request);
        mtu = error == 0 ? request.Value : 0;
        return error;
    }

    public int SetMtu(int mtu)
    {
        LinuxNative.IfReq request = NewRequest();
        request.Value = mtu;
        return Ioctl(LinuxNative.SiocSifMtu, ref request);
    }

    public int GetEtherAddress(out EthAddr address)
    {
        int error = IoctlGet(LinuxNative.SiocGifHwAddr, out LinuxNative.IfReq request);
        address = default;
        if (error != 0)
        {
            return error;
        }

        if (request.AddressFamily != LinuxNative.ArphrdEther)
        {
            return OvsErrno.EINVAL;
        }

        address = EthAddr.Read(new ReadOnlySpan<byte>(request.AddressData, 6));
        return 0;
    }

    public int SetEtherAddress(EthAddr address)
    {
        LinuxNative.IfReq request = NewRequest();
        request.AddressFamily = LinuxNative.ArphrdEther;
        address.Write(new Span<byte>(request.AddressData, 6));
        return Ioctl(LinuxNative.SiocSifHwAddr, ref request);
    }

    /// <summary>The kernel's IFF_* flags (the low 16 bits SIOCGIFFLAGS reports).</summary>
    public int GetKernelFlags(out short flags)
    {
        int error = IoctlGet(LinuxNative.SiocGifFlags, out LinuxNative.IfReq request);
        flags = error == 0 ? request.Flags : (short)0;
        return error;
    }

    public int SetKernelFlags(short flags)
    {
        LinuxNative.IfReq request = NewRequest();
        request.Flags = flags;
        return Ioctl(LinuxNative.SiocSifFlags, ref request);
    }

    /// <summary>Maps netdev flags onto IFF_UP/IFF_PROMISC, leaving the kernel's other flags alone.</summary>
    public int UpdateFlags(NetdevFlags off, NetdevFlags on, out NetdevFlags oldFlags)
    {
        oldFlags = NetdevFlags.None;
        int error = GetKernelFlags(out short kernel);
        if (error != 0)
        {
            return error;
        }

        oldFlags = ToNetdevFlags(kernel);
        NetdevFlags wanted = (oldFlags | on) & ~off;
        short updated = kernel;
        updated = (short)((wanted & NetdevFlags.Up) != 0 ? updated | LinuxNative.IffUp : updated & ~LinuxNative.IffUp);
        updated = (short)((wanted & NetdevFlags.Promisc) != 0 ? updated | LinuxNative.IffPromisc : updated & ~LinuxNative.IffPromisc);
        return updated == kernel ? 0 : SetKernelFlags(updated);
    }

    public static NetdevFlags ToNetdevFlags(short kernel)
    {
        NetdevFlags flags = NetdevFlags.None;
        if ((kernel & LinuxNative.IffUp) != 0)
        {
            flags |= NetdevFlags.Up;
        }

        if ((kernel & LinuxNative.IffPromisc) != 0)
        {
            flags |= NetdevFlags.Promisc;
        }

        if ((kernel & LinuxNative.IffLoopback) != 0)
        {
            flags |= NetdevFlags.Loopback;
        }

        return flags;
    }

    /// <summary>Carrier as the kernel's operational state reports it (IFF_RUNNING).</summary>
    public int GetCarrier(out bool carrier)
    {
        int error = GetKernelFlags(out short flags);
        carrier = error == 0 && (flags & LinuxNative.IffRunning) != 0;
        return error;
    }

    /// <summary>Kernel link counters (struct rtnl_link_stats64) through RTM_GETLINK.</summary>
    public int GetKernelStats(out NetdevStats stats)
    {
        stats = NetdevStats.AllUnsupported;
        if (_netlink is null)
        {
            return OvsErrno.EOPNOTSUPP;
        }

        int error = GetIfIndex(out int ifIndex);
        if (error != 0)
        {
            return error;
        }

        lock (_netlinkLock)
        {
            // nlmsghdr (16) + ifinfomsg (16).
            Span<byte> request = stackalloc byte[32];
            request.Clear();
            uint seq = ++_sequence;
            BinaryPrimitives.WriteUInt32LittleEndian(request, 32);
            BinaryPrimitives.WriteUInt16LittleEndian(request[4..], RtmGetLink);
            BinaryPrimitives.WriteUInt16LittleEndian(request[6..], NlmFRequest);
            BinaryPrimitives.WriteUInt32LittleEndian(request[8..], seq);
            BinaryPrimitives.WriteInt32LittleEndian(request[20..], ifIndex);
            fixed (byte* p = request)
            {
                var iov = new LinuxNative.IoVec { Base = p, Length = 32 };
                if (LinuxNative.WriteV(_netlink.Fd, &iov, 1) < 0)
                {
                    return LinuxNative.LastErrno;
                }
            }

            while (true)
            {
                nint n;
                fixed (byte* p = _netlinkBuffer)
                {
                    n = LinuxNative.Read(_netlink.Fd, p, (nuint)_netlinkBuffer.Length);
                }

                if (n < 0)
                {
                    return LinuxNative.LastErrno;
                }

                int result = ParseLinkReply(_netlinkBuffer.AsSpan(0, (int)n), seq, ref stats, out bool done);
                if (done)
                {
                    return result;
                }
            }
        }
    }

    private static int ParseLinkReply(ReadOnlySpan<byte> data, uint seq, ref NetdevStats stats, out bool done)
    {
        done = false;
        while (data.Length >= 16)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
            ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
            uint messageSeq = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
            if (length < 16 || length > data.Length)
            {
                done = true;
                return OvsErrno.EPROTO;
            }

            if (messageSeq == seq)
            {
                done = true;
                if (type == NlMsgError)
                {
                    int error = data.Length >= 20 ? -BinaryPrimitives.ReadInt32LittleEndian(data[16..]) : OvsErrno.EPROTO;
                    return error;
                }

                if (type == RtmNewLink)
                {
                    return ReadStats64(data[32..length], ref stats) ? 0 : OvsErrno.EOPNOTSUPP;
                }
            }

            data = data[Math.Min(data.Length, (length + 3) & ~3)..];
        }

        return 0;
    }

    private static bool ReadStats64(ReadOnlySpan<byte> attributes, ref NetdevStats stats)
    {
        while (attributes.Length >= 4)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
            ushort type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & 0x3fff);
            if (length < 4 || length > attributes.Length)
            {
                return false;
            }

            if (type == IflaStats64 && length >= 4 + (21 * 8))
            {
                ReadOnlySpan<byte> s = attributes[4..length];
                stats.RxPackets = At(s, 0);
                stats.TxPackets = At(s, 1);
                stats.RxBytes = At(s, 2);
                stats.TxBytes = At(s, 3);
                stats.RxErrors = At(s, 4);
                stats.TxErrors = At(s, 5);
                stats.RxDropped = At(s, 6);
                stats.TxDropped = At(s, 7);
                stats.Multicast = At(s, 8);
                stats.Collisions = At(s, 9);
                stats.RxLengthErrors = At(s, 10);
                stats.RxOverErrors = At(s, 11);
                stats.RxCrcErrors = At(s, 12);
                stats.RxFrameErrors = At(s, 13);
                stats.RxFifoErrors = At(s, 14);
                stats.RxMissedErrors = At(s, 15);
                stats.TxAbortedErrors = At(s, 16);
                stats.TxCarrierErrors = At(s, 17);
                stats.TxFifoErrors = At(s, 18);
                stats.TxHeartbeatErrors = At(s, 19);
                stats.TxWindowErrors = At(s, 20);
                return true;
            }

            attributes = attributes[Math.Min(attributes.Length, (length + 3) & ~3)..];
        }

        return false;
    }

    private static ulong At(ReadOnlySpan<byte> s, int index) => BinaryPrimitives.ReadUInt64LittleEndian(s[(index * 8)..]);

    private LinuxNative.IfReq NewRequest()
    {
        var request = default(LinuxNative.IfReq);
        LinuxNative.TrySetName(ref request, Name);
        return request;
    }

    private int IoctlGet(ulong command, out LinuxNative.IfReq request)
    {
        request = NewRequest();
        return Ioctl(command, ref request);
    }

    private int Ioctl(ulong command, ref LinuxNative.IfReq request)
    {
        fixed (LinuxNative.IfReq* p = &request)
        {
            return LinuxNative.Ioctl(_ioctlSocket.Fd, command, p) < 0 ? LinuxNative.LastErrno : 0;
        }
    }

    public void Dispose()
    {
        _ioctlSocket.Dispose();
        _netlink?.Dispose();
    }
}
