// Upstream: the l2_pad_size, l2_5_ofs, l3_ofs and l4_ofs members of struct dp_packet in lib/dp-packet.h (OVS 3.1).
// Where each layer of a frame starts, as FlowExtractor found it. A layer the parser did not reach (or that the
// frame does not have) holds Absent, upstream's UINT16_MAX sentinel, so callers test "has L4" with one compare.
using System.Runtime.InteropServices;

namespace Ovs.Flow.Extract;

[StructLayout(LayoutKind.Auto)]
internal struct LayerOffsets
{
    /// <summary>The sentinel for a layer that is not there.</summary>
    public const ushort Absent = ushort.MaxValue;

    /// <summary>Start of the Ethernet header: 0 for Ethernet frames, Absent for packet_type L3 packets.</summary>
    public ushort L2;

    /// <summary>Start of the MPLS label stack (upstream l2_5_ofs), Absent without MPLS.</summary>
    public ushort L2_5;

    /// <summary>Start of the network header (IP, ARP, NSH or whatever follows the Ethernet type).</summary>
    public ushort L3;

    /// <summary>Start of the transport header, set only for IPv4 and IPv6 packets whose header was sane.</summary>
    public ushort L4;

    /// <summary>Bytes of Ethernet padding after the IP datagram (beyond its total length).</summary>
    public ushort L2PadSize;

    /// <summary>Offsets of a packet nothing has been parsed from yet.</summary>
    public static LayerOffsets None => new() { L2 = Absent, L2_5 = Absent, L3 = Absent, L4 = Absent };

    public readonly bool HasL3 => L3 != Absent;

    public readonly bool HasL4 => L4 != Absent;
}
