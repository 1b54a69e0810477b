// Upstream: struct pkt_metadata in lib/packets.h (OVS 3.1), the part flow extraction copies into the flow.
// What the datapath knows about a packet besides its bytes: the port it came in on, recirculation and hash
// state, marks, connection-tracking results and the tunnel it was received from. Values are host order; the
// extractor stores them in the flow in network order. Which of them reach the flow follows upstream: the tunnel
// only when it has a destination address, and the conntrack zone, mark, label and original tuple only when
// CtState is not zero. Tunnel options (Geneve TLVs) are not carried here yet.
using System.Runtime.InteropServices;
using Ovs.Flow.Packets;

namespace Ovs.Flow.Extract;

[StructLayout(LayoutKind.Auto)]
internal struct PacketMetadata
{
    /// <summary>Upstream's PT_ETH: the packet starts with an Ethernet header.</summary>
    public const uint PacketTypeEthernet = 0;

    /// <summary>
    /// The packet type (namespace in the upper 16 bits, type in the lower), upstream's dp_packet packet_type.
    /// Anything but 0 means the data starts at the network header whose Ethernet type is the lower 16 bits.
    /// </summary>
    public uint PacketType;

    /// <summary>The OpenFlow port number the packet arrived on.</summary>
    public ushort InPort;

    public uint RecircId;

    public uint DpHash;

    public uint SkbPriority;

    public uint PktMark;

    public byte CtState;

    public ushort CtZone;

    public uint CtMark;

    public UInt128 CtLabel;

    /// <summary>Whether the conntrack original tuple below is IPv6 (else IPv4).</summary>
    public bool CtOrigTupleIpv6;

    /// <summary>Protocol of the conntrack original direction; 0 when there is no original tuple.</summary>
    public byte CtOrigProto;

    public uint CtOrigIpv4Src;

    public uint CtOrigIpv4Dst;

    public Ipv6Address CtOrigIpv6Src;

    public Ipv6Address CtOrigIpv6Dst;

    public ushort CtOrigSrcPort;

    public ushort CtOrigDstPort;

    public ulong TunId;

    public uint TunSrc;

    public uint TunDst;

    public Ipv6Address TunIpv6Src;

    public Ipv6Address TunIpv6Dst;

    /// <summary>Tunnel flags as ovs-fields(7) tun_flags (bit 0: oam).</summary>
    public ushort TunFlags;

    public ushort TunGbpId;

    public byte TunGbpFlags;

    public byte TunTos;

    public byte TunTtl;

    public byte TunErspanVer;

    public uint TunErspanIdx;

    public byte TunErspanDir;

    public byte TunErspanHwid;

    public byte TunGtpuFlags;

    public byte TunGtpuMsgtype;

    /// <summary>Metadata of a packet received on port inPort with nothing else known about it.</summary>
    public static PacketMetadata ForPort(ushort inPort) => new() { InPort = inPort };

    /// <summary>Upstream flow_tnl_dst_is_set(): a tunnel is described only when it has a destination.</summary>
    public readonly bool HasTunnel => TunDst != 0 || !TunIpv6Dst.IsZero;
}
