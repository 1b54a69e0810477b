// Upstream: netdev_linux_construct(), netdev_linux_sock_batch_send() and the AF_PACKET receive sockets of
// lib/netdev-linux.c, as the userspace datapath uses a "system" port (OVS 3.1)
//
// An existing kernel interface driven through AF_PACKET sockets. Transmit uses one socket bound to the interface
// with PACKET_VNET_HDR, sending a whole batch per sendmmsg call with a virtio-net header in front of each frame,
// so checksum and segmentation offloads requested by the datapath are finished by the kernel. Consecutive frames
// of a TCP stream in a batch go out as one super-frame with a segmentation request when cutting it would give them
// back unchanged (TcpCoalescer): what GRO does on a kernel receive path, here on transmit, so the device and
// whatever receives from it handle one buffer instead of dozens. Kernel counters of the device then count the
// super-frame once; this process's counters count the frames. Receive queues use a TPACKET_V2 ring (SystemRingRxq)
// or plain recvmmsg (SystemMmsgRxq).
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
    private readonly int[] _messageFirst = new int[DpPacketBatch.MaxBurst];
    private readonly int[] _runSegments = new int[DpPacketBatch.MaxBurst];
    private readonly int[] _nextInRun = new int[DpPacketBatch.MaxBurst];
    private readonly bool[] _joined = new bool[DpPacketBatch.MaxBurst];
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

            int messages = BuildMessages(batch);
            int sent = 0;
            while (sent < messages)
            {
                int result = LinuxNative.SendMMsg(_txSocket.Fd, _messages + sent, (uint)(messages - sent), LinuxNative.MsgDontwait);
                if (result > 0)
                {
                    for (int m = sent; m < sent + result; m++)
                    {
                        for (int i = _messageFirst[m]; i >= 0; i = _nextInRun[i])
                        {
                            CountTx(batch[i].Size);
                        }
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
                    for (int m = sent; m < messages; m++)
                    {
                        CountTxDropped(_runSegments[_messageFirst[m]]);
                    }

                    break;
                }

                // The first remaining message was refused; drop its frames and keep going with the others.
                for (int i = 0; i < _runSegments[_messageFirst[sent]]; i++)
                {
                    CountTxError();
                }

                firstError = firstError != 0 ? firstError : error;
                sent++;
            }
        }

        batch.ReleaseAll();
        return firstError;
    }

    // One message per frame, except that a run of frames of one TCP stream that segmentation would give back
    // unchanged (TcpCoalescer) becomes one message: the first frame with rewritten headers, then the payloads of
    // the others, under a virtio-net header asking the kernel for TCP segmentation. Up to MaxOpenRuns streams are
    // coalesced at once, so interleaved streams each get their runs; a run goes out where its first frame was, and
    // a frame of a stream that cannot join that stream's run ends it, so no stream's frames change order.
    // Returns the message count.
    private int BuildMessages(DpPacketBatch batch)
    {
        const int MaxOpenRuns = 4;
        int count = batch.Count;
        Span<TcpCoalescer> runs = stackalloc TcpCoalescer[MaxOpenRuns];
        Span<int> runFirst = stackalloc int[MaxOpenRuns];
        Span<int> runLast = stackalloc int[MaxOpenRuns];
        for (int i = 0; i < count; i++)
        {
            _nextInRun[i] = -1;
            _joined[i] = false;
            _runSegments[i] = 1;
        }

        for (int i = 0; _txVnet && i < count; i++)
        {
            DpPacket packet = batch[i];
            bool joined = false;
            for (int r = 0; r < MaxOpenRuns && !joined; r++)
            {
                if (!runs[r].IsOpen)
                {
                    continue;
                }

                ReadOnlySpan<byte> first = batch[runFirst[r]].Data;
                if (runs[r].TryAppend(first, packet.Data, packet.Offloads))
                {
                    _nextInRun[runLast[r]] = i;
                    runLast[r] = i;
                    _joined[i] = true;
                    joined = true;
                }
                else if (runs[r].SameStream(first, packet.Data))
                {
                    runs[r].Close();
                }
            }

            var candidate = default(TcpCoalescer);
            if (joined || i + 1 >= count || !candidate.TryStart(packet.Data, packet.Offloads))
            {
                continue;
            }

            // A free slot, a closed run's, or else the oldest run's.
            int slot = 0;
            for (int r = 0; r < MaxOpenRuns; r++)
            {
                if (!runs[r].IsOpen)
                {
                    slot = r;
                    break;
                }

                if (runFirst[r] < runFirst[slot])
                {
                    slot = r;
                }
            }

            FinishRun(batch, ref runs[slot], runFirst[slot]);
            runs[slot] = candidate;
            runFirst[slot] = runLast[slot] = i;
        }

        for (int r = 0; r < MaxOpenRuns; r++)
        {
            FinishRun(batch, ref runs[r], runFirst[r]);
        }

        int messages = 0;
        LinuxNative.IoVec* iov = _iovs;
        for (int i = 0; i < count; i++)
        {
            if (_joined[i])
            {
                continue;
            }

            DpPacket packet = batch[i];
            LinuxNative.IoVec* first = iov;
            if (_txVnet)
            {
                if (_runSegments[i] == 1)
                {
                    VnetHeader.Prepare(packet, out _vnets[i]);
                }

                *iov++ = new LinuxNative.IoVec { Base = _vnets + i, Length = VnetHeader.Size };
            }

            *iov++ = new LinuxNative.IoVec { Base = PacketBuffers.AddressOf(packet.Buffer) + packet.DataOffset, Length = (nuint)packet.Size };
            int headers = _vnets[i].HeaderLength;
            for (int k = _nextInRun[i]; k >= 0; k = _nextInRun[k])
            {
                DpPacket next = batch[k];
                *iov++ = new LinuxNative.IoVec { Base = PacketBuffers.AddressOf(next.Buffer) + next.DataOffset + headers, Length = (nuint)(next.Size - headers) };
            }

            _messages[messages] = new LinuxNative.MMsgHdr { Iov = first, IovLength = (nuint)(iov - first) };
            _messageFirst[messages] = i;
            messages++;
        }

        return messages;
    }

    // Turns a run of two or more frames into its super-frame: the first frame's headers rewritten and the GSO
    // request in its virtio-net header. A run of one frame stays as it is. The slot is left empty.
    private void FinishRun(DpPacketBatch batch, ref TcpCoalescer run, int first)
    {
        if (run.Segments > 1)
        {
            run.Finish(batch[first].Data);
            _runSegments[first] = run.Segments;
            _vnets[first] = new LinuxNative.VirtioNetHdr
            {
                Flags = LinuxNative.VirtioNetHdr.FlagNeedsCsum,
                GsoType = run.IsIpv6 ? LinuxNative.VirtioNetHdr.GsoTcpV6 : LinuxNative.VirtioNetHdr.GsoTcpV4,
                HeaderLength = (ushort)run.HeaderLength,
                GsoSize = (ushort)run.SegmentSize,
                CsumStart = (ushort)run.L4Offset,
                CsumOffset = 16,
            };
        }

        run = default;
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
