// Upstream: the auxdata handling of netdev_linux_batch_rxq_recv_sock() and netdev_linux_parse_vnet_hdr() in
// lib/netdev-linux.c (OVS 3.1)
//
// What both AF_PACKET readers of a system device do with a frame once its bytes are in a packet: the status word
// (from a ring slot's header or a PACKET_AUXDATA message, the same TP_STATUS_* bits) says whether the kernel took
// a VLAN tag off the frame, which is put back in front of the EtherType, and what it knows about the checksum; a
// virtio-net header, when the socket has PACKET_VNET_HDR, says the same and more (segmentation) and wins.
using System.Buffers.Binary;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal static unsafe class AfPacketFrames
{
    public const uint TpStatusCsumNotReady = 8;
    public const uint TpStatusVlanValid = 0x10;
    public const uint TpStatusVlanTpidValid = 0x40;
    public const uint TpStatusCsumValid = 0x80;
    public const int EthHeaderSize = 14;

    /// <summary>
    /// True when a frame of <paramref name="size"/> bytes may enter a packet with <paramref name="room"/> bytes after
    /// its headroom; a runt or an oversized frame is counted on <paramref name="netdev"/> instead.
    /// </summary>
    public static bool Fits(LinuxNetdev netdev, int size, int room)
    {
        if (size > room)
        {
            netdev.CountRxOversized();
            return false;
        }

        if (size < EthHeaderSize)
        {
            netdev.CountRxRunt();
            return false;
        }

        return true;
    }

    /// <summary>
    /// Points <paramref name="message"/> (with two <paramref name="iov"/> entries) at the virtio-net header buffer,
    /// when there is one, and then at the packet's room after its original headroom, so that a VLAN tag can be put
    /// back by moving only the MAC addresses. Control buffer fields are left empty.
    /// </summary>
    public static void PrepareMessage(LinuxNative.MMsgHdr* message, LinuxNative.IoVec* iov, byte* vnetHeader, DpPacket packet)
    {
        int n = 0;
        if (vnetHeader is not null)
        {
            iov[n++] = new LinuxNative.IoVec { Base = vnetHeader, Length = VnetHeader.Size };
        }

        iov[n++] = new LinuxNative.IoVec
        {
            Base = PacketBuffers.AddressOf(packet.Buffer) + packet.Headroom0,
            Length = (nuint)(packet.Capacity - packet.Headroom0),
        };
        *message = new LinuxNative.MMsgHdr { Iov = iov, IovLength = (nuint)n };
    }

    /// <summary>
    /// Takes a frame one recvmmsg message wrote at the packet's original headroom (after the virtio-net header at
    /// <paramref name="vnetHeader"/>, if any): checks its size and finishes it as <see cref="Finish"/> does.
    /// </summary>
    public static bool TakeReceived(LinuxNetdev netdev, DpPacket packet, LinuxNative.MMsgHdr* message, byte* vnetHeader, uint status, ushort tci, ushort tpid)
    {
        if ((message->Flags & LinuxNative.MsgTrunc) != 0)
        {
            netdev.CountRxOversized();
            return false;
        }

        int size = (int)message->Length - (vnetHeader is null ? 0 : VnetHeader.Size);
        if (!Fits(netdev, size, packet.Capacity - packet.Headroom0))
        {
            return false;
        }

        packet.SetFrame(packet.Headroom0, size);
        return Finish(netdev, packet, status, tci, tpid, vnetHeader);
    }

    /// <summary>
    /// Finishes a packet whose frame was just written at its original headroom: puts a stripped VLAN tag back and
    /// sets the offload flags from <paramref name="status"/> or from the virtio-net header at
    /// <paramref name="vnetHeader"/> (null when the socket has none). False, and counted, when the tag does not fit.
    /// </summary>
    public static bool Finish(LinuxNetdev netdev, DpPacket packet, uint status, ushort tci, ushort tpid, byte* vnetHeader)
    {
        bool vlan = (status & TpStatusVlanValid) != 0;
        if (vlan)
        {
            if (packet.Size + 4 > packet.Capacity - packet.Headroom0)
            {
                netdev.CountRxOversized();
                return false;
            }

            // Move the MAC addresses four bytes forward into the headroom and write the tag behind them.
            Span<byte> macs = packet.Data[..12];
            packet.Push(4);
            macs.CopyTo(packet.Data);
            BinaryPrimitives.WriteUInt16BigEndian(packet.Data[12..], (status & TpStatusVlanTpidValid) != 0 ? tpid : (ushort)0x8100);
            BinaryPrimitives.WriteUInt16BigEndian(packet.Data[14..], tci);
        }

        if (vnetHeader is not null)
        {
            LinuxNative.VirtioNetHdr vnet = VnetHeader.Read(new ReadOnlySpan<byte>(vnetHeader, VnetHeader.Size));
            if (vlan && vnet.CsumStart != 0)
            {
                // The tag we put back moved every later header by four bytes.
                vnet.CsumStart += 4;
            }

            VnetHeader.ApplyReceived(vnet, packet);
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
}
