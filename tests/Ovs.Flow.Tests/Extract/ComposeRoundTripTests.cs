// FlowComposer: flows generated over every composable kind of packet (Ethernet with 0-2 VLAN headers, IPv4 with
// fragments, IPv6, TCP, UDP, SCTP, ICMP, IGMP, ICMPv6 echo and neighbour discovery, ARP, MPLS stacks, 802.3
// frames, L3 packet types) must extract back to themselves, and every composed frame must carry correct lengths
// and checksums, checked with the test kit's independent checksum routine. Also extract → compose → extract on
// generated packets, and a composed frame against fixed bytes.
using System.Buffers.Binary;
using Ovs.Flow.Extract;
using Ovs.Flow.Text;
using Ovs.TestKit;

namespace Ovs.Flow.Tests.Extract;

public sealed class ComposeRoundTripTests
{
    private static FlowData RandomFlow(Random r)
    {
        FlowData f = default;
        bool l3Only = r.Next(10) == 0;
        int kind = r.Next(12);
        ushort dlType = kind switch
        {
            0 or 1 or 2 or 3 => 0x0800,
            4 or 5 or 6 => 0x86dd,
            7 => r.Next(2) == 0 ? (ushort)0x0806 : (ushort)0x8035,
            8 => r.Next(2) == 0 ? (ushort)0x8847 : (ushort)0x8848,
            9 when !l3Only => 0x05ff,
            _ => 0x88cc,
        };
        if (l3Only)
        {
            f.SetU32(FlowLayout.PacketType, 0x10000u | dlType);
        }
        else
        {
            SetMac(ref f, FlowLayout.DlDst, (ulong)r.NextInt64());
            SetMac(ref f, FlowLayout.DlSrc, (ulong)r.NextInt64());
            if (dlType != 0x05ff && r.Next(2) == 0)
            {
                f.SetU16(FlowLayout.VlanTpid, r.Next(2) == 0 ? (ushort)0x8100 : (ushort)0x88a8);
                f.SetU16(FlowLayout.VlanTci, (ushort)(r.Next(65536) | 0x1000));
                if (r.Next(2) == 0)
                {
                    f.SetU16(FlowLayout.Vlan1Tpid, 0x8100);
                    f.SetU16(FlowLayout.Vlan1Tci, (ushort)(r.Next(65536) | 0x1000));
                }
            }
        }

        f.SetU16(FlowLayout.DlType, dlType);
        switch (dlType)
        {
            case 0x0800:
                f.SetU32(FlowLayout.NwSrc, (uint)r.Next());
                f.SetU32(FlowLayout.NwDst, (uint)r.Next());
                f.SetU8(FlowLayout.NwFrag, (byte)(new[] { 0, 0, 0, 1, 3 })[r.Next(5)]);
                IpCommon(f: ref f, r, new byte[] { 6, 17, 132, 1, 2, 47 }[r.Next(6)]);
                break;
            case 0x86dd:
                f.SetU64(FlowLayout.Ipv6Src, (ulong)r.NextInt64());
                f.SetU64(FlowLayout.Ipv6Src + 8, (ulong)r.NextInt64());
                f.SetU64(FlowLayout.Ipv6Dst, (ulong)r.NextInt64());
                f.SetU64(FlowLayout.Ipv6Dst + 8, (ulong)r.NextInt64());
                f.SetU32(FlowLayout.Ipv6Label, (uint)r.Next(1 << 20));
                IpCommon(f: ref f, r, new byte[] { 6, 17, 132, 58, 58, 59 }[r.Next(6)]);
                break;
            case 0x0806 or 0x8035:
                byte op = (byte)(new[] { 1, 2, 1, 2, 0, 7 })[r.Next(6)];
                f.SetU8(FlowLayout.NwProto, op);
                if (op is 1 or 2)
                {
                    f.SetU32(FlowLayout.NwSrc, (uint)r.Next());
                    f.SetU32(FlowLayout.NwDst, (uint)r.Next());
                    SetMac(ref f, FlowLayout.ArpSha, (ulong)r.NextInt64());
                    SetMac(ref f, FlowLayout.ArpTha, (ulong)r.NextInt64());
                }

                break;
            case 0x8847 or 0x8848:
                int[] slots = [FlowLayout.MplsLse, FlowLayout.MplsLse1, FlowLayout.MplsLse2];
                int count = r.Next(1, 4);
                for (int i = 0; i < count; i++)
                {
                    uint lse = (uint)r.Next() & ~0x100u;
                    f.SetU32(slots[i], i == count - 1 && (count < 3 || r.Next(2) == 0) ? lse | 0x100 : lse);
                }

                break;
        }

        return f;
    }

