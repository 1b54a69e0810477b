// Differential tests of set and set_masked (the acceptance point of issue 6): for generated packets and generated
// set actions, the packet the executor produces must extract to the flow a slow reference model predicts (the
// original packet's flow with the action's fields rewritten under the mask, and nothing else changed), and every
// checksum in it must verify when recomputed from scratch. Actions aimed at a header the packet lacks must leave it
// byte for byte unchanged.
using System.Buffers.Binary;
using Ovs.Flow;
using Ovs.Flow.Extract;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class SetActionDifferentialTests
{
    private static readonly ushort[] s_keys = [K.Ethernet, K.Ipv4, K.Ipv6, K.Tcp, K.Udp, K.Sctp, K.Icmp, K.Icmpv6, K.Arp, K.Mpls];

    private readonly ExecHarness _h = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Set_Actions_Match_The_Reference_Model(int seed)
    {
        var gen = new PacketGenerator(seed);
        int changed = 0;
        for (int iteration = 0; iteration < 1000; iteration++)
        {
            GeneratedPacket g = gen.Next();
            ushort key = s_keys[gen.Random.Next(s_keys.Length)];
            bool masked = key is not (K.Icmp or K.Icmpv6) && gen.Random.Next(2) == 0;
            (byte[] value, byte[] mask) = RandomKey(gen, key, masked);
            var builder = new NlBuilder();
            byte[] actions = (masked ? builder.SetMasked(key, value, mask) : builder.Set(key, value)).Output(1).ToArray();

            byte[] after = Assert.Single(_h.Run(g.Frame, actions));
            FlowData before = Extract(g.Frame);
            FlowData expected = before;
            bool applies = Model(ref expected, key, value, mask);
            FlowData actual = Extract(after);
            string context = $"seed {seed} iteration {iteration} key {key} masked {masked}";
            AssertSameFlow(expected, actual, context);
            if (!applies)
            {
                Assert.True(g.Frame.AsSpan().SequenceEqual(after), "changed a packet without that header: " + context);
            }

            AssertChecksums(g, after, context);
            changed += g.Frame.AsSpan().SequenceEqual(after) ? 0 : 1;
        }

        // The generator must really exercise the rewrites, not only the "no such header" path.
        Assert.True(changed > 200, $"only {changed} packets changed");
    }

    private static FlowData Extract(byte[] frame)
    {
        FlowData flow = default;
        FlowExtractor.Extract(frame, ref flow);
        return flow;
    }

    private static void AssertSameFlow(in FlowData expected, in FlowData actual, string context)
    {
        ReadOnlySpan<byte> e = expected.ReadOnlyBytes, a = actual.ReadOnlyBytes;
        int i = e.CommonPrefixLength(a);
        if (i < e.Length)
        {
            Assert.Fail($"flow byte {i}: expected {e[i]:x2}, got {a[i]:x2} ({context})");
        }
    }

    /// <summary>Random key (already masked) and mask bytes of the key's ODP layout.</summary>
    private static (byte[] Value, byte[] Mask) RandomKey(PacketGenerator gen, ushort key, bool masked)
    {
        int size = key switch
        {
            K.Ethernet => 12,
            K.Ipv4 => 12,
            K.Ipv6 => 40,
            K.Tcp or K.Udp or K.Sctp or K.Mpls => 4,
            K.Icmp or K.Icmpv6 => 2,
            _ => 24,
        };
        byte[] value = gen.Bytes(size);
        byte[] mask = new byte[size];
        for (int i = 0; i < size; i++)
        {
            mask[i] = !masked ? (byte)0xff : (byte)(gen.Random.Next(3) switch { 0 => 0, 1 => 0xff, _ => gen.Random.Next(256) });
        }

        switch (key)
        {
            case K.Ipv4:
                mask[8] = 0;
                mask[11] = 0;
                break;
            case K.Ipv6:
                value[32] = 0;
                value[33] &= 0x0f;
                mask[32] = 0;
                mask[33] &= 0x0f;
                mask[36] = 0;
                mask[39] = 0;
                break;
            case K.Icmpv6:
                // Not a neighbour discovery type: those would make the extractor read ND fields.
                value[0] = gen.Random.Next(2) == 0 ? (byte)128 : (byte)129;
                break;
            case K.Arp:
                value[8] = 0;
                value[9] = (byte)gen.Random.Next(1, 4);
                break;
        }

        if (masked)
        {
            for (int i = 0; i < size; i++)
            {
                value[i] &= mask[i];
            }
        }

        return (value, mask);
    }

    /// <summary>The reference: the action's effect on the flow. Returns false when the packet lacks the header.</summary>
    private static bool Model(ref FlowData flow, ushort key, byte[] value, byte[] mask)
    {
        ushort dlType = flow.U16(FlowLayout.DlType);
        byte proto = flow.U8(FlowLayout.NwProto);
        bool ip = dlType is 0x0800 or 0x86dd;
        switch (key)
        {
            case K.Ethernet:
                Apply(ref flow, FlowLayout.DlSrc, value, mask, 0, 6);
                Apply(ref flow, FlowLayout.DlDst, value, mask, 6, 6);
                return true;
            case K.Ipv4 when dlType == 0x0800:
                Apply(ref flow, FlowLayout.NwSrc, value, mask, 0, 8);
                Apply(ref flow, FlowLayout.NwTos, value, mask, 9, 2);
                return true;
            case K.Ipv6 when dlType == 0x86dd:
                Apply(ref flow, FlowLayout.Ipv6Src, value, mask, 0, 32);
                Apply(ref flow, FlowLayout.Ipv6Label, value, mask, 32, 4);
                Apply(ref flow, FlowLayout.NwTos, value, mask, 37, 2);
                return true;
            case K.Tcp when ip && proto == 6:
            case K.Udp when ip && proto == 17:
            case K.Sctp when ip && proto == 132:
                Apply(ref flow, FlowLayout.TpSrc, value, mask, 0, 4);
                return true;
            case K.Icmp when dlType == 0x0800 && proto == 1:
            case K.Icmpv6 when dlType == 0x86dd && proto == 58:
                flow.SetU16(FlowLayout.TpSrc, value[0]);
                flow.SetU16(FlowLayout.TpDst, value[1]);
                return true;
            case K.Arp when dlType == 0x0806:
                Apply(ref flow, FlowLayout.NwSrc, value, mask, 0, 8);
                ushort op = (ushort)((flow.U8(FlowLayout.NwProto) & ~BinaryPrimitives.ReadUInt16BigEndian(mask.AsSpan(8))) | BinaryPrimitives.ReadUInt16BigEndian(value.AsSpan(8)));
                flow.SetU8(FlowLayout.NwProto, op <= 0xff ? (byte)op : (byte)0);
                Apply(ref flow, FlowLayout.ArpSha, value, mask, 10, 6);
                Apply(ref flow, FlowLayout.ArpTha, value, mask, 16, 6);
                return true;
            case K.Mpls when dlType == 0x8847:
                Apply(ref flow, FlowLayout.MplsLse, value, mask, 0, 4);
                if ((flow.U32(FlowLayout.MplsLse) & 0x100) != 0)
                {
                    // The outer entry now ends the stack: the labels behind it are payload.
                    flow.SetU32(FlowLayout.MplsLse1, 0);
                    flow.SetU32(FlowLayout.MplsLse2, 0);
                }

                return true;
            default:
                return false;
        }
    }

    private static void Apply(ref FlowData flow, int at, byte[] value, byte[] mask, int from, int count)
    {
        Span<byte> f = flow.Bytes;
        for (int i = 0; i < count; i++)
        {
            f[at + i] = (byte)(value[from + i] | (f[at + i] & ~mask[from + i]));
        }
    }

    /// <summary>Recomputes every checksum of the executed packet from scratch.</summary>
    private static void AssertChecksums(GeneratedPacket g, byte[] after, string context)
    {
        if (g.IsIpv4)
        {
            int ihl = (after[g.L3] & 0x0f) * 4;
            Assert.True(InternetChecksum(after.AsSpan(g.L3, ihl)) == 0, "IPv4 header checksum: " + context);
        }

        if (g.Kind == L4Kind.None)
        {
            return;
        }

        Span<byte> l4 = after.AsSpan(g.L4);
        Span<byte> l4Before = g.Frame.AsSpan(g.L4);
        byte proto = g.Kind switch { L4Kind.Tcp => 6, L4Kind.Udp => 17, L4Kind.Sctp => 132, L4Kind.Icmp => 1, _ => 58 };
        uint pseudo = g.IsIpv4
            ? PacketGenerator.Pseudo4(after.AsSpan(g.L3 + 12, 4), after.AsSpan(g.L3 + 16, 4), proto, l4.Length)
            : PacketGenerator.Pseudo6(after.AsSpan(g.L3 + 8, 16), (g.RoutingSegmentsLeft ? g.Frame : after).AsSpan(g.L3 + 24, 16), proto, l4.Length);
        switch (g.Kind)
        {
            case L4Kind.Udp when BinaryPrimitives.ReadUInt16BigEndian(l4Before[6..]) == 0:
                Assert.True(BinaryPrimitives.ReadUInt16BigEndian(l4[6..]) == 0, "a zero UDP checksum must stay zero: " + context);
                break;
            case L4Kind.Tcp or L4Kind.Udp or L4Kind.Icmpv6:
                Assert.True(InternetChecksum(l4, pseudo) == 0, $"{g.Kind} checksum: " + context);
                break;
            case L4Kind.Icmp:
                Assert.True(InternetChecksum(l4) == 0, "ICMP checksum: " + context);
                break;
            case L4Kind.Sctp:
                Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(l4[8..]) == PacketGenerator.Crc32C(l4), "SCTP checksum: " + context);
                break;
        }
    }
}
