// Upstream: netdev_linux_batch_rxq_recv_sock() in lib/netdev-linux.c (OVS 3.1)
//
// A receive queue reading an AF_PACKET socket with one recvmmsg call per batch. Each message scatters into a
// virtio-net header (when the socket has PACKET_VNET_HDR) and a pooled packet, and carries a PACKET_AUXDATA
// control message from which a VLAN tag the kernel took off the frame is put back. Packets stay rented across
// calls, so a call rents only as many as the previous one used. With MSG_TRUNC the kernel reports a frame's real
// length, so a frame larger than its packet is recognised and counted instead of being passed on cut short.
// Owned by one polling thread; Dispose after the poller stopped.
using System.Runtime.InteropServices;
using Ovs.Common;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class SystemMmsgRxq : ISystemRxq, IPollableRxq
{
    private const int ControlSize = 64;
    private const int PacketAuxdata = 8;
    private const int Burst = DpPacketBatch.MaxBurst;

    private readonly SystemNetdev _netdev;
    private readonly FileDescriptor _socket;
    private readonly bool _vnet;
    private readonly DpPacketPool _pool;
    private readonly DpPacket?[] _rented = new DpPacket?[Burst];
    private readonly LinuxNative.MMsgHdr* _messages;
    private readonly LinuxNative.IoVec* _iovs;
    private readonly byte* _vnets;
    private readonly byte* _controls;
    private bool _disposed;

    private SystemMmsgRxq(SystemNetdev netdev, FileDescriptor socket, bool vnet)
    {
        _netdev = netdev;
        _socket = socket;
        _vnet = vnet;
        _pool = new DpPacketPool(PacketBuffers.PoolSize, netdev.PacketRoom);
        _messages = (LinuxNative.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Burst * sizeof(LinuxNative.MMsgHdr)));
        _iovs = (LinuxNative.IoVec*)NativeMemory.AllocZeroed((nuint)(2 * Burst * sizeof(LinuxNative.IoVec)));
        _vnets = (byte*)NativeMemory.AllocZeroed((nuint)(Burst * Linux.VnetHeader.Size));
        _controls = (byte*)NativeMemory.AllocZeroed((nuint)(Burst * ControlSize));
    }

    public INetdev Netdev => _netdev;

    public int QueueId => 0;

    public bool VnetHeader => _vnet;

    public int PollFd => _disposed ? -1 : _socket.Fd;

    public bool IsReady => false;

    public static int Create(SystemNetdev netdev, out SystemMmsgRxq? rxq)
    {
        rxq = null;
        int error = SystemNetdev.OpenPacketSocket(netdev.IfIndex, LinuxNative.EthPAll, wantVnet: true, out FileDescriptor? socket, out bool vnet, fd =>
        {
            int one = 1;
            return LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, PacketAuxdata, &one, sizeof(int)) < 0 ? LinuxNative.LastErrno : 0;
        });
        if (error != 0)
        {
            return error;
        }

        rxq = new SystemMmsgRxq(netdev, socket!, vnet);
        return 0;
    }

    public int Receive(DpPacketBatch batch)
    {
        if (_disposed)
        {
            return OvsErrno.EBADF;
        }

        int count = 0;
        for (; count < Burst; count++)
        {
            DpPacket? packet = _rented[count] ??= _pool.Rent();
            if (packet is null)
            {
                break;
            }

            AfPacketFrames.PrepareMessage(_messages + count, _iovs + (2 * count), _vnet ? _vnets + (count * Linux.VnetHeader.Size) : null, packet);
            _messages[count].Control = _controls + (count * ControlSize);
            _messages[count].ControlLength = ControlSize;
        }

        if (count == 0)
        {
            return OvsErrno.EAGAIN;
        }

        int received;
        do
        {
            received = LinuxNative.RecvMMsg(_socket.Fd, _messages, (uint)count, LinuxNative.MsgDontwait | LinuxNative.MsgTrunc, null);
        }
        while (received < 0 && LinuxNative.LastErrno == OvsErrno.EINTR);

        if (received < 0)
        {
            int error = LinuxNative.LastErrno;
            return error;
        }

        for (int i = 0; i < received; i++)
        {
            DpPacket packet = _rented[i]!;
            _rented[i] = null;
            if (TakeMessage(i, packet))
            {
                _netdev.CountRx(packet.Size);
                batch.Add(packet);
            }
            else
            {
                packet.Release();
            }
        }

        // Packets rented but unused move down so the next call fills slots from the front.
        for (int i = received, j = 0; i < count; i++, j++)
        {
            (_rented[j], _rented[i]) = (_rented[i], null);
        }

        return batch.IsEmpty ? OvsErrno.EAGAIN : 0;
    }

    private bool TakeMessage(int index, DpPacket packet)
    {
        LinuxNative.MMsgHdr* message = _messages + index;
        uint status = ReadAuxdata(message, out ushort tci, out ushort tpid);
        return AfPacketFrames.TakeReceived(_netdev, packet, message, _vnet ? _vnets + (index * Linux.VnetHeader.Size) : null, status, tci, tpid);
    }

    // struct cmsghdr { size_t len; int level; int type; } then struct tpacket_auxdata { u32 status, len, snaplen;
    // u16 mac, net, vlan_tci, vlan_tpid; }.
    private static uint ReadAuxdata(LinuxNative.MMsgHdr* message, out ushort tci, out ushort tpid)
    {
        tci = 0;
        tpid = 0;
        byte* control = (byte*)message->Control;
        nuint remaining = message->ControlLength;
        while (remaining >= 16)
        {
            nuint length = *(nuint*)control;
            if (length < 16 || length > remaining)
            {
                break;
            }

            if (*(int*)(control + 8) == LinuxNative.SolPacket && *(int*)(control + 12) == PacketAuxdata && length >= 16 + 20)
            {
                byte* aux = control + 16;
                tci = *(ushort*)(aux + 16);
                tpid = *(ushort*)(aux + 18);
                return *(uint*)aux;
            }

            nuint step = (length + 7) & ~(nuint)7;
            if (step >= remaining)
            {
                break;
            }

            control += step;
            remaining -= step;
        }

        return 0;
    }

    public void Wait(int timeoutMilliseconds)
    {
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
        _socket.Dispose();
        for (int i = 0; i < Burst; i++)
        {
            _rented[i]?.Release();
            _rented[i] = null;
        }

        NativeMemory.Free(_messages);
        NativeMemory.Free(_iovs);
        NativeMemory.Free(_vnets);
        NativeMemory.Free(_controls);
    }
}