    private static void SetMac(ref FlowData f, int offset, ulong bits) => Ovs.Flow.Packets.EthAddr.FromBits(bits).Write(f.Bytes[offset..]);

    private static void IpCommon(ref FlowData f, Random r, byte proto)
    {
        f.SetU8(FlowLayout.NwProto, proto);
        f.SetU8(FlowLayout.NwTos, (byte)r.Next(256));
        f.SetU8(FlowLayout.NwTtl, (byte)r.Next(256));
        if ((f.U8(FlowLayout.NwFrag) & 2) != 0)
        {
            return;
        }

        switch (proto)
        {
            case 6 or 17 or 132:
                if (proto == 6)
                {
                    f.SetU16(FlowLayout.TcpFlags, (ushort)r.Next(4096));
                }

                f.SetU16(FlowLayout.TpSrc, (ushort)r.Next(65536));
                f.SetU16(FlowLayout.TpDst, (ushort)r.Next(65536));
                break;
            case 1:
                f.SetU16(FlowLayout.TpSrc, (ushort)(r.Next(3) == 0 ? 8 : r.Next(256)));
                f.SetU16(FlowLayout.TpDst, (ushort)(r.Next(2) == 0 ? 0 : r.Next(256)));
                break;
            case 2:
                f.SetU16(FlowLayout.TpSrc, (ushort)r.Next(256));
                f.SetU16(FlowLayout.TpDst, (ushort)r.Next(256));
                f.SetU32(FlowLayout.IgmpGroupIp4, (uint)r.Next());
                break;
            case 58:
                int type = new[] { 135, 136, 128, 129, 1, 3 }[r.Next(6)];
                f.SetU16(FlowLayout.TpSrc, (ushort)type);
                f.SetU16(FlowLayout.TpDst, (ushort)(r.Next(4) == 0 ? r.Next(256) : 0));
                if (PacketWildcards.IsNd(in f))
                {
                    // Only neighbour discovery keeps the word after the checksum (nd_reserved).
                    f.SetU32(FlowLayout.IgmpGroupIp4, (uint)r.Next());
                    f.SetU64(FlowLayout.NdTarget, (ulong)r.NextInt64());
                    f.SetU64(FlowLayout.NdTarget + 8, (ulong)r.NextInt64());
                    ulong sll = r.Next(3) == 0 ? 0 : (ulong)r.NextInt64() & 0xffffffffffff;
                    ulong tll = r.Next(3) == 0 ? 0 : (ulong)r.NextInt64() & 0xffffffffffff;
                    SetMac(ref f, FlowLayout.ArpSha, sll);
                    SetMac(ref f, FlowLayout.ArpTha, tll);
                    f.SetU16(FlowLayout.TcpFlags, (ushort)(sll != 0 ? 1 : tll != 0 ? 2 : 0));
                }

                break;
        }
    }

