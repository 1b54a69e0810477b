// Upstream: none as such (OVS 3.1 reads system ports with recvmmsg, netdev_linux_batch_rxq_recv_sock() in
// lib/netdev-linux.c); the ring layout is the kernel's TPACKET_V2 (Documentation/networking/packet_mmap.rst).
//
// A receive queue reading from a TPACKET_V2 ring shared with the kernel: fixed 2 KiB slots, each with its own
// status word. The kernel hands a slot over (TP_STATUS_USER) as soon as it has written the frame and wakes a poller
// for every frame, so a lone packet (a ping) is seen at once; under load one Receive call drains every ready slot,
// up to a batch, without a system call. (A TPACKET_V3 ring hands over whole blocks, only when full or when a retire
// timer of at least a millisecond fires, which made every ping wait for the timer in each direction.)
//
// A frame larger than a slot (a GSO super-frame of up to 64 KiB with PACKET_VNET_HDR, a jumbo frame) does not fit;
// with PACKET_COPY_THRESH set the kernel puts the start of it in the slot with TP_STATUS_COPY and queues the whole
// frame on the socket, in ring order. On such a slot we read that frame with one recvmmsg call straight into the
// packet, so super-frames still cross the datapath whole. The socket's receive buffer is raised so that a few
// dozen super-frames can wait there.
//
// Per frame: a VLAN tag the kernel moved into the slot header (TP_STATUS_VLAN_VALID) is put back into the frame;
// with PACKET_VNET_HDR the virtio-net header just before the frame becomes offload flags (AfPacketFrames). A frame
// the ring cut short without a copy (no room in the receive buffer), or larger than a packet, counts as oversized;
// one shorter than an Ethernet header as a runt. Neither reaches the datapath.
//
// Memory ordering: a slot's status word is read with acquire semantics before its frame, and written back to
// TP_STATUS_KERNEL with release semantics after we are done with it, pairing with the kernel's barriers.
// Owned by one polling thread; Dispose after the poller stopped.
using System.Runtime.InteropServices;
using Ovs.Common;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class SystemRingRxq : ISystemRxq, IPollableRxq
{
    private const uint FrameSize = 1 << 11;
    private const uint BlockSize = 1 << 16;
    private const uint BlockCount = 64;
    private const uint FrameCount = BlockSize / FrameSize * BlockCount;
    private const nuint RingBytes = (nuint)BlockSize * BlockCount;
    private const int ReceiveBufferBytes = 8 << 20;
    private const uint TpStatusKernel = 0;
    private const uint TpStatusUser = 1;
    private const uint TpStatusCopy = 2;

    private readonly SystemNetdev _netdev;
    private readonly FileDescriptor _socket;
    private readonly bool _vnet;
    private readonly byte* _ring;
    private readonly DpPacketPool _pool;
    private readonly LinuxNative.MMsgHdr* _copyMessage;
    private readonly LinuxNative.IoVec* _copyIov;
    private readonly byte* _copyVnet;
    private uint _next;
    private bool _disposed;

    private SystemRingRxq(SystemNetdev netdev, FileDescriptor socket, bool vnet, byte* ring)
    {
        _netdev = netdev;
        _socket = socket;
        _vnet = vnet;
        _ring = ring;
        _pool = new DpPacketPool(PacketBuffers.PoolSize, netdev.PacketRoom);
        _copyMessage = (LinuxNative.MMsgHdr*)NativeMemory.AllocZeroed((nuint)sizeof(LinuxNative.MMsgHdr));
        _copyIov = (LinuxNative.IoVec*)NativeMemory.AllocZeroed((nuint)(2 * sizeof(LinuxNative.IoVec)));
        _copyVnet = (byte*)NativeMemory.AllocZeroed(Linux.VnetHeader.Size);
    }

    public INetdev Netdev => _netdev;

    public int QueueId => 0;

    /// <summary>True when frames arrive with a virtio-net header.</summary>
    public bool VnetHeader => _vnet;

    public int PollFd => _disposed ? -1 : _socket.Fd;

    public bool IsReady => !_disposed && (Volatile.Read(ref *SlotStatus(_next)) & TpStatusUser) != 0;

    public static int Create(SystemNetdev netdev, out SystemRingRxq? rxq)
    {
        int error = TryCreate(netdev, wantVnet: true, out rxq);
        if (error != 0)
        {
            // Kernels that refuse a ring together with PACKET_VNET_HDR still give a ring without it.
            error = TryCreate(netdev, wantVnet: false, out rxq);
        }

        return error;
    }

    private static int TryCreate(SystemNetdev netdev, bool wantVnet, out SystemRingRxq? rxq)
    {
        rxq = null;
        byte* ring = null;
        int error = SystemNetdev.OpenPacketSocket(netdev.IfIndex, LinuxNative.EthPAll, wantVnet, out FileDescriptor? socket, out bool vnet, fd =>
        {
            int version = LinuxNative.TpacketV2;
            if (LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketVersion, &version, sizeof(int)) < 0)
            {
                return LinuxNative.LastErrno;
            }

            // Frames too big for a slot go whole to the receive queue; without the option they would be cut.
            int one = 1;
            if (LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketCopyThresh, &one, sizeof(int)) < 0)
            {
                return LinuxNative.LastErrno;
            }

            // Only the copies count against the buffer. Forcing needs CAP_NET_ADMIN; otherwise rmem_max caps it.
            int bytes = ReceiveBufferBytes;
            if (LinuxNative.SetSockOpt(fd, LinuxNative.SolSocket, LinuxNative.SoRcvbufForce, &bytes, sizeof(int)) < 0)
            {
                LinuxNative.SetSockOpt(fd, LinuxNative.SolSocket, LinuxNative.SoRcvbuf, &bytes, sizeof(int));
            }

            var request = new LinuxNative.TpacketReq
            {
                BlockSize = BlockSize,
                BlockCount = BlockCount,
                FrameSize = FrameSize,
                FrameCount = FrameCount,
            };
            if (LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketRxRing, &request, (uint)sizeof(LinuxNative.TpacketReq)) < 0)
            {
                return LinuxNative.LastErrno;
            }

            void* mapped = LinuxNative.Mmap(null, RingBytes, LinuxNative.ProtRead | LinuxNative.ProtWrite, LinuxNative.MapShared, fd, 0);
            if (mapped == (void*)-1)
            {
                return LinuxNative.LastErrno;
            }

            ring = (byte*)mapped;
            return 0;
        });
        if (error != 0)
        {
            if (ring is not null)
            {
                LinuxNative.Munmap(ring, RingBytes);
            }

            return error;
        }

        rxq = new SystemRingRxq(netdev, socket!, vnet, ring);
        return 0;
    }

    // Blocks hold a whole number of slots, so slot i sits at i * FrameSize.
    private byte* SlotAt(uint index) => _ring + ((nuint)index * FrameSize);

    private uint* SlotStatus(uint index) => (uint*)SlotAt(index);

    public int Receive(DpPacketBatch batch)
    {
        if (_disposed)
        {
            return OvsErrno.EBADF;
        }

        while (!batch.IsFull)
        {
            uint* statusWord = SlotStatus(_next);
            uint status = Volatile.Read(ref *statusWord);
            if ((status & TpStatusUser) == 0)
            {
                break;
            }

            DpPacket? packet = _pool.Rent();
            if (packet is null)
            {
                break;
            }

            bool taken = (status & TpStatusCopy) != 0 ? TakeCopy(SlotAt(_next), status, packet) : TakeSlot(SlotAt(_next), status, packet);
            Volatile.Write(ref *statusWord, TpStatusKernel);
            _next = (_next + 1) % FrameCount;
            if (!taken)
            {
                packet.Release();
                continue;
            }

            _netdev.CountRx(packet.Size);
            batch.Add(packet);
        }

        return batch.IsEmpty ? OvsErrno.EAGAIN : 0;
    }

    // struct tpacket2_hdr: status@0, len@4, snaplen@8, mac@12, net@14, sec@16, nsec@20, vlan_tci@24, vlan_tpid@26.
    private bool TakeSlot(byte* slot, uint status, DpPacket packet)
    {
        uint length = *(uint*)(slot + 4);
        uint snapLength = *(uint*)(slot + 8);
        ushort macOffset = *(ushort*)(slot + 12);
        if (snapLength < length || macOffset + (ulong)snapLength > FrameSize || macOffset < Linux.VnetHeader.Size)
        {
            // Cut short by the ring (no room to queue the whole frame), or a slot we cannot make sense of.
            _netdev.CountRxOversized();
            return false;
        }

        if (!AfPacketFrames.Fits(_netdev, (int)snapLength, packet.Capacity - packet.Headroom0))
        {
            return false;
        }

        new ReadOnlySpan<byte>(slot + macOffset, (int)snapLength).CopyTo(packet.Buffer.AsSpan(packet.Headroom0));
        packet.SetFrame(packet.Headroom0, (int)snapLength);
        return AfPacketFrames.Finish(_netdev, packet, status, *(ushort*)(slot + 24), *(ushort*)(slot + 26), _vnet ? slot + macOffset - Linux.VnetHeader.Size : null);
    }

    // The slot holds the start of a frame the kernel also queued whole on the socket: read that one.
    private bool TakeCopy(byte* slot, uint status, DpPacket packet)
    {
        AfPacketFrames.PrepareMessage(_copyMessage, _copyIov, _vnet ? _copyVnet : null, packet);
        int received;
        do
        {
            received = LinuxNative.RecvMMsg(_socket.Fd, _copyMessage, 1, LinuxNative.MsgDontwait | LinuxNative.MsgTrunc, null);
        }
        while (received < 0 && LinuxNative.LastErrno == OvsErrno.EINTR);

        if (received != 1)
        {
            // The queued copy is gone (the socket was drained elsewhere): the frame is lost.
            _netdev.CountRxDropped(1);
            return false;
        }

        return AfPacketFrames.TakeReceived(_netdev, packet, _copyMessage, _vnet ? _copyVnet : null, status, *(ushort*)(slot + 24), *(ushort*)(slot + 26));
    }

    public void Wait(int timeoutMilliseconds)
    {
        if (_disposed || IsReady)
        {
            return;
        }

        LinuxNative.WaitFor(_socket.Fd, LinuxNative.PollIn, timeoutMilliseconds);
    }

    public int Drain() => NetdevRxqs.DrainByReceiving(this);

    public long CollectSocketDrops()
    {
        if (_disposed)
        {
            return 0;
        }

        return LinuxNative.PacketSocketDrops(_socket.Fd);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _netdev.CloseRxq(this);
        LinuxNative.Munmap(_ring, RingBytes);
        _socket.Dispose();
        NativeMemory.Free(_copyMessage);
        NativeMemory.Free(_copyIov);
        NativeMemory.Free(_copyVnet);
    }
}
