// Upstream: none (the Linux system calls lib/netdev-linux.c and lib/socket-util.c make, for a .NET process)
//
// libc entry points and kernel structures the Linux providers use. Everything is blittable and passed by pointer,
// so the source-generated stubs do no marshalling and calls on the packet path allocate nothing. Layouts are those
// of x86_64 and aarch64 Linux (LP64); Ovs.Netdev.Tests' LinuxNativeLayoutTests pins the sizes and offsets that matter.
using System.Runtime.InteropServices;

namespace Ovs.Netdev.Native;

internal static unsafe partial class LinuxNative
{
    public const int AfInet = 2;
    public const int AfPacket = 17;
    public const int SockDgram = 2;
    public const int SockRaw = 3;
    public const int SockCloexec = 0x80000;
    public const int SockNonblock = 0x800;

    public const int ORdWr = 2;
    public const int ONonblock = 0x800;
    public const int OCloexec = 0x80000;

    public const ushort EthPAll = 0x0003;

    public const int SolPacket = 263;
    public const int SolSocket = 1;
    public const int SoRcvbuf = 8;
    public const int SoSndbuf = 7;
    public const int SoRcvbufForce = 33;
    public const int PacketRxRing = 5;
    public const int PacketStatistics = 6;
    public const int PacketCopyThresh = 7;
    public const int PacketVersion = 10;
    public const int PacketVnetHdr = 15;
    public const int PacketIgnoreOutgoing = 23;
    public const int TpacketV2 = 1;

    public const int MsgDontwait = 0x40;
    public const int MsgTrunc = 0x20;

    public const int ProtRead = 1;
    public const int ProtWrite = 2;
    public const int MapShared = 1;

    public const short PollIn = 0x001;
    public const short PollOut = 0x004;

    public const ulong SiocGifFlags = 0x8913;
    public const ulong SiocSifFlags = 0x8914;
    public const ulong SiocGifMtu = 0x8921;
    public const ulong SiocSifMtu = 0x8922;
    public const ulong SiocSifHwAddr = 0x8924;
    public const ulong SiocGifHwAddr = 0x8927;
    public const ulong SiocGifIndex = 0x8933;
    public const ulong TunSetIff = 0x400454ca;
    public const ulong TunSetOffload = 0x400454d0;
    public const ulong TunSetVnetHdrSz = 0x400454d8;

    public const short IffUp = 0x1;
    public const short IffLoopback = 0x8;
    public const short IffRunning = 0x40;
    public const short IffPromisc = 0x100;
    public const short IffTap = 0x0002;
    public const short IffNoPi = 0x1000;
    public const short IffVnetHdr = 0x4000;
    public const ushort ArphrdEther = 1;

    public const int IfNameSize = 16;

    /// <summary>struct ifreq: a 16-byte name and a 24-byte union (flags, mtu, ifindex or a sockaddr).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    public struct IfReq
    {
        [FieldOffset(0)]
        public fixed byte Name[IfNameSize];

        [FieldOffset(16)]
        public short Flags;

        [FieldOffset(16)]
        public int Value;

        [FieldOffset(16)]
        public ushort AddressFamily;

        [FieldOffset(18)]
        public fixed byte AddressData[14];
    }

    /// <summary>struct sockaddr_ll.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrLl
    {
        public ushort Family;
        public ushort Protocol;
        public int IfIndex;
        public ushort HaType;
        public byte PktType;
        public byte HaLength;
        public fixed byte Address[8];
    }

    /// <summary>struct tpacket_req (the ring request of TPACKET_V1 and V2).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TpacketReq
    {
        public uint BlockSize;
        public uint BlockCount;
        public uint FrameSize;
        public uint FrameCount;
    }

    /// <summary>struct tpacket_stats_v3.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct TpacketStatsV3
    {
        public uint Packets;
        public uint Drops;
        public uint FreezeQueueCount;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary>struct mmsghdr (a struct msghdr followed by the byte count the call fills in).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
        private readonly int _padding;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>struct virtio_net_hdr, which PACKET_VNET_HDR and IFF_VNET_HDR put in front of every frame.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct VirtioNetHdr
    {
        public const byte FlagNeedsCsum = 1;
        public const byte FlagDataValid = 2;
        public const byte GsoNone = 0;
        public const byte GsoTcpV4 = 1;
        public const byte GsoUdp = 3;
        public const byte GsoTcpV6 = 4;
        public const byte GsoEcn = 0x80;

        public byte Flags;
        public byte GsoType;
        public ushort HeaderLength;
        public ushort GsoSize;
        public ushort CsumStart;
        public ushort CsumOffset;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, ulong request, void* argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlValue(int fd, ulong request, nuint argument);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "readv", SetLastError = true)]
    public static partial nint ReadV(int fd, IoVec* iov, int count);

    [LibraryImport("libc", EntryPoint = "writev", SetLastError = true)]
    public static partial nint WriteV(int fd, IoVec* iov, int count);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, void* value, uint* length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, void* address, uint length);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>Waits until fd is ready for <paramref name="events"/> (PollIn, PollOut) or the timeout passes.</summary>
    public static void WaitFor(int fd, short events, int timeoutMilliseconds)
    {
        var pollFd = new PollFd { Fd = fd, Events = events };
        Poll(&pollFd, 1, timeoutMilliseconds);
    }

    /// <summary>Frames an AF_PACKET socket dropped since the last call (reading PACKET_STATISTICS resets them).</summary>
    public static long PacketSocketDrops(int fd)
    {
        TpacketStatsV3 stats;
        uint size = (uint)sizeof(TpacketStatsV3);
        return GetSockOpt(fd, SolPacket, PacketStatistics, &stats, &size) == 0 ? stats.Drops : 0;
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMMsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nsType);

    public static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>Copies a device name into ifr_name; false when it does not fit (IFNAMSIZ includes the NUL).</summary>
    public static bool TrySetName(ref IfReq request, string name)
    {
        if (name.Length == 0 || name.Length >= IfNameSize)
        {
            return false;
        }

        fixed (byte* p = request.Name)
        {
            var span = new Span<byte>(p, IfNameSize);
            span.Clear();
            for (int i = 0; i < name.Length; i++)
            {
                if (name[i] > 0x7e || name[i] <= 0x20 || name[i] == '/')
                {
                    return false;
                }

                span[i] = (byte)name[i];
            }
        }

        return true;
    }

    public static string GetName(ref IfReq request)
    {
        fixed (byte* p = request.Name)
        {
            var span = new ReadOnlySpan<byte>(p, IfNameSize);
            int end = span.IndexOf((byte)0);
            return System.Text.Encoding.ASCII.GetString(end < 0 ? span : span[..end]);
        }
    }
}
