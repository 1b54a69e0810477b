// Upstream: dp_packet_eth(), dp_packet_l3(), dp_packet_l4_size(), dp_packet_get_*_payload() in lib/dp-packet.h and
// packet_rh_present() in lib/packets.c (OVS 3.1).
// Read-only questions the actions ask of a packet's layers, answered from the layer offsets flow extraction left in
// the packet. Upstream trusts the datapath flow to apply an action only to packets that have the header it edits;
// here each question also checks that the header is really there and whole, so an action on a packet without that
// header (set(ipv4) on an ARP frame, a runt) leaves the packet unchanged instead of writing into other bytes.
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Extract;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class PacketLayers
{
    public const uint PacketTypeEthernet = 0;
    public const uint PacketTypeIpv4 = (1u << 16) | EthTypeIpv4;
    public const uint PacketTypeIpv6 = (1u << 16) | EthTypeIpv6;
    public const uint PacketTypeNsh = (1u << 16) | EthTypeNsh;

    public const ushort EthTypeIpv4 = 0x0800;
    public const ushort EthTypeArp = 0x0806;
    public const ushort EthTypeRarp = 0x8035;
    public const ushort EthTypeIpv6 = 0x86dd;
    public const ushort EthTypeMpls = 0x8847;
    public const ushort EthTypeMplsMcast = 0x8848;
    public const ushort EthTypeNsh = 0x894f;
    public const ushort EthTypeTeb = 0x6558;
    public const ushort EthTypeVlan8021Q = 0x8100;
    public const ushort EthTypeVlan8021AD = 0x88a8;

    public const int EthHeaderSize = 14;
    public const int VlanHeaderSize = 4;
    public const int MplsHeaderSize = 4;

    public const byte ProtoTcp = 6;
    public const byte ProtoUdp = 17;
    public const byte ProtoSctp = 132;
    public const byte ProtoIcmp = 1;
    public const byte ProtoIcmpv6 = 58;

    /// <summary>
    /// Extracts the packet's flow and records its layer offsets and padding in the packet, as the datapath does on
    /// receive (upstream's miniflow_extract() side effect on dp_packet). Metadata other than the packet type is left
    /// out of the flow.
    /// </summary>
    public static void Parse(DpPacket p, ref FlowData flow)
    {
        LayerOffsets offsets = LayerOffsets.None;
        var md = new PacketMetadata { PacketType = p.PacketType };
        FlowExtractor.Extract(p.Data, in md, ref flow, ref offsets);
        p.L2Offset = offsets.L2;
        p.L2_5Offset = offsets.L2_5;
        p.L3Offset = offsets.L3;
        p.L4Offset = offsets.L4;
        p.L2PadSize = offsets.L2PadSize;
    }

    /// <summary>dp_packet_eth(): an Ethernet packet with at least a whole Ethernet header.</summary>
    public static bool HasEthernet(DpPacket p) => p.PacketType == PacketTypeEthernet && p.Size >= EthHeaderSize;

    public static bool IsVlanType(ushort type) => type is EthTypeVlan8021Q or EthTypeVlan8021AD;

    public static bool IsMplsType(ushort type) => type is EthTypeMpls or EthTypeMplsMcast;

    /// <summary>The Ethernet type of the network header L3 points at, or 0 when it cannot be told (MPLS, no L3).</summary>
    public static ushort NetworkType(DpPacket p)
    {
        if (p.L3Offset == DpPacket.NoOffset || p.L2_5Offset != DpPacket.NoOffset)
        {
            return 0;
        }

        if (p.PacketType != PacketTypeEthernet)
        {
            return (p.PacketType >> 16) == 1 && p.L3Offset == 0 ? (ushort)p.PacketType : (ushort)0;
        }

        return p.L3Offset >= EthHeaderSize && p.L3Offset <= p.Size
            ? BinaryPrimitives.ReadUInt16BigEndian(p.Data[(p.L3Offset - 2)..])
            : (ushort)0;
    }

    /// <summary>The IPv4 header when the packet is IPv4 with a whole 20-byte header at L3.</summary>
    public static bool TryGetIpv4(DpPacket p, out Span<byte> header)
    {
        header = default;
        if (NetworkType(p) != EthTypeIpv4 || p.Size - p.L3Offset < 20 || (p.Data[p.L3Offset] >> 4) != 4)
        {
            return false;
        }

        header = p.Data.Slice(p.L3Offset, 20);
        return true;
    }

    /// <summary>The IPv6 fixed header when the packet is IPv6 with a whole 40-byte header at L3.</summary>
    public static bool TryGetIpv6(DpPacket p, out Span<byte> header)
    {
        header = default;
        if (NetworkType(p) != EthTypeIpv6 || p.Size - p.L3Offset < 40 || (p.Data[p.L3Offset] >> 4) != 6)
        {
            return false;
        }

        header = p.Data.Slice(p.L3Offset, 40);
        return true;
    }

    /// <summary>dp_packet_l4_size(): bytes from L4 to the end of the frame, less Ethernet padding; -1 without L4.</summary>
    public static int L4Size(DpPacket p)
    {
        if (p.L4Offset == DpPacket.NoOffset || p.L4Offset > p.Size)
        {
            return -1;
        }

        return Math.Max(0, p.Size - p.L4Offset - p.L2PadSize);
    }

    /// <summary>
    /// The transport protocol of an IPv4 or IPv6 packet (the header after IPv6 extension headers) or -1, with the
    /// L4 bytes (up to the padding). Later IPv4 fragments have no transport header.
    /// </summary>
    public static int TransportProtocol(DpPacket p, out Span<byte> l4)
    {
        l4 = default;
        int size = L4Size(p);
        if (size < 0)
        {
            return -1;
        }

        int proto;
        if (TryGetIpv4(p, out Span<byte> ip4))
        {
            proto = ip4[9];
        }
        else if (TryGetIpv6(p, out _))
        {
            WalkIpv6Extensions(p, out byte next, out _);
            proto = next;
        }
        else
        {
            return -1;
        }

        l4 = p.Data.Slice(p.L4Offset, size);
        return proto;
    }

    /// <summary>
    /// packet_rh_present(): walks the IPv6 extension headers between L3 and L4. Returns true when a routing header
    /// with segments left is found (the destination is then not the final one, so its change must not enter the
    /// transport checksum). <paramref name="next"/> is the protocol where the walk stopped; <paramref name="firstFragment"/>
    /// stays true unless a fragment header says this is not a first fragment with more to come. Unlike upstream, the
    /// walk goes on past such a routing header, so that a source address change still updates the transport
    /// checksum (upstream stops there and leaves the checksum wrong).
    /// </summary>
    public static bool WalkIpv6Extensions(DpPacket p, out byte next, out bool firstFragment)
    {
        firstFragment = true;
        ReadOnlySpan<byte> data = p.Data;
        int remaining = p.L4Offset == DpPacket.NoOffset ? -1 : p.L4Offset - p.L3Offset;
        next = 0;
        if (remaining < 40 || p.L3Offset + remaining > data.Length)
        {
            return false;
        }

        int pos = p.L3Offset;
        bool routing = false;
        next = data[pos + 6];
        pos += 40;
        remaining -= 40;
        while (next is 0 or 43 or 60 or 51 or 44)
        {
            if (remaining < 8)
            {
                return routing;
            }

            int size;
            switch (next)
            {
                case 51:
                    size = (data[pos + 1] + 2) * 4;
                    next = data[pos];
                    break;
                case 44:
                    ushort offsetFlags = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
                    firstFragment = (offsetFlags & 0xfff8) == 0 && (offsetFlags & 1) != 0;
                    next = data[pos];
                    size = 8;
                    break;
                case 43:
                    routing |= data[pos + 3] > 0;
                    next = data[pos];
                    size = (data[pos + 1] + 1) * 8;
                    break;
                default:
                    next = data[pos];
                    size = (data[pos + 1] + 1) * 8;
                    break;
            }

            if (remaining < size)
            {
                return routing;
            }

            remaining -= size;
            pos += size;
        }

        return routing;
    }
}
