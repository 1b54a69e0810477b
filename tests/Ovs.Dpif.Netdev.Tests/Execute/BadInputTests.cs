// Actions on packets that lack what the action edits, runts, truncated frames, stale layer offsets and malformed
// action lists: the executor must never throw, must leave a packet without the header unchanged, and must always
// consume the batch (every packet back in its pool).
using Ovs.Dpif.Netdev.Execute;
using Ovs.Netdev.Packets;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class BadInputTests
{
    private static readonly byte[] s_dst = Mac("00:00:00:00:00:02");
    private static readonly byte[] s_src = Mac("00:00:00:00:00:01");

    private readonly ExecHarness _h = new();

    public static TheoryData<string, byte[]> Mismatched()
    {
        byte[] arp = Ethernet(s_dst, s_src, 0x0806, Arp(1, s_src, Ip4("1.1.1.1"), new byte[6], Ip4("1.1.1.2")));
        byte[] udp = Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("1.1.1.1"), Ip4("2.2.2.2"), 17, Udp(1, 2, [1])));
        byte[] ip6 = Ethernet(s_dst, s_src, 0x86dd, Ipv6(new byte[16], new byte[16], 17, Udp(1, 2)));
        byte[] ipv4Key = [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 9, 0];
        return new TheoryData<string, byte[]>
        {
            { "set ipv4 on arp", new NlBuilder().Set(K.Ipv4, ipv4Key).Output(1).ToArray() },
            { "set tcp on udp", new NlBuilder().Set(K.Tcp, [0, 9, 0, 9]).Output(1).ToArray() },
            { "set ipv6 on ipv4", new NlBuilder().Set(K.Ipv6, new byte[40]).Output(1).ToArray() },
            { "set icmp on udp", new NlBuilder().Set(K.Icmp, [3, 3]).Output(1).ToArray() },
            { "set nd on udp6", new NlBuilder().Set(K.Nd, new byte[28]).Output(1).ToArray() },
            { "set arp on ipv4", new NlBuilder().Set(K.Arp, new byte[24]).Output(1).ToArray() },
            { "set mpls on ip", new NlBuilder().Set(K.Mpls, [1, 2, 3, 4]).Output(1).ToArray() },
            { "set nsh on ip", new NlBuilder().Begin(A.Set).Begin(K.Nsh).Put(K.NshBase, new byte[8]).End().End().Output(1).ToArray() },
            { "pop_vlan untagged", new NlBuilder().Flag(A.PopVlan).Output(1).ToArray() },
            { "pop_mpls not mpls", new NlBuilder().Be16(A.PopMpls, 0x0800).Output(1).ToArray() },
            { "push_eth on ethernet", new NlBuilder().Put(A.PushEth, new byte[12]).Output(1).ToArray() },
            { "pop_nsh not nsh", new NlBuilder().Flag(A.PopNsh).Output(1).ToArray() },
            { "push_mpls non-mpls type", new NlBuilder().Put(A.PushMpls, 0, 0, 0x11, 0x40, 0x08, 0x00).Output(1).ToArray() },
            { "set wrong size", new NlBuilder().Set(K.Ipv4, [1, 2, 3]).Output(1).ToArray() },
            { "masked icmp (no such form)", new NlBuilder().SetMasked(K.Icmp, [1, 1], [0xff, 0xff]).Output(1).ToArray() },
            { "masked tunnel (no such form)", new NlBuilder().SetMasked(K.Tunnel, [0, 0, 0, 0], [0, 0, 0, 0]).Output(1).ToArray() },
            { "unknown action", new NlBuilder().Put(99, 1, 2, 3, 4).Output(1).ToArray() },
            { "unknown hash algorithm", new NlBuilder().Put(A.Hash, 9, 0, 0, 0, 0, 0, 0, 0).Output(1).ToArray() },
        };
    }

    [Theory]
    [MemberData(nameof(Mismatched))]
    public void Action_On_Packet_Without_The_Header_Changes_Nothing(string name, byte[] actions)
    {
        byte[][] frames =
        [
            Ethernet(s_dst, s_src, 0x0806, Arp(1, s_src, Ip4("1.1.1.1"), new byte[6], Ip4("1.1.1.2"))),
            Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("1.1.1.1"), Ip4("2.2.2.2"), 17, Udp(1, 2, [1]))),
        ];
        foreach (byte[] frame in frames)
        {
            List<byte[]> outs = _h.Run(frame, actions);
            byte[] after = Assert.Single(outs);
            bool appliesToArp = name == "set arp on ipv4" && frame[13] == 0x06;
            if (!appliesToArp && !(name == "set ipv4 on arp" && frame[13] == 0x00))
            {
                Assert.True(frame.AsSpan().SequenceEqual(after), name);
            }
        }
    }

    [Fact]
    public void Runts_And_Truncated_Frames_Never_Throw_And_Are_Always_Consumed()
    {
        var gen = new PacketGenerator(11);
        var actions = new List<byte[]>();
        foreach (object[] row in Mismatched())
        {
            actions.Add((byte[])row[1]);
        }

        actions.Add(new NlBuilder().Put(A.PushVlan, 0x81, 0, 0, 1).Flag(A.PopVlan).Flag(A.PopVlan).Output(1).ToArray());
        actions.Add(new NlBuilder().Put(A.PushMpls, 0, 0, 0x11, 0x40, 0x88, 0x47).Be16(A.PopMpls, 0x0800).Be16(A.PopMpls, 0x0800).Output(1).ToArray());
        actions.Add(new NlBuilder().Flag(A.PopEth).Put(A.PushEth, new byte[12]).Flag(A.PopEth).Output(1).ToArray());
        actions.Add(new NlBuilder().Put(A.Hash, 0, 0, 0, 0, 1, 0, 0, 0).Put(A.Hash, 1, 0, 0, 0, 1, 0, 0, 0).U32(A.Trunc, 0).Output(1).ToArray());
        actions.Add(new NlBuilder().Set(K.Ipv6, new byte[40]).Set(K.Nd, new byte[28]).Set(K.NdExtensions, new byte[8]).Set(K.Icmpv6, [1, 1]).Output(1).ToArray());
        for (int i = 0; i < 400; i++)
        {
            GeneratedPacket g = gen.Next();
            int cut = gen.Random.Next(0, g.Frame.Length + 1);
            byte[] frame = g.Frame[..cut];
            foreach (byte[] a in actions)
            {
                _h.Run(frame, a);
            }
        }
    }

    [Fact]
    public void Stale_Layer_Offsets_Never_Throw()
    {
        var gen = new PacketGenerator(12);
        var list = new List<byte[]>();
        foreach (object[] row in Mismatched())
        {
            list.Add((byte[])row[1]);
        }

        for (int i = 0; i < 300; i++)
        {
            GeneratedPacket g = gen.Next();
            foreach (byte[] a in list)
            {
                var batch = new DpPacketBatch();
                DpPacket p = _h.Load(g.Frame);
                p.L2_5Offset = Offset(gen, g.Frame.Length);
                p.L3Offset = Offset(gen, g.Frame.Length);
                p.L4Offset = Offset(gen, g.Frame.Length);
                p.L2PadSize = (ushort)gen.Random.Next(0, 100);
                batch.Add(p);
                OdpExecutor.Execute(batch, a, _h.Host);
            }
        }

        Assert.Equal(_h.Pool.Count, _h.Pool.FreeCount);
    }

    [Fact]
    public void Random_Action_Bytes_Never_Throw()
    {
        var gen = new PacketGenerator(13);
        for (int i = 0; i < 3000; i++)
        {
            GeneratedPacket g = gen.Next();
            byte[] actions = RandomActions(gen, 0);
            _h.Run(g.Frame, actions, () => (uint)gen.Random.Next());
        }
    }

    private static ushort Offset(PacketGenerator gen, int size) =>
        gen.Random.Next(4) == 0 ? DpPacket.NoOffset : (ushort)gen.Random.Next(0, size + 20);

    /// <summary>Attribute lists with random types (nested ones recursively) and random, often wrong-sized payloads.</summary>
    private static byte[] RandomActions(PacketGenerator gen, int depth)
    {
        var b = new NlBuilder();
        int count = gen.Random.Next(0, 5);
        for (int i = 0; i < count; i++)
        {
            ushort type = (ushort)gen.Random.Next(0, 28);
            if (depth < 3 && type is A.Sample or A.Clone or A.CheckPktLen or A.Set or A.SetMasked or A.PushNsh && gen.Random.Next(2) == 0)
            {
                b.Nested(type, RandomActions(gen, depth + 1));
            }
            else
            {
                b.Put(type, gen.Bytes(gen.Random.Next(0, 45)));
            }
        }

        if (gen.Random.Next(2) == 0)
        {
            b.Output(1);
        }

        byte[] bytes = b.ToArray();
        return gen.Random.Next(8) == 0 ? bytes[..gen.Random.Next(0, bytes.Length + 1)] : bytes;
    }
}
