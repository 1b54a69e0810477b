// Upstream: the TPACKET_V3 receive ring of lib/netdev-afxdp.c's predecessors and netdev-linux's rx sockets; the
// ring layout is the kernel's (Documentation/networking/packet_mmap.rst) (OVS 3.1)
//
// A receive queue reading from a TPACKET_V3 ring shared with the kernel. The ring is a sequence of blocks; the
// kernel fills a block with variable-size frames and hands it over by setting TP_STATUS_USER in the block header
// (when the block is full or its retire timer fires). We copy each frame into a pooled packet, then give the whole
// block back by writing TP_STATUS_KERNEL. A partly consumed block is kept across Receive calls, so a batch never
// exceeds 32 packets and no frame is lost when the pool runs dry.
//
// Per frame: a VLAN tag the kernel moved into the frame header (TP_STATUS_VLAN_VALID) is put back into the frame;
// with PACKET_VNET_HDR the virtio-net header just before the frame becomes offload flags; a frame the ring cut
// short (TP_STATUS_COPY or snaplen < len), or larger than a packet, counts as oversized; one shorter than an
// Ethernet header as a runt. Neither reaches the datapath.
//
// Memory ordering: the block status word is read with acquire semantics before the block's frames, and written
// with release semantics after we are done with them, pairing with the kernel's barriers.
// Owned by one polling thread; Dispose after the poller stopped.
using System.Buffers.Binary;
using Ovs.Common;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class SystemRingRxq : ISystemRxq
{
    private const uint BlockSize = 1 << 18;
    private const uint BlockCount = 16;
    private const uint FrameSize = 1 << 11;
    private const uint RetireTimeoutMs = 2;
    private const uint TpStatusKernel = 0;
    private const uint TpStatusUser = 1;
    private const uint TpStatusCopy = 2;
    private const uint TpStatusCsumNotReady = 8;
    private const uint TpStatusVlanValid = 0x10;
    private const uint TpStatusVlanTpidValid = 0x40;
    private const uint TpStatusCsumValid = 0x80;
    private const int EthHeaderSize = 14;

    private readonly SystemNetdev _netdev;
    private readonly FileDescriptor _socket;
    private readonly bool _vnet;
    private readonly byte* _ring;
    private readonly DpPacketPool _pool;
    private uint _block;
    private uint _remainingInBlock;
    private byte* _nextFrame;
    private bool _holdingBlock;
    private bool _disposed;

    private SystemRingRxq(SystemNetdev netdev, FileDescriptor socket, bool vnet, byte* ring)
    {
        _netdev = netdev;
        _socket = socket;
        _vnet = vnet;
        _ring = ring;
        _pool = new DpPacketPool(PacketBuffers.PoolSize, netdev.PacketRoom);
    }

    public INetdev Netdev => _netdev;

    public int QueueId => 0;

    /// <summary>True when frames arrive with a virtio-net header.</summary>
    public bool VnetHeader => _vnet;

    public static int Create(SystemNetdev netdev, out SystemRingRxq? rxq)
    {
        rxq = null;
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
            int version = LinuxNative.TpacketV3;
            if (LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketVersion, &version, sizeof(int)) < 0)
            {
                return LinuxNative.LastErrno;
            }

            var request = new LinuxNative.TpacketReq3
            {
                BlockSize = BlockSize,
                BlockCount = BlockCount,
                FrameSize = FrameSize,
                FrameCount = BlockSize * BlockCount / FrameSize,
                RetireBlockTimeoutMs = RetireTimeoutMs,
            };
            if (LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketRxRing, &request, (uint)sizeof(LinuxNative.TpacketReq3)) < 0)
            {
                return LinuxNative.LastErrno;
            }

            void* mapped = LinuxNative.Mmap(null, BlockSize * BlockCount, LinuxNative.ProtRead | LinuxNative.ProtWrite, LinuxNative.MapShared, fd, 0);
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
                LinuxNative.Munmap(ring, BlockSize * BlockCount);
            }

            return error;
        }

        rxq = new SystemRingRxq(netdev, socket!, vnet, ring);
        return 0;
    }

    private byte* BlockAt(uint index) => _ring + ((ulong)index * BlockSize);

    private static uint* BlockStatus(byte* block) => (uint*)(block + 8);

    public int Receive(DpPacketBatch batch)
    {
        if (_disposed)
        {
            return OvsErrno.EBADF;
        }

        while (!batch.IsFull)
        {
            if (_remainingInBlock == 0)
            {
                if (_holdingBlock)
                {
                    Volatile.Write(ref *BlockStatus(BlockAt(_block)), TpStatusKernel);
                    _holdingBlock = false;
                    _block = (_block + 1) % BlockCount;
                }

                byte* block = BlockAt(_block);
                if ((Volatile.Read(ref *BlockStatus(block)) & TpStatusUser) == 0)
                {
                    break;
                }

                _holdingBlock = true;
                _remainingInBlock = *(uint*)(block + 12);
                _nextFrame = block + *(uint*)(block + 16);
                continue;
            }

            DpPacket? packet = _pool.Rent();
            if (packet is null)
            {
                break;
            }

            byte* frameHeader = _nextFrame;
            if (!FrameFitsBlock(frameHeader))
            {
                // A frame descriptor pointing outside its block means the ring is not what we think it is; give the
                // block back rather than read past it.
                _netdev.CountRxDropped(_remainingInBlock);
                _remainingInBlock = 0;
                packet.Release();
                continue;
            }

            _remainingInBlock--;
            _nextFrame = frameHeader + *(uint*)frameHeader;
            if (!TakeFrame(frameHeader, packet))
            {
                packet.Release();
                continue;
            }

            _netdev.CountRx(packet.Size);
            batch.Add(packet);
        }

        return batch.IsEmpty ? OvsErrno.EAGAIN : 0;
    }

    private bool FrameFitsBlock(byte* header)
    {
        byte* blockEnd = BlockAt(_block) + BlockSize;
        if (header < BlockAt(_block) || header + 48 > blockEnd)
        {
            return false;
        }

        ulong end = (ulong)(header + *(ushort*)(header + 24)) + *(uint*)(header + 12);
        return end <= (ulong)blockEnd && (_remainingInBlock == 1 || *(uint*)header != 0);
    }

    // struct tpacket3_hdr: next_offset@0, sec@4, nsec@8, snaplen@12, len@16, status@20, mac@24, net@26,
    // rxhash@28, vlan_tci@32, vlan_tpid@36.
    private bool TakeFrame(byte* header, DpPacket packet)
    {
        uint snapLength = *(uint*)(header + 12);
        uint length = *(uint*)(header + 16);
        uint status = *(uint*)(header + 20);
        ushort macOffset = *(ushort*)(header + 24);
        if ((status & TpStatusCopy) != 0 || snapLength < length)
        {
            _netdev.CountRxOversized();
            return false;
        }

        if (snapLength < EthHeaderSize)
        {
            _netdev.CountRxRunt();
            return false;
        }

        bool vlan = (status & TpStatusVlanValid) != 0;
        int size = (int)snapLength + (vlan ? 4 : 0);
        int room = packet.Capacity - packet.Headroom0;
        if (size > room)
        {
            _netdev.CountRxOversized();
            return false;
        }

        var frame = new ReadOnlySpan<byte>(header + macOffset, (int)snapLength);
        Span<byte> destination = packet.Buffer.AsSpan(packet.Headroom0, size);
        if (vlan)
        {
            ushort tci = (ushort)*(uint*)(header + 32);
            ushort tpid = (status & TpStatusVlanTpidValid) != 0 ? *(ushort*)(header + 36) : (ushort)0x8100;
            frame[..12].CopyTo(destination);
            BinaryPrimitives.WriteUInt16BigEndian(destination[12..], tpid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[14..], tci);
            frame[12..].CopyTo(destination[16..]);
        }
        else
        {
            frame.CopyTo(destination);
        }

        packet.SetFrame(packet.Headroom0, size);
        if (_vnet)
        {
            LinuxNative.VirtioNetHdr vnet = Linux.VnetHeader.Read(new ReadOnlySpan<byte>(header + macOffset - Linux.VnetHeader.Size, Linux.VnetHeader.Size));
            if (vlan && vnet.CsumStart != 0)
            {
                // The tag we put back moved every later header by four bytes.
                vnet.CsumStart += 4;
            }

            Linux.VnetHeader.ApplyReceived(vnet, packet);
        }
        else if ((status & TpStatusCsumNotReady) != 0)
        {
            // Locally generated and never checksummed; without a virtio-net header we do not know where the sum
            // starts, so flow extraction's L4 offset has to tell whoever finishes it.
            packet.Offloads |= DpPacketOffloads.L4ChecksumPartial;
        }
        else if ((status & TpStatusCsumValid) != 0)
        {
            packet.Offloads |= DpPacketOffloads.RxL4ChecksumGood;
        }

        return true;
    }

    public void Wait(int timeoutMilliseconds)
    {
        if (_disposed)
        {
            return;
        }

        byte* block = BlockAt(_block);
        if (_remainingInBlock != 0 || (Volatile.Read(ref *BlockStatus(block)) & TpStatusUser) != 0)
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
        LinuxNative.Munmap(_ring, BlockSize * BlockCount);
        _socket.Dispose();
    }
}
