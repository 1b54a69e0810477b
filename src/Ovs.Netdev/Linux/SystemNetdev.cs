// Upstream: netdev_linux_construct(), netdev_linux_sock_batch_send() and the AF_PACKET receive sockets of
// lib/netdev-linux.c, as the userspace datapath uses a "system" port (OVS 3.1)
//
// An existing kernel interface driven through AF_PACKET sockets. Transmit uses one socket bound to the interface
// with PACKET_VNET_HDR, sending a whole batch per sendmmsg call with a virtio-net header in front of each frame,
// so checksum and segmentation offloads requested by the datapath are finished by the kernel. Receive queues use
// a TPACKET_V2 ring (SystemRingRxq) or plain recvmmsg (SystemMmsgRxq).
//
// Send never blocks: frames the socket cannot take now (EAGAIN, ENOBUFS) count as tx_dropped; a frame the kernel
// rejects (EMSGSIZE, ENETDOWN, ...) counts as tx_errors and the rest of the batch still goes out.
// Thread-safety: Send serialises on a lock because the message arrays are shared; receive queues each belong to
// one polling thread.
using System.Runtime.InteropServices;
using Ovs.Common;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal sealed unsafe class SystemNetdev : LinuxNetdev
{
    private readonly FileDescriptor _txSocket;
    private readonly bool _txVnet;
    private readonly SystemRxMode _rxMode;
    private readonly Lock _txLock = new();
    private readonly LinuxNative.MMsgHdr* _messages;
    private readonly LinuxNative.IoVec* _iovs;
    private readonly LinuxNative.VirtioNetHdr* _vnets;
    private readonly List<ISystemRxq> _rxqs = [];
    private bool _disposed;

    private SystemNetdev(NetdevRegistry registry, string name, LinuxInterface device, int ifIndex, FileDescriptor txSocket, bool txVnet, SystemRxMode rxMode)
        : base(registry, name, "system", device, swapKernelStats: false)
    {
        IfIndex = ifIndex;
        _txSocket = txSocket;
        _txVnet = txVnet;
        _rxMode = rxMode;
        _messages = (LinuxNative.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(DpPacketBatch.MaxBurst * sizeof(LinuxNative.MMsgHdr)));
        _iovs = (LinuxNative.IoVec*)NativeMemory.AllocZeroed((nuint)(2 * DpPacketBatch.MaxBurst * sizeof(LinuxNative.IoVec)));
        _vnets = (LinuxNative.VirtioNetHdr*)NativeMemory.AllocZeroed((nuint)(DpPacketBatch.MaxBurst * sizeof(LinuxNative.VirtioNetHdr)));
    }

    internal int IfIndex { get; }

    /// <summary>True when frames are sent with a virtio-net header (offloads reach the kernel).</summary>
    public bool TxVnetHeader => _txVnet;

    /// <summary>How receive queues are asked to read; a refused ring falls back to recvmmsg (see GetStatus).</summary>
    public SystemRxMode RxMode => _rxMode;

    public static int Create(NetdevRegistry registry, string name, SystemRxMode rxMode, int packetRoom, out SystemNetdev? netdev)
    {
        netdev = null;
        int error = LinuxInterface.Open(name, out LinuxInterface? device);
        if (error != 0)
        {
            return error;
        }

        error = device!.GetIfIndex(out int ifIndex);
        if (error != 0)
        {
            device.Dispose();
            return error;
        }

        error = OpenPacketSocket(ifIndex, protocol: 0, wantVnet: true, out FileDescriptor? socket, out bool vnet);
        if (error != 0)
        {
            device.Dispose();
            return error;
        }

        netdev = new SystemNetdev(registry, name, device, ifIndex, socket!, vnet, rxMode) { PacketRoom = packetRoom };
        return 0;
    }

    /// <summary>
    /// Opens an AF_PACKET socket bound to <paramref name="ifIndex"/>. Protocol 0 receives nothing (a transmit
    /// socket); ETH_P_ALL receives everything. <paramref name="beforeBind"/> runs between option setup and bind.
    /// </summary>
    internal static int OpenPacketSocket(int ifIndex, ushort protocol, bool wantVnet, out FileDescriptor? socket, out bool vnet, Func<int, int>? beforeBind = null)
    {
        socket = null;
        vnet = false;
        int fd = LinuxNative.Socket(LinuxNative.AfPacket, LinuxNative.SockRaw | LinuxNative.SockCloexec | LinuxNative.SockNonblock, 0);
        if (fd < 0)
        {
            return LinuxNative.LastErrno;
        }

        var handle = new FileDescriptor(fd);
        int one = 1;
        if (wantVnet)
        {
            vnet = LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketVnetHdr, &one, sizeof(int)) == 0;
        }

        // Frames this process sends must not come back on its own receive sockets; older kernels lack the option
        // and then the datapath sees its own output, as upstream on such kernels.
        LinuxNative.SetSockOpt(fd, LinuxNative.SolPacket, LinuxNative.PacketIgnoreOutgoing, &one, sizeof(int));

        if (beforeBind is not null)
        {
            int error = beforeBind(fd);
            if (error != 0)
            {
                handle.Dispose();
                return error;
            }
        }

        var address = new LinuxNative.SockaddrLl
        {
            Family = LinuxNative.AfPacket,
            Protocol = (ushort)((protocol >> 8) | (protocol << 8)),
            IfIndex = ifIndex,
        };
        if (LinuxNative.Bind(fd, &address, (uint)sizeof(LinuxNative.SockaddrLl)) < 0)
        {
            int error = LinuxNative.LastErrno;
            handle.Dispose();
            return error;
        }

        socket = handle;
        return 0;
    }

    public override int OpenRxq(int queueId, out INetdevRxq? rxq)
    {
        rxq = null;
        if (queueId != 0)
        {
            return OvsErrno.EINVAL;
        }

        int error = OvsErrno.EOPNOTSUPP;
        ISystemRxq? created = null;
        if (_rxMode == SystemRxMode.Ring)
        {
            error = SystemRingRxq.Create(this, out SystemRingRxq? ring);
            created = ring;
        }

        if (created is null)
        {
            error = SystemMmsgRxq.Create(this, out SystemMmsgRxq? mmsg);
            created = mmsg;
        }

        if (created is null)
        {
            return error;
        }

        lock (_rxqs)
        {
            _rxqs.Add(created);
        }

        rxq = created;
        return 0;
    }

    internal void CloseRxq(ISystemRxq rxq)
    {
        lock (_rxqs)
        {
            _rxqs.Remove(rxq);
        }
    }

    public override int GetStats(out NetdevStats stats)
    {
        lock (_rxqs)
        {
            foreach (ISystemRxq rxq in _rxqs)
            {
                CountRxDropped(rxq.CollectSocketDrops());
            }
        }

        return base.GetStats(out stats);
    }

    public override int GetStatus(IDictionary<string, string> status)
    {
        lock (_rxqs)
        {
            if (_rxqs.Count > 0)
            {
                status["rx_mode"] = _rxqs[0] is SystemRingRxq ? "tpacket_v2" : "recvmmsg";
                status["rx_vnet_hdr"] = _rxqs[0].VnetHeader ? "true" : "false";
            }
        }

        status["tx_vnet_hdr"] = _txVnet ? "true" : "false";
        return 0;
    }

    public override int Send(int queueId, DpPacketBatch batch)
    {
        int firstError = 0;
        lock (_txLock)
        {
            if (_disposed)
            {
                CountTxDropped(batch.Count);
                batch.ReleaseAll();
                return OvsErrno.EBADF;
            }

            int count = batch.Count;
            for (int i = 0; i < count; i++)
            {
                DpPacket packet = batch[i];
                LinuxNative.IoVec* iov = _iovs + (2 * i);
                int n = 0;
                if (_txVnet)
                {
                    VnetHeader.Prepare(packet, out _vnets[i]);
                    iov[n++] = new LinuxNative.IoVec { Base = _vnets + i, Length = VnetHeader.Size };
                }

                iov[n++] = new LinuxNative.IoVec { Base = PacketBuffers.AddressOf(packet.Buffer) + packet.DataOffset, Length = (nuint)packet.Size };
                _messages[i] = new LinuxNative.MMsgHdr { Iov = iov, IovLength = (nuint)n };
            }

            int sent = 0;
            while (sent < count)
            {
                int result = LinuxNative.SendMMsg(_txSocket.Fd, _messages + sent, (uint)(count - sent), LinuxNative.MsgDontwait);
                if (result > 0)
                {
                    for (int i = sent; i < sent + result; i++)
                    {
                        CountTx(batch[i].Size);
                    }

                    sent += result;
                    continue;
                }

                int error = result < 0 ? LinuxNative.LastErrno : OvsErrno.EIO;
                if (error == OvsErrno.EINTR)
                {
                    continue;
                }

                if (error is OvsErrno.EAGAIN or OvsErrno.ENOBUFS)
                {
                    CountTxDropped(count - sent);
                    break;
                }

                // The first remaining frame was refused; drop it and keep going with the others.
                CountTxError();
                firstError = firstError != 0 ? firstError : error;
                sent++;
            }
        }

        batch.ReleaseAll();
        return firstError;
    }

    public override void SendWait(int queueId, int timeoutMilliseconds)
    {
        LinuxNative.WaitFor(_txSocket.Fd, LinuxNative.PollOut, timeoutMilliseconds);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ISystemRxq[] open;
            lock (_rxqs)
            {
                open = [.. _rxqs];
            }

            foreach (ISystemRxq rxq in open)
            {
                rxq.Dispose();
            }

            lock (_txLock)
            {
                _disposed = true;
                _txSocket.Dispose();
                NativeMemory.Free(_messages);
                NativeMemory.Free(_iovs);
                NativeMemory.Free(_vnets);
            }
        }

        base.Dispose(disposing);
    }
}