    [Fact]
    public void ComposedFlowsExtractToThemselves()
    {
        var r = new Random(11);
        var failures = new List<string>();
        for (int i = 0; i < 5000; i++)
        {
            FlowData flow = RandomFlow(r);
            byte[] frame = FlowComposer.Compose(in flow, r.Next(3) * 20);
            FlowData back = default;
            FlowExtractor.Extract(frame, ref back, packetType: flow.U32(FlowLayout.PacketType));
            if (back != flow)
            {
                failures.Add($"{FlowFormatter.Format(in flow)}\n  composed {Convert.ToHexString(frame)}\n  extracted {FlowFormatter.Format(in back)}");
            }

            string? bad = CheckLengthsAndChecksums(frame, in flow);
            if (bad is not null)
            {
                failures.Add($"{FlowFormatter.Format(in flow)}: {bad} in {Convert.ToHexString(frame)}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void ExtractComposeExtractIsStableOnGeneratedPackets()
    {
        var gen = new RandomPackets(5);
        int compared = 0;
        for (int i = 0; i < 6000; i++)
        {
            byte[] frame = gen.Frame();
            FlowData first = default;
            FlowExtractor.Extract(frame, ref first);
            if (!Composable(in first))
            {
                continue;
            }

            compared++;
            FlowData second = default;
            FlowExtractor.Extract(FlowComposer.Compose(in first), ref second);
            Assert.True(first == second, $"{Convert.ToHexString(frame)}\n  {FlowFormatter.Format(in first)}\n  {FlowFormatter.Format(in second)}");
        }

        Assert.True(compared > 1000, $"only {compared} composable packets");
    }

    // Flows whose packet FlowComposer rebuilds exactly: not IPv6 fragments (no fragment header is written), not
    // NSH, not ARP with an opcode other than request/reply (the addresses are dropped), not ND with options
    // upstream's parser rejected, not MPLS whose stack had no bottom in the first three entries, and not truncated
    // transport headers.
    private static bool Composable(in FlowData f)
    {
        ushort dlType = f.U16(FlowLayout.DlType);
        byte proto = f.U8(FlowLayout.NwProto);
        return dlType switch
        {
            0x0800 or 0x86dd => (dlType == 0x0800 || f.U8(FlowLayout.NwFrag) == 0) && proto is 6 or 17 or 132 or 1 or 2 or 58 or 47
                && !(proto is 6 or 17 or 132 && f.IsZero(FlowLayout.TpSrc, 4)) && !(proto == 58 && PacketWildcards.IsNd(in f)),
            0x0806 or 0x8035 => proto is 1 or 2,
            _ => false,
        };
    }

    // Verifies the IPv4 total length and header checksum, the IPv6 payload length and the TCP/UDP/ICMP/ICMPv6/IGMP
    // checksums with PacketBuilder.InternetChecksum (a checksum over data that includes a correct checksum is 0).
    private static string? CheckLengthsAndChecksums(byte[] frame, in FlowData flow)
    {
        FlowData parsed = default;
        LayerOffsets o = default;
        PacketMetadata md = new() { PacketType = flow.U32(FlowLayout.PacketType) };
        FlowExtractor.Extract(frame, in md, ref parsed, ref o);
        if (!o.HasL4)
        {
            return null;
        }

        ReadOnlySpan<byte> l3 = frame.AsSpan(o.L3);
        ReadOnlySpan<byte> l4 = frame.AsSpan(o.L4);
        byte proto = flow.U8(FlowLayout.NwProto);
        uint pseudo;
        if (flow.U16(FlowLayout.DlType) == 0x0800)
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(l3[2..]) != l3.Length)
            {
                return "IPv4 total length";
            }

            if (PacketBuilder.InternetChecksum(l3[..20]) != 0)
            {
                return "IPv4 header checksum";
            }

            pseudo = Sum(l3.Slice(12, 8)) + proto + (uint)l4.Length;
        }
        else
        {
            if (BinaryPrimitives.ReadUInt16BigEndian(l3[4..]) != l4.Length)
            {
                return "IPv6 payload length";
            }

            pseudo = Sum(l3.Slice(8, 32)) + proto + (uint)l4.Length;
        }

        if (l4.IsEmpty)
        {
            return null;
        }

        return proto switch
        {
            6 or 17 or 58 when PacketBuilder.InternetChecksum(l4, pseudo) != 0 => "transport checksum",
            17 when BinaryPrimitives.ReadUInt16BigEndian(l4[4..]) != l4.Length => "UDP length",
            1 or 2 when PacketBuilder.InternetChecksum(l4) != 0 => "ICMP/IGMP checksum",
            _ => null,
        };
    }

    private static uint Sum(ReadOnlySpan<byte> b)
    {
        uint s = 0;
        for (int i = 0; i < b.Length; i += 2)
        {
            s += (uint)((b[i] << 8) | b[i + 1]);
        }

        return s;
    }

    [Fact]
    public void ComposesTcpSynAsUpstreamDoes()
    {
        // tcp,dl_src=50:54:00:00:00:01,dl_dst=50:54:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,
        // tp_src=1234,tp_dst=80,tcp_flags=syn: no payload after a SYN even when one is asked for. The checksums
        // (IPv4 0x66ce, TCP 0x96be) were computed by hand with Python's struct module.
        FlowData f = default;
        SetMac(ref f, FlowLayout.DlSrc, 0x505400000001);
        SetMac(ref f, FlowLayout.DlDst, 0x505400000002);
        f.SetU16(FlowLayout.DlType, 0x0800);
        f.SetU32(FlowLayout.NwSrc, 0x0a000001);
        f.SetU32(FlowLayout.NwDst, 0x0a000002);
        f.SetU8(FlowLayout.NwTtl, 64);
        f.SetU8(FlowLayout.NwProto, 6);
        f.SetU16(FlowLayout.TpSrc, 1234);
        f.SetU16(FlowLayout.TpDst, 80);
        f.SetU16(FlowLayout.TcpFlags, 2);
        byte[] frame = FlowComposer.Compose(in f, 64);
        Assert.Equal(
            "505400000002505400000001080045000028000000004006" + "66ce" + "0a0000010a000002" + "04d20050000000000000000050020000" + "96be" + "0000",
            Convert.ToHexString(frame).ToLowerInvariant());
    }
}
