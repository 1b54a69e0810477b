// Upstream: enum dp_packet_offload_mask in lib/dp-packet.h (OVS 3.1)
//
// What the NIC (or the kernel, through a virtio-net header) told us about a received packet's checksums, and what
// a packet asks of the device it is sent to. Receive-side bits let the datapath skip verifying checksums; transmit
// bits let it leave checksums and segmentation to the device. A packet sent to a device that cannot honour a
// transmit bit must be fixed up in software first (that is the datapath's job, not the netdev's).
namespace Ovs.Netdev.Packets;

[Flags]
internal enum DpPacketOffloads : uint
{
    None = 0,

    /// <summary>The RSS hash in <see cref="DpPacket.RssHash"/> is valid.</summary>
    RssHash = 1 << 0,

    /// <summary>The flow mark in <see cref="DpPacket.FlowMark"/> is valid (set by hardware flow offload).</summary>
    FlowMark = 1 << 1,

    RxIpChecksumGood = 1 << 2,
    RxIpChecksumBad = 1 << 3,
    RxL4ChecksumGood = 1 << 4,
    RxL4ChecksumBad = 1 << 5,

    /// <summary>The L4 checksum field holds only the pseudo-header sum; whoever transmits must finish it.</summary>
    L4ChecksumPartial = 1 << 6,

    TxIpv4 = 1 << 7,
    TxIpv6 = 1 << 8,
    TxIpChecksum = 1 << 9,
    TxTcpChecksum = 1 << 10,
    TxUdpChecksum = 1 << 11,
    TxSctpChecksum = 1 << 12,

    /// <summary>The packet is larger than the MTU and must be cut into <see cref="DpPacket.TsoSegmentSize"/> pieces.</summary>
    TxTcpSegmentation = 1 << 13,

    TxL4ChecksumMask = TxTcpChecksum | TxUdpChecksum | TxSctpChecksum,
}
