// Upstream: eth_push_vlan(), eth_pop_vlan(), push_eth(), pop_eth(), set_ethertype(), push_mpls(), add_mpls(),
// pop_mpls(), set_mpls_lse(), push_nsh() and pop_nsh() in lib/packets.c, dp_packet_resize_l2[_5]() in
// lib/dp-packet.h (OVS 3.1).
// Header pushes and pops at the front of a packet. A push grows the frame into its headroom and slides the bytes in
// front of the new header (the Ethernet addresses, or the whole L2 header for MPLS) forward; a pop does the reverse.
// Layer offsets stay relative to the frame start: a change of the L2 header moves L2.5, L3 and L4, a change of the
// MPLS stack moves only L3 and L4. Each operation first checks that the packet has what it needs and otherwise leaves
// it as it is. Nothing here allocates.
using System.Buffers.Binary;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class PacketEncap
{
    private const ushort VlanCfi = 0x1000;
    private const int MacPairSize = 12;

    public static void PushVlan(DpPacket p, ushort tpid, ushort tci)
    {
        if (!PacketLayers.HasEthernet(p) || !ResizeL2(p, PacketLayers.VlanHeaderSize))
        {
            return;
        }

        Span<byte> d = p.Data;
        d.Slice(PacketLayers.VlanHeaderSize, MacPairSize).CopyTo(d);
        BinaryPrimitives.WriteUInt16BigEndian(d[12..], tpid);
        BinaryPrimitives.WriteUInt16BigEndian(d[14..], (ushort)(tci & ~VlanCfi));
    }

    public static void PopVlan(DpPacket p)
    {
        if (!PacketLayers.HasEthernet(p) || p.Size < PacketLayers.EthHeaderSize + PacketLayers.VlanHeaderSize
            || !PacketLayers.IsVlanType(BinaryPrimitives.ReadUInt16BigEndian(p.Data[12..])))
        {
            return;
        }

        Span<byte> d = p.Data;
        d[..MacPairSize].CopyTo(d[PacketLayers.VlanHeaderSize..]);
        ResizeL2(p, -PacketLayers.VlanHeaderSize);
    }

    public static void PushEth(DpPacket p, ReadOnlySpan<byte> dst, ReadOnlySpan<byte> src)
    {
        // Upstream asserts the packet is not Ethernet yet; an Ethernet packet is left alone here.
        if (p.PacketType == PacketLayers.PacketTypeEthernet || (p.PacketType >> 16) != 1
            || !ResizeL2(p, PacketLayers.EthHeaderSize))
        {
            return;
        }

        Span<byte> d = p.Data;
        dst[..6].CopyTo(d);
        src[..6].CopyTo(d[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(d[12..], (ushort)p.PacketType);
        p.PacketType = PacketLayers.PacketTypeEthernet;
        p.L2Offset = 0;
    }

    public static void PopEth(DpPacket p)
    {
        if (!PacketLayers.HasEthernet(p) || p.L3Offset == DpPacket.NoOffset)
        {
            return;
        }

        int increment = p.L2_5Offset != DpPacket.NoOffset ? p.L2_5Offset : p.L3Offset;
        if (increment < 2 || increment > p.Size)
        {
            return;
        }

        ushort ethType = BinaryPrimitives.ReadUInt16BigEndian(p.Data[(increment - 2)..]);
        ResizeL2(p, -increment);
        p.PacketType = (1u << 16) | ethType;
        p.L2Offset = DpPacket.NoOffset;
    }

    public static void PushMpls(DpPacket p, ushort ethType, uint lse)
    {
        if (PacketLayers.IsMplsType(ethType))
        {
            InsertMplsInL2(p, ethType, lse);
        }
    }

    public static void AddMpls(DpPacket p, ushort ethType, uint lse, bool l3Encap)
    {
        if (!PacketLayers.IsMplsType(ethType))
        {
            return;
        }

        if (l3Encap)
        {
            InsertMplsInL2(p, ethType, lse);
            return;
        }

        // The label goes in front of whatever the packet is, which becomes an MPLS packet without L2.
        if (!ResizeL2(p, PacketLayers.MplsHeaderSize))
        {
            return;
        }

        BinaryPrimitives.WriteUInt32BigEndian(p.Data, lse);
        p.L2Offset = DpPacket.NoOffset;
        p.L2_5Offset = 0;
        p.PacketType = (1u << 16) | ethType;
    }

    public static void PopMpls(DpPacket p, ushort ethType)
    {
        int len = p.L2_5Offset;
        if (len == DpPacket.NoOffset || p.Size - len < PacketLayers.MplsHeaderSize)
        {
            return;
        }

        SetEthType(p, ethType);
        Span<byte> d = p.Data;
        bool bottom = (BinaryPrimitives.ReadUInt32BigEndian(d[len..]) & 0x100) != 0;
        d[..len].CopyTo(d[PacketLayers.MplsHeaderSize..]);
        ResizeL2_5(p, -PacketLayers.MplsHeaderSize);
        if (bottom)
        {
            p.L2_5Offset = DpPacket.NoOffset;
        }

        p.Offloads &= ~(DpPacketOffloads.RxIpChecksumGood | DpPacketOffloads.RxIpChecksumBad | DpPacketOffloads.RxL4ChecksumGood
            | DpPacketOffloads.RxL4ChecksumBad | DpPacketOffloads.RssHash | DpPacketOffloads.FlowMark);
        if (len == 0)
        {
            p.PacketType = ethType == PacketLayers.EthTypeTeb ? PacketLayers.PacketTypeEthernet : (1u << 16) | ethType;
            p.L2Offset = p.PacketType == PacketLayers.PacketTypeEthernet ? (ushort)0 : DpPacket.NoOffset;
        }
    }

    /// <summary>set(mpls(...)) and its masked form: rewrites the outermost label stack entry.</summary>
    public static void SetMplsLse(DpPacket p, uint lse, uint mask)
    {
        int at = p.L2_5Offset;
        if (at == DpPacket.NoOffset || p.Size - at < PacketLayers.MplsHeaderSize)
        {
            return;
        }

        Span<byte> d = p.Data[at..];
        BinaryPrimitives.WriteUInt32BigEndian(d, lse | (BinaryPrimitives.ReadUInt32BigEndian(d) & ~mask));
    }

    /// <summary>push_nsh: header is the NSH header to push (its length field set); its next protocol is set here.</summary>
    public static void PushNsh(DpPacket p, ReadOnlySpan<byte> header)
    {
        byte nextProto = p.PacketType switch
        {
            PacketLayers.PacketTypeEthernet => NshHeader.NextProtoEthernet,
            PacketLayers.PacketTypeIpv4 => NshHeader.NextProtoIpv4,
            PacketLayers.PacketTypeIpv6 => NshHeader.NextProtoIpv6,
            PacketLayers.PacketTypeNsh => NshHeader.NextProtoNsh,
            _ => 0,
        };
        if (nextProto == 0 || !EnsureHeadroom(p, header.Length))
        {
            return;
        }

        Span<byte> d = p.Push(header.Length);
        header.CopyTo(d);
        d[3] = nextProto;
        p.PacketType = PacketLayers.PacketTypeNsh;
        p.L2Offset = DpPacket.NoOffset;
        p.L2_5Offset = DpPacket.NoOffset;
        p.L4Offset = DpPacket.NoOffset;
        p.L3Offset = 0;
    }

    /// <summary>pop_nsh: false when the packet must be dropped (an NSH packet whose inner protocol is unknown).</summary>
    public static bool PopNsh(DpPacket p)
    {
        if (p.PacketType != PacketLayers.PacketTypeNsh || p.L3Offset == DpPacket.NoOffset || p.Size - p.L3Offset < NshHeader.BaseSize)
        {
            return true;
        }

        ReadOnlySpan<byte> nsh = p.Data[p.L3Offset..];
        uint next = nsh[3] switch
        {
            NshHeader.NextProtoEthernet => PacketLayers.PacketTypeEthernet,
            NshHeader.NextProtoIpv4 => PacketLayers.PacketTypeIpv4,
            NshHeader.NextProtoIpv6 => PacketLayers.PacketTypeIpv6,
            NshHeader.NextProtoNsh => PacketLayers.PacketTypeNsh,
            _ => uint.MaxValue,
        };
        if (next == uint.MaxValue)
        {
            return false;
        }

        int length = NshHeader.Length(nsh);
        if (length > p.Size)
        {
            return true;
        }

        p.Pull(length);
        p.PacketType = next;
        p.L2Offset = DpPacket.NoOffset;
        p.L2_5Offset = DpPacket.NoOffset;
        p.L3Offset = DpPacket.NoOffset;
        p.L4Offset = DpPacket.NoOffset;
        return true;
    }

    /// <summary>push_mpls and add_mpls with the L3 flag: a label between the L2 header and L3.</summary>
    private static void InsertMplsInL2(DpPacket p, ushort ethType, uint lse)
    {
        int l2_5 = p.L2_5Offset != DpPacket.NoOffset ? p.L2_5Offset : p.L3Offset;
        if (l2_5 == DpPacket.NoOffset || l2_5 > p.Size || !EnsureHeadroom(p, PacketLayers.MplsHeaderSize))
        {
            return;
        }

        p.L2_5Offset = (ushort)l2_5;
        SetEthType(p, ethType);
        ResizeL2_5(p, PacketLayers.MplsHeaderSize);
        Span<byte> d = p.Data;
        d.Slice(PacketLayers.MplsHeaderSize, l2_5).CopyTo(d);
        BinaryPrimitives.WriteUInt32BigEndian(d[l2_5..], lse);
    }

    /// <summary>set_ethertype(): the type after the VLAN headers (just before L2.5 or L3) or the Ethernet type itself.</summary>
    private static void SetEthType(DpPacket p, ushort ethType)
    {
        if (!PacketLayers.HasEthernet(p))
        {
            return;
        }

        Span<byte> d = p.Data;
        if (PacketLayers.IsVlanType(BinaryPrimitives.ReadUInt16BigEndian(d[12..])))
        {
            int inner = p.L2_5Offset != DpPacket.NoOffset ? p.L2_5Offset : p.L3Offset;
            if (inner != DpPacket.NoOffset && inner >= 2 && inner <= d.Length)
            {
                BinaryPrimitives.WriteUInt16BigEndian(d[(inner - 2)..], ethType);
            }
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(d[12..], ethType);
        }
    }

    /// <summary>dp_packet_resize_l2(): grows (or with a negative delta shrinks) the L2 header at the front.</summary>
    private static bool ResizeL2(DpPacket p, int delta)
    {
        ushort l2 = p.L2Offset;
        if (!ResizeFront(p, delta))
        {
            return false;
        }

        p.L2Offset = l2;
        return true;
    }

    /// <summary>dp_packet_resize_l2_5(): as ResizeL2, but the MPLS stack start stays where it is.</summary>
    private static void ResizeL2_5(DpPacket p, int delta)
    {
        ushort l2 = p.L2Offset;
        ushort l2_5 = p.L2_5Offset;
        if (ResizeFront(p, delta))
        {
            p.L2Offset = l2;
            p.L2_5Offset = l2_5;
        }
    }

    private static bool ResizeFront(DpPacket p, int delta)
    {
        if (delta >= 0)
        {
            if (!EnsureHeadroom(p, delta))
            {
                return false;
            }

            p.Push(delta);
        }
        else
        {
            if (-delta > p.Size)
            {
                return false;
            }

            p.Pull(-delta);
        }

        return true;
    }

    /// <summary>Makes room for a push of count bytes, sliding the frame towards the tail when the headroom is short.</summary>
    private static bool EnsureHeadroom(DpPacket p, int count)
    {
        if (p.Headroom >= count)
        {
            return true;
        }

        int shift = count - p.Headroom;
        if (p.Tailroom < shift)
        {
            return false;
        }

        int start = p.DataOffset;
        int size = p.Size;
        p.Buffer.AsSpan(start, size).CopyTo(p.Buffer.AsSpan(start + shift));
        p.SetFrame(start + shift, size);
        return true;
    }
}
