// Random well-formed packets for the differential tests, built with the test kit's PacketBuilder, with every
// checksum filled in by this file's own from-scratch computation (IPv4 header, TCP, UDP, ICMP, ICMPv6 with their
// pseudo-headers, SCTP's CRC32c), so that a test can recompute them after an action and compare. Each packet
// remembers where its network and transport headers start and what they are.
using System.Buffers.Binary;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

internal enum L4Kind
{
    None,
    Tcp,
    Udp,
    Sctp,
    Icmp,
    Icmpv6,
}

internal sealed record GeneratedPacket(byte[] Frame, ushort EthType, int L3, int L4, L4Kind Kind, bool RoutingSegmentsLeft)
{
    public bool IsIpv4 => EthType == 0x0800;

    public bool IsIpv6 => EthType == 0x86dd;
}

internal sealed class PacketGenerator(int seed)
{
    private readonly Random _r = new(seed);

    public Random Random => _r;

    public byte[] Bytes(int n)
    {
        byte[] b = new byte[n];
        _r.NextBytes(b);
        return b;
    }

    public GeneratedPacket Next()
    {
        byte[] dst = Bytes(6), src = Bytes(6);
        dst[0] &= 0xfe;
        (ushort, ushort)[] vlans = _r.Next(3) == 0 ? [(0x8100, (ushort)_r.Next(0x1000))] : [];
        int l2 = 14 + (4 * vlans.Length);
        switch (_r.Next(6))
        {
            case 0:
                byte[] arp = Arp((ushort)_r.Next(1, 3), Bytes(6), Bytes(4), Bytes(6), Bytes(4));
                return new GeneratedPacket(Ethernet(dst, src, 0x0806, arp, vlans), 0x0806, l2, -1, L4Kind.None, false);
            case 1:
                byte[] mpls = Concat(MplsEntry((uint)_r.Next(1 << 20), _r.Next(8), false, 9), MplsEntry(3, 0, true, 64), Ipv4Packet(out _, out _));
                return new GeneratedPacket(Ethernet(dst, src, 0x8847, mpls, vlans), 0x8847, l2, -1, L4Kind.None, false);
            case 2:
            case 3:
                byte[] ip4 = Ipv4Packet(out int l4Offset, out L4Kind kind4);
                return new GeneratedPacket(Ethernet(dst, src, 0x0800, ip4, vlans), 0x0800, l2, l2 + l4Offset, kind4, false);
            default:
                byte[] ip6 = Ipv6Packet(out int l4At, out L4Kind kind6, out bool routing);
                return new GeneratedPacket(Ethernet(dst, src, 0x86dd, ip6, vlans), 0x86dd, l2, l2 + l4At, kind6, routing);
        }
    }

    private byte[] Ipv4Packet(out int l4Offset, out L4Kind kind)
    {
        byte[] s = Bytes(4), d = Bytes(4);
        byte[] options = _r.Next(4) == 0 ? [1, 1, 1, 0] : [];
        kind = (L4Kind)_r.Next(1, 5);
        byte proto = kind switch { L4Kind.Tcp => 6, L4Kind.Udp => 17, L4Kind.Sctp => 132, _ => 1 };
        byte[] l4 = Transport(kind);
        l4Offset = 20 + options.Length;
        FillTransportChecksum(kind, l4, Pseudo4(s, d, proto, l4.Length));
        return Ipv4(s, d, proto, l4, tos: (byte)_r.Next(256), ttl: (byte)_r.Next(1, 256), options: options);
    }

    private byte[] Ipv6Packet(out int l4Offset, out L4Kind kind, out bool routing)
    {
        byte[] s = Bytes(16), d = Bytes(16);
        L4Kind[] kinds = [L4Kind.Tcp, L4Kind.Udp, L4Kind.Icmpv6, L4Kind.Sctp];
        kind = kinds[_r.Next(kinds.Length)];
        byte proto = kind switch { L4Kind.Tcp => 6, L4Kind.Udp => 17, L4Kind.Sctp => 132, _ => 58 };
        byte[] l4 = Transport(kind);
        FillTransportChecksum(kind, l4, Pseudo6(s, d, proto, l4.Length));
        byte[] payload = l4;
        byte next = proto;
        routing = false;
        l4Offset = 40;
        switch (_r.Next(4))
        {
            case 0:
                payload = Ipv6Options(proto, 0, l4);
                next = 0;
                l4Offset += 8;
                break;
            case 1:
                // A routing header (type 0 layout, 2 units) with or without segments left.
                routing = _r.Next(2) == 0;
                payload = Ipv6Options(proto, 2, l4);
                payload[2] = 0;
                payload[3] = (byte)(routing ? 1 : 0);
                next = 43;
                l4Offset += 24;
                break;
        }

        return Ipv6(s, d, next, payload, trafficClass: (byte)_r.Next(256), flowLabel: (uint)_r.Next(1 << 20), hopLimit: (byte)_r.Next(256));
    }

    private byte[] Transport(L4Kind kind) => kind switch
    {
        L4Kind.Tcp => Tcp((ushort)_r.Next(65536), (ushort)_r.Next(65536), 0x18, _r.Next(3) == 0 ? [1, 1, 1, 1] : null, Bytes(_r.Next(0, 9))),
        L4Kind.Udp => Udp((ushort)_r.Next(65536), (ushort)_r.Next(65536), Bytes(_r.Next(0, 9))),
        L4Kind.Sctp => Sctp((ushort)_r.Next(65536), (ushort)_r.Next(65536), (uint)_r.Next(), Bytes(_r.Next(0, 9))),
        L4Kind.Icmp => IcmpLike(8, 0, (uint)_r.Next(), Bytes(_r.Next(0, 9))),
        _ => IcmpLike(128, 0, (uint)_r.Next(), Bytes(_r.Next(0, 9))),
    };

    private void FillTransportChecksum(L4Kind kind, byte[] l4, uint pseudo)
    {
        switch (kind)
        {
            case L4Kind.Tcp:
                BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(16), InternetChecksum(l4, pseudo));
                break;
            case L4Kind.Udp when _r.Next(4) != 0:
                ushort c = InternetChecksum(l4, pseudo);
                BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(6), c == 0 ? (ushort)0xffff : c);
                break;
            case L4Kind.Icmp:
                BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), InternetChecksum(l4));
                break;
            case L4Kind.Icmpv6:
                BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), InternetChecksum(l4, pseudo));
                break;
            case L4Kind.Sctp:
                BinaryPrimitives.WriteUInt32LittleEndian(l4.AsSpan(8), Crc32C(l4));
                break;
        }
    }

    public static uint Pseudo4(ReadOnlySpan<byte> s, ReadOnlySpan<byte> d, byte proto, int size) =>
        Sum(s) + Sum(d) + proto + (uint)size;

    public static uint Pseudo6(ReadOnlySpan<byte> s, ReadOnlySpan<byte> d, byte proto, int size) =>
        Sum(s) + Sum(d) + (uint)(size >> 16) + (uint)(size & 0xffff) + proto;

    private static uint Sum(ReadOnlySpan<byte> b)
    {
        uint sum = 0;
        for (int i = 0; i < b.Length; i += 2)
        {
            sum += (uint)((b[i] << 8) | b[i + 1]);
        }

        return sum;
    }

    /// <summary>CRC32c, bit by bit (reflected polynomial 0x82F63B78), with the checksum field taken as zero.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> sctp)
    {
        uint crc = 0xffffffff;
        for (int i = 0; i < sctp.Length; i++)
        {
            crc ^= i is >= 8 and < 12 ? 0u : sctp[i];
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }
}
