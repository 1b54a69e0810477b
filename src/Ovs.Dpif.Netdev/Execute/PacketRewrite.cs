// Upstream: odp_eth_set_addrs(), odp_set_ipv4(), odp_set_ipv6(), set_arp() and the packet_set_*() functions of
// lib/odp-execute.c and lib/packets.c (OVS 3.1).
// In-place rewrites of Ethernet, IPv4, IPv6 and ARP header fields under a mask (new = key | (old & ~mask)), keeping
// every checksum that covers a changed field right by incremental update: the IPv4 header checksum, and the TCP,
// UDP and ICMPv6 checksums whose pseudo-header holds the addresses. Rules kept from upstream: a UDP checksum of zero
// means "none" and stays zero, and an update that computes zero stores 0xffff instead; for IPv6 the destination
// does not enter the transport checksum while a routing header has segments left, and neither address does in a
// fragment other than a first one with more to come. The flow label and traffic class have no checksum.
using System.Buffers.Binary;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class PacketRewrite
{
    /// <summary>set(eth(...)): the key and mask are src[6] then dst[6].</summary>
    public static void SetEthernet(DpPacket p, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        if (!PacketLayers.HasEthernet(p))
        {
            return;
        }

        Span<byte> d = p.Data;
        Masked(d.Slice(6, 6), key[..6], mask[..6]);
        Masked(d[..6], key.Slice(6, 6), mask.Slice(6, 6));
    }

    /// <summary>set(ipv4(...)): src, dst, proto, tos, ttl, frag; proto and frag cannot be set.</summary>
    public static void SetIpv4(DpPacket p, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        if (!PacketLayers.TryGetIpv4(p, out Span<byte> nh))
        {
            return;
        }

        for (int i = 0; i < 2; i++)
        {
            uint m = BinaryPrimitives.ReadUInt32BigEndian(mask[(4 * i)..]);
            if (m == 0)
            {
                continue;
            }

            Span<byte> field = nh.Slice(12 + (4 * i), 4);
            uint old = BinaryPrimitives.ReadUInt32BigEndian(field);
            uint value = BinaryPrimitives.ReadUInt32BigEndian(key[(4 * i)..]) | (old & ~m);
            if (value != old)
            {
                SetIpv4Address(p, nh, field, old, value);
            }
        }

        byte tos = (byte)(key[9] | (nh[1] & ~mask[9]));
        if (mask[9] != 0 && tos != nh[1])
        {
            InternetChecksum.Write(nh, 10, InternetChecksum.Update16(InternetChecksum.Read(nh, 10), nh[1], tos));
            nh[1] = tos;
        }

        byte ttl = (byte)(key[10] | (nh[8] & ~mask[10]));
        if (mask[10] != 0 && ttl != nh[8])
        {
            InternetChecksum.Write(nh, 10, InternetChecksum.Update16(InternetChecksum.Read(nh, 10), (ushort)(nh[8] << 8), (ushort)(ttl << 8)));
            nh[8] = ttl;
        }
    }

    /// <summary>set(ipv6(...)): src, dst, label, proto, tclass, hlimit, frag; proto and frag cannot be set.</summary>
    public static void SetIpv6(DpPacket p, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        if (!PacketLayers.TryGetIpv6(p, out Span<byte> nh))
        {
            return;
        }

        bool routing = PacketLayers.WalkIpv6Extensions(p, out byte proto, out bool recalc);
        Span<byte> address = stackalloc byte[16];
        for (int i = 0; i < 2; i++)
        {
            Span<byte> field = nh.Slice(8 + (16 * i), 16);
            for (int b = 0; b < 16; b++)
            {
                address[b] = (byte)(key[(16 * i) + b] | (field[b] & ~mask[(16 * i) + b]));
            }

            if (!address.SequenceEqual(field))
            {
                bool checksum = i == 0 ? recalc : recalc && !routing;
                SetIpv6Address(p, proto, field, address, checksum);
            }
        }

        uint word = BinaryPrimitives.ReadUInt32BigEndian(nh);
        uint oldTc = (word >> 20) & 0xff;
        uint tc = (key[37] | (oldTc & ~(uint)mask[37])) & 0xff;
        uint label = BinaryPrimitives.ReadUInt32BigEndian(key[32..]) | (word & 0xfffff & ~BinaryPrimitives.ReadUInt32BigEndian(mask[32..]));
        word = (word & 0xf0000000) | (tc << 20) | (label & 0xfffff);
        BinaryPrimitives.WriteUInt32BigEndian(nh, word);
        nh[7] = (byte)(key[38] | (nh[7] & ~mask[38]));
    }

    /// <summary>set(arp(...)): sip, tip, op, sha, tha.</summary>
    public static void SetArp(DpPacket p, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        ushort type = PacketLayers.NetworkType(p);
        if ((type != PacketLayers.EthTypeArp && type != PacketLayers.EthTypeRarp) || p.Size - p.L3Offset < 28)
        {
            return;
        }

        Span<byte> arp = p.Data.Slice(p.L3Offset, 28);
        Masked(arp.Slice(6, 2), key.Slice(8, 2), mask.Slice(8, 2));
        Masked(arp.Slice(8, 6), key.Slice(10, 6), mask.Slice(10, 6));
        Masked(arp.Slice(14, 4), key[..4], mask[..4]);
        Masked(arp.Slice(18, 6), key.Slice(16, 6), mask.Slice(16, 6));
        Masked(arp.Slice(24, 4), key.Slice(4, 4), mask.Slice(4, 4));
    }

    /// <summary>Writes an IPv6 address field, updating the transport checksum when asked (packet_set_ipv6_addr()).</summary>
    public static void SetIpv6Address(DpPacket p, int proto, Span<byte> field, ReadOnlySpan<byte> address, bool checksum)
    {
        if (checksum)
        {
            int l4Size = PacketLayers.L4Size(p);
            int at = proto switch
            {
                PacketLayers.ProtoTcp when l4Size >= 20 => 16,
                PacketLayers.ProtoUdp when l4Size >= 8 => 6,
                PacketLayers.ProtoIcmpv6 when l4Size >= 4 => 2,
                _ => -1,
            };
            if (at >= 0)
            {
                UpdateTransportChecksum(p.Data.Slice(p.L4Offset, l4Size), at, proto == PacketLayers.ProtoUdp, field, address);
            }
        }

        address.CopyTo(field);
    }

    /// <summary>Masked copy: dst = key | (dst &amp; ~mask), byte by byte.</summary>
    public static void Masked(Span<byte> destination, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)(key[i] | (destination[i] & ~mask[i]));
        }
    }

    /// <summary>
    /// Updates the checksum at <paramref name="at"/> of the transport header for a change of covered bytes, keeping a
    /// zero UDP checksum zero and never producing zero for UDP.
    /// </summary>
    public static void UpdateTransportChecksum(Span<byte> l4, int at, bool udp, ReadOnlySpan<byte> oldBytes, ReadOnlySpan<byte> newBytes)
    {
        ushort csum = InternetChecksum.Read(l4, at);
        if (udp && csum == 0)
        {
            return;
        }

        csum = InternetChecksum.UpdateBytes(csum, oldBytes, newBytes);
        InternetChecksum.Write(l4, at, udp && csum == 0 ? (ushort)0xffff : csum);
    }

    private static void SetIpv4Address(DpPacket p, Span<byte> nh, Span<byte> field, uint old, uint value)
    {
        int l4Size = PacketLayers.L4Size(p);
        Span<byte> oldBytes = stackalloc byte[4];
        Span<byte> newBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(oldBytes, old);
        BinaryPrimitives.WriteUInt32BigEndian(newBytes, value);
        if (nh[9] == PacketLayers.ProtoTcp && l4Size >= 20)
        {
            UpdateTransportChecksum(p.Data.Slice(p.L4Offset, l4Size), 16, false, oldBytes, newBytes);
        }
        else if (nh[9] == PacketLayers.ProtoUdp && l4Size >= 8)
        {
            UpdateTransportChecksum(p.Data.Slice(p.L4Offset, l4Size), 6, true, oldBytes, newBytes);
        }

        InternetChecksum.Write(nh, 10, InternetChecksum.Update32(InternetChecksum.Read(nh, 10), old, value));
        newBytes.CopyTo(field);
    }
}
