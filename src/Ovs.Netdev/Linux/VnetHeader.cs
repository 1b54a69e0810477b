// Upstream: netdev_linux_parse_vnet_hdr() and netdev_linux_prepend_vnet_hdr() in lib/netdev-linux.c (OVS 3.1)
//
// Translates between a virtio-net header (what PACKET_VNET_HDR sockets read and write in front of each frame) and
// a packet's offload flags. On receive, DATA_VALID means the kernel verified the L4 checksum; NEEDS_CSUM means
// the checksum field holds only a partial sum the transmitter must finish (a locally generated packet), and a GSO
// type marks a packet larger than the MTU that still has to be segmented. On transmit the same facts are written
// back, so the kernel finishes checksums and segmentation for us.
using System.Buffers.Binary;
using Ovs.Netdev.Native;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Linux;

internal static class VnetHeader
{
    public const int Size = 10;

    public static void ApplyReceived(in LinuxNative.VirtioNetHdr header, DpPacket packet)
    {
        DpPacketOffloads offloads = packet.Offloads;
        if ((header.Flags & LinuxNative.VirtioNetHdr.FlagDataValid) != 0)
        {
            offloads |= DpPacketOffloads.RxL4ChecksumGood | DpPacketOffloads.RxIpChecksumGood;
        }

        if ((header.Flags & LinuxNative.VirtioNetHdr.FlagNeedsCsum) != 0)
        {
            // The payload is intact (it never crossed a wire); only the checksum is unfinished.
            offloads |= DpPacketOffloads.L4ChecksumPartial | DpPacketOffloads.RxIpChecksumGood;
            if (header.CsumStart < packet.Size)
            {
                packet.L4Offset = header.CsumStart;
            }

            offloads |= header.CsumOffset == 6 ? DpPacketOffloads.TxUdpChecksum : DpPacketOffloads.TxTcpChecksum;
        }

        byte gso = (byte)(header.GsoType & ~LinuxNative.VirtioNetHdr.GsoEcn);
        if (gso is LinuxNative.VirtioNetHdr.GsoTcpV4 or LinuxNative.VirtioNetHdr.GsoTcpV6)
        {
            offloads |= DpPacketOffloads.TxTcpSegmentation
                | (gso == LinuxNative.VirtioNetHdr.GsoTcpV4 ? DpPacketOffloads.TxIpv4 : DpPacketOffloads.TxIpv6);
            packet.TsoSegmentSize = header.GsoSize;
        }

        packet.Offloads = offloads;
    }

    /// <summary>Fills <paramref name="header"/> for sending <paramref name="packet"/>.</summary>
    public static void Prepare(DpPacket packet, out LinuxNative.VirtioNetHdr header)
    {
        header = default;
        DpPacketOffloads offloads = packet.Offloads;
        bool wantsChecksum = (offloads & (DpPacketOffloads.TxL4ChecksumMask | DpPacketOffloads.L4ChecksumPartial | DpPacketOffloads.TxTcpSegmentation)) != 0;
        if (!wantsChecksum || packet.L4Offset == DpPacket.NoOffset)
        {
            return;
        }

        header.Flags = LinuxNative.VirtioNetHdr.FlagNeedsCsum;
        header.CsumStart = packet.L4Offset;
        header.CsumOffset = (offloads & DpPacketOffloads.TxUdpChecksum) != 0 ? (ushort)6
            : (offloads & DpPacketOffloads.TxSctpChecksum) != 0 ? (ushort)8
            : (ushort)16;
        if ((offloads & DpPacketOffloads.TxTcpSegmentation) != 0 && packet.TsoSegmentSize != 0)
        {
            header.GsoType = (offloads & DpPacketOffloads.TxIpv6) != 0 ? LinuxNative.VirtioNetHdr.GsoTcpV6 : LinuxNative.VirtioNetHdr.GsoTcpV4;
            header.GsoSize = packet.TsoSegmentSize;
            Span<byte> frame = packet.Data;
            int tcpHeaderSize = packet.L4Offset + 13 <= frame.Length ? (frame[packet.L4Offset + 12] >> 4) * 4 : 20;
            header.HeaderLength = (ushort)(packet.L4Offset + tcpHeaderSize);
        }
    }

    /// <summary>Reads a header stored in host order (virtio-net headers of Linux sockets are native endian).</summary>
    public static LinuxNative.VirtioNetHdr Read(ReadOnlySpan<byte> source) => new()
    {
        Flags = source[0],
        GsoType = source[1],
        HeaderLength = BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
        GsoSize = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]),
        CsumStart = BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
        CsumOffset = BinaryPrimitives.ReadUInt16LittleEndian(source[8..]),
    };
}
