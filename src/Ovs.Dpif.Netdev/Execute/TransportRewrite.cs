// Upstream: odp_set_tcp/udp/sctp(), odp_set_nd(), odp_set_nd_ext() in lib/odp-execute.c and packet_set_tcp_port(),
// packet_set_udp_port(), packet_set_sctp_port(), packet_set_icmp(), packet_set_nd(), packet_set_nd_ext() in
// lib/packets.c (OVS 3.1).
// Rewrites of transport header fields under a mask. TCP, UDP and ICMP checksums are updated incrementally (a zero
// UDP checksum stays zero, an update giving zero stores 0xffff). SCTP's CRC32c cannot be updated that way: the
// checksum is recomputed before and after the change and the difference applied, so a packet whose checksum was
// wrong stays wrong by the same amount. The ND extension rewrite recomputes the ICMPv6 checksum from scratch,
// pseudo-header included. Each rewrite first checks the transport header is there and whole (for TCP, that the
// data offset fits), as upstream's dp_packet_get_*_payload() do.
using System.Buffers.Binary;
using System.Numerics;
using Ovs.Flow.Packets;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Execute;

internal static class TransportRewrite
{
    private const int NdMessageSize = 24;
    private const int NdOptionUnit = 8;

    /// <summary>set(tcp/udp/sctp(src,dst)): key and mask are two big-endian ports.</summary>
    public static void SetPorts(DpPacket p, int proto, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        if (PacketLayers.TransportProtocol(p, out Span<byte> l4) != proto)
        {
            return;
        }

        switch (proto)
        {
            case PacketLayers.ProtoTcp:
                int headerSize = l4.Length >= 20 ? (l4[12] >> 4) * 4 : 0;
                if (headerSize >= 20 && headerSize <= l4.Length)
                {
                    SetPort(l4, 0, key, mask, 16, false);
                    SetPort(l4, 2, key[2..], mask[2..], 16, false);
                }

                break;
            case PacketLayers.ProtoUdp when l4.Length >= 8:
                SetPort(l4, 0, key, mask, 6, true);
                SetPort(l4, 2, key[2..], mask[2..], 6, true);
                break;
            case PacketLayers.ProtoSctp when l4.Length >= 12:
                SetSctpPorts(l4, key, mask);
                break;
        }
    }

    /// <summary>set(icmp(type,code)) and set(icmpv6(...)); there is no masked form.</summary>
    public static void SetIcmp(DpPacket p, int proto, byte type, byte code)
    {
        if (PacketLayers.TransportProtocol(p, out Span<byte> l4) != proto || l4.Length < 8)
        {
            return;
        }

        ushort oldWord = (ushort)((l4[0] << 8) | l4[1]);
        ushort newWord = (ushort)((type << 8) | code);
        if (oldWord != newWord)
        {
            l4[0] = type;
            l4[1] = code;
            InternetChecksum.Write(l4, 2, InternetChecksum.Update16(InternetChecksum.Read(l4, 2), oldWord, newWord));
        }
    }

    /// <summary>set(nd(target, sll, tll)) under a mask: the target and the first SLL or TLL option.</summary>
    public static void SetNd(DpPacket p, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        if (PacketLayers.TransportProtocol(p, out Span<byte> l4) != PacketLayers.ProtoIcmpv6 || l4.Length < NdMessageSize)
        {
            return;
        }

        Span<byte> target = stackalloc byte[16];
        Span<byte> target0 = l4.Slice(8, 16);
        for (int i = 0; i < 16; i++)
        {
            target[i] = (byte)(key[i] | (target0[i] & ~mask[i]));
        }

        if (!target.SequenceEqual(target0))
        {
            PacketRewrite.SetIpv6Address(p, PacketLayers.ProtoIcmpv6, target0, target, true);
        }

        // The first link-layer address option decides: one option of type 1 (source) or 2 (target), 8 bytes long.
        Span<byte> mac = stackalloc byte[6];
        int remain = l4.Length - NdMessageSize;
        int at = NdMessageSize;
        while (remain >= NdOptionUnit && at + NdOptionUnit <= l4.Length && l4[at + 1] != 0)
        {
            byte type = l4[at];
            if ((type == 1 || type == 2) && l4[at + 1] == 1)
            {
                Span<byte> option = l4.Slice(at + 2, 6);
                int k = type == 1 ? 16 : 22;
                option.CopyTo(mac);
                PacketRewrite.Masked(mac, key.Slice(k, 6), mask.Slice(k, 6));
                if (!mac.SequenceEqual(option))
                {
                    PacketRewrite.UpdateTransportChecksum(l4, 2, false, option, mac);
                    mac.CopyTo(option);
                }

                break;
            }

            // As upstream, the remaining count is reduced by the length of the option moved to, not the one left.
            at += l4[at + 1] * NdOptionUnit;
            if (at + 2 > l4.Length)
            {
                break;
            }

            remain -= l4[at + 1] * NdOptionUnit;
        }
    }

    /// <summary>set(nd_ext(reserved, options_type)): the RSO flags word and the first option's type.</summary>
    public static void SetNdExtensions(DpPacket p, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        if (PacketLayers.TransportProtocol(p, out Span<byte> l4) != PacketLayers.ProtoIcmpv6 || l4.Length < NdMessageSize
            || !PacketLayers.TryGetIpv6(p, out Span<byte> nh))
        {
            return;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(mask) != 0)
        {
            key[..4].CopyTo(l4[4..]);
        }

        if (mask[4] != 0 && l4.Length > NdMessageSize)
        {
            l4[NdMessageSize] = key[4];
        }

        l4[2] = 0;
        l4[3] = 0;
        uint sum = Checksums.Ipv6PseudoHeader(nh.Slice(8, 16), nh.Slice(24, 16), PacketLayers.ProtoIcmpv6, l4.Length);
        InternetChecksum.Write(l4, 2, Checksums.Finish(Checksums.Add(sum, l4)));
    }

    private static void SetPort(Span<byte> l4, int at, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask, int csumAt, bool udp)
    {
        ushort old = BinaryPrimitives.ReadUInt16BigEndian(l4[at..]);
        ushort value = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(key) | (old & ~BinaryPrimitives.ReadUInt16BigEndian(mask)));
        if (value != old)
        {
            PacketRewrite.UpdateTransportChecksum(l4, csumAt, udp, l4.Slice(at, 2), stackalloc byte[] { (byte)(value >> 8), (byte)value });
            BinaryPrimitives.WriteUInt16BigEndian(l4[at..], value);
        }
    }

    private static void SetSctpPorts(Span<byte> l4, ReadOnlySpan<byte> key, ReadOnlySpan<byte> mask)
    {
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(l4[8..]);
        l4.Slice(8, 4).Clear();
        uint before = Crc32C(l4);
        PacketRewrite.Masked(l4[..4], key[..4], mask[..4]);
        uint after = Crc32C(l4);
        BinaryPrimitives.WriteUInt32LittleEndian(l4[8..], stored ^ before ^ after);
    }

    /// <summary>The SCTP checksum value (RFC 4960 appendix B) as it is stored, read little-endian.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        }

        for (; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return ~crc;
    }
}
