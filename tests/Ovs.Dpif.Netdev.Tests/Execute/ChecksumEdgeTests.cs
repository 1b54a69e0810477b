// Exact-bytes checks of the checksum rules the random differential test reaches rarely: the UDP result that would
// be zero, neighbour discovery rewrites (target and link-layer option under the ICMPv6 pseudo-header, and nd_ext's
// full recomputation), SCTP's CRC32c, and the IPv4 TTL/TOS word update. Every expected checksum is recomputed here
// from scratch.
using System.Buffers.Binary;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class ChecksumEdgeTests
{
    private static readonly byte[] s_dst = Mac("00:00:00:00:00:02");
    private static readonly byte[] s_src = Mac("00:00:00:00:00:01");
    private static readonly byte[] s_ip6a = Convert.FromHexString("fe800000000000000000000000000001");
    private static readonly byte[] s_ip6b = Convert.FromHexString("ff020000000000000000000000000001");

    private readonly ExecHarness _h = new();

    [Fact]
    public void Udp_Checksum_That_Would_Become_Zero_Is_Stored_As_Ffff()
    {
        byte[] s = Ip4("10.0.0.1"), d = Ip4("10.0.0.2");
        byte[] udp = Udp(1000, 2000, [1, 2, 3]);
        ushort port = 0;
        for (int candidate = 0; candidate < 65536; candidate++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)candidate);
            if (InternetChecksum(udp, PacketGenerator.Pseudo4(s, d, 17, udp.Length)) == 0)
            {
                port = (ushort)candidate;
                break;
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(udp, 1000);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(6), InternetChecksum(udp, PacketGenerator.Pseudo4(s, d, 17, udp.Length)));
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, Ipv4(s, d, 17, udp));
        byte[] after = Assert.Single(_h.Run(frame, new NlBuilder().Set(K.Udp, [(byte)(port >> 8), (byte)port, 0x07, 0xd0]).Output(1).ToArray()));
        Assert.Equal(0xffff, BinaryPrimitives.ReadUInt16BigEndian(after.AsSpan(14 + 20 + 6)));
    }

    [Fact]
    public void Udp_Zero_Checksum_Stays_Zero_When_Addresses_Change()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("10.0.0.1"), Ip4("10.0.0.2"), 17, Udp(1, 2, [9])));
        byte[] key = [.. Ip4("1.2.3.4"), .. Ip4("5.6.7.8"), 17, 0, 64, 0];
        byte[] after = Assert.Single(_h.Run(frame, new NlBuilder().Set(K.Ipv4, key).Output(1).ToArray()));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(after.AsSpan(14 + 20 + 6)));
        Assert.Equal(0, InternetChecksum(after.AsSpan(14, 20)));
        Assert.Equal(Ip4("5.6.7.8"), after.AsSpan(30, 4).ToArray());
    }

    [Fact]
    public void Nd_Target_And_Sll_Rewrite_Keeps_The_Icmpv6_Checksum()
    {
        byte[] target = Convert.FromHexString("20010db8000000000000000000000042");
        byte[] ns = Concat(IcmpLike(135, 0, 0, Concat(target, NdOption(1, 1, Mac("aa:bb:cc:dd:ee:ff")))));
        BinaryPrimitives.WriteUInt16BigEndian(ns.AsSpan(2), InternetChecksum(ns, PacketGenerator.Pseudo6(s_ip6a, s_ip6b, 58, ns.Length)));
        byte[] frame = Ethernet(s_dst, s_src, 0x86dd, Ipv6(s_ip6a, s_ip6b, 58, ns, hopLimit: 255));
        byte[] newTarget = Convert.FromHexString("20010db8000000000000000000000099");
        byte[] sll = Mac("02:00:00:00:00:01");
        byte[] key = [.. newTarget, .. sll, .. new byte[6]];
        byte[] mask = [.. Enumerable.Repeat((byte)0xff, 22), .. new byte[6]];
        byte[] after = Assert.Single(_h.Run(frame, new NlBuilder().SetMasked(K.Nd, key, mask).Output(1).ToArray()));
        Span<byte> l4 = after.AsSpan(14 + 40);
        Assert.Equal(newTarget, l4.Slice(8, 16).ToArray());
        Assert.Equal(sll, l4.Slice(26, 6).ToArray());
        Assert.Equal(0, InternetChecksum(l4, PacketGenerator.Pseudo6(s_ip6a, s_ip6b, 58, l4.Length)));
    }

    [Fact]
    public void Nd_Extensions_Rewrite_Recomputes_The_Checksum()
    {
        byte[] na = IcmpLike(136, 0, 0x60000000, Concat(new byte[16], NdOption(2, 1, Mac("aa:bb:cc:dd:ee:ff"))));
        byte[] frame = Ethernet(s_dst, s_src, 0x86dd, Ipv6(s_ip6a, s_ip6b, 58, na, hopLimit: 255));
        byte[] key = [0x20, 0, 0, 0, 1, 0, 0, 0];
        byte[] after = Assert.Single(_h.Run(frame, new NlBuilder().Set(K.NdExtensions, key).Output(1).ToArray()));
        Span<byte> l4 = after.AsSpan(14 + 40);
        Assert.Equal(0x20000000u, BinaryPrimitives.ReadUInt32BigEndian(l4[4..]));
        Assert.Equal(1, l4[24]);
        Assert.Equal(0, InternetChecksum(l4, PacketGenerator.Pseudo6(s_ip6a, s_ip6b, 58, l4.Length)));
    }

    [Fact]
    public void Sctp_Port_Rewrite_Keeps_A_Wrong_Checksum_Wrong_By_The_Same_Amount()
    {
        byte[] sctp = Sctp(10, 20, 0xdeadbeef, [1, 2, 3, 4]);
        uint good = PacketGenerator.Crc32C(sctp);
        BinaryPrimitives.WriteUInt32LittleEndian(sctp.AsSpan(8), good ^ 0x5a5a);
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("1.1.1.1"), Ip4("2.2.2.2"), 132, sctp));
        byte[] after = Assert.Single(_h.Run(frame, new NlBuilder().Set(K.Sctp, [0, 11, 0, 21]).Output(1).ToArray()));
        Span<byte> l4 = after.AsSpan(34);
        Assert.Equal(PacketGenerator.Crc32C(l4) ^ 0x5a5au, BinaryPrimitives.ReadUInt32LittleEndian(l4[8..]));
    }

    [Fact]
    public void Ipv4_Ttl_And_Tos_Update_The_Header_Checksum_Only()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("1.1.1.1"), Ip4("2.2.2.2"), 6, Tcp(1, 2, 0x02), tos: 4, ttl: 64));
        byte[] key = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0xb8, 9, 0];
        byte[] mask = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfc, 0xff, 0];
        byte[] after = Assert.Single(_h.Run(frame, new NlBuilder().SetMasked(K.Ipv4, key, mask).Output(1).ToArray()));
        Assert.Equal(0xb8, after[15]);
        Assert.Equal(9, after[22]);
        Assert.Equal(0, InternetChecksum(after.AsSpan(14, 20)));
        Assert.Equal(frame.AsSpan(34).ToArray(), after.AsSpan(34).ToArray());
    }
}
