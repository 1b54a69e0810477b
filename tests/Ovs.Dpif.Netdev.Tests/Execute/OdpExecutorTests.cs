// Exact-bytes and control-flow tests of the action executor: header pushes and pops against frames built
// independently with the test kit, checksums recomputed from scratch, and the nesting actions (sample, clone,
// check_pkt_len) with their copy-or-steal rules.
using System.Buffers.Binary;
using Ovs.Dpif.Netdev.Execute;
using Ovs.Netdev.Packets;
using static Ovs.TestKit.PacketBuilder;

namespace Ovs.Dpif.Netdev.Tests.Execute;

public sealed class OdpExecutorTests
{
    private static readonly byte[] s_dst = Mac("00:00:00:00:00:02");
    private static readonly byte[] s_src = Mac("00:00:00:00:00:01");
    private static readonly byte[] s_ip = Ipv4(Ip4("10.0.0.1"), Ip4("10.0.0.2"), 17, Udp(1000, 2000, [1, 2, 3, 4]));

    private readonly ExecHarness _h = new();

    [Fact]
    public void Output_Passes_The_Packet_Unchanged()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        List<byte[]> outs = _h.Run(frame, new NlBuilder().Output(5).ToArray());
        Assert.Equal(frame, Assert.Single(outs));
        Assert.Equal(5u, _h.Host.Outputs[0].Port);
    }

    [Fact]
    public void PushVlan_Then_PopVlan_Gives_Tagged_Then_Original_Frame()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        byte[] actions = new NlBuilder().Put(A.PushVlan, 0x81, 0x00, 0x30, 0x0a).Output(1).Flag(A.PopVlan).Output(2).ToArray();
        List<byte[]> outs = _h.Run(frame, actions);
        Assert.Equal(Ethernet(s_dst, s_src, 0x0800, s_ip, (0x8100, 0x200a)), outs[0]);
        Assert.Equal(frame, outs[1]);
    }

    [Fact]
    public void PushVlan_Clears_The_Cfi_Bit_And_Nests_Outside_An_Existing_Tag()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip, (0x8100, 5));
        List<byte[]> outs = _h.Run(frame, new NlBuilder().Put(A.PushVlan, 0x88, 0xa8, 0x10, 0x07).Output(1).ToArray());
        Assert.Equal(Ethernet(s_dst, s_src, 0x0800, s_ip, (0x88a8, 7), (0x8100, 5)), outs[0]);
    }

    [Fact]
    public void PushMpls_PopMpls_Round_Trip_With_Vlan()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip, (0x8100, 9));
        uint lse = (100u << 12) | 0x100 | 64;
        byte[] push = new byte[6];
        BinaryPrimitives.WriteUInt32BigEndian(push, lse);
        BinaryPrimitives.WriteUInt16BigEndian(push.AsSpan(4), 0x8847);
        byte[] actions = new NlBuilder().Put(A.PushMpls, push).Output(1).Be16(A.PopMpls, 0x0800).Output(2).ToArray();
        List<byte[]> outs = _h.Run(frame, actions);
        Assert.Equal(Ethernet(s_dst, s_src, 0x8847, Concat(MplsEntry(100, 0, true, 64), s_ip), (0x8100, 9)), outs[0]);
        Assert.Equal(frame, outs[1]);
    }

    [Fact]
    public void SetMpls_Masked_Changes_Only_The_Label()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x8847, Concat(MplsEntry(100, 3, true, 64), s_ip));
        byte[] key = new byte[4], mask = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(key, 7u << 12);
        BinaryPrimitives.WriteUInt32BigEndian(mask, 0xfffff000);
        List<byte[]> outs = _h.Run(frame, new NlBuilder().SetMasked(K.Mpls, key, mask).Output(1).ToArray());
        Assert.Equal(Ethernet(s_dst, s_src, 0x8847, Concat(MplsEntry(7, 3, true, 64), s_ip)), outs[0]);
    }

    [Fact]
    public void AddMpls_Without_L3_Flag_Makes_An_Mpls_Packet_Without_Ethernet()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        var batch = _h.Batch(frame);
        byte[] add = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(add, (5u << 12) | 0x100 | 10);
        BinaryPrimitives.WriteUInt16BigEndian(add.AsSpan(4), 0x8847);
        byte[] actions = new NlBuilder().Put(A.AddMpls, add).Output(1).ToArray();
        OdpExecutor.Execute(batch, actions, _h.Host);
        Assert.Equal(Concat(MplsEntry(5, 0, true, 10), frame), _h.Host.Outputs[0].Frame);
    }

    [Fact]
    public void PopEth_Then_PushEth_Rebuilds_The_Frame_Without_Vlan()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip, (0x8100, 9));
        byte[] actions = new NlBuilder().Flag(A.PopEth).Output(1).Put(A.PushEth, [.. s_src, .. s_dst]).Output(2).ToArray();
        List<byte[]> outs = _h.Run(frame, actions);
        Assert.Equal(s_ip, outs[0]);
        Assert.Equal(Ethernet(s_dst, s_src, 0x0800, s_ip), outs[1]);
    }

    [Fact]
    public void PushNsh_Md1_Then_PopNsh_Restores_The_Frame()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        byte[] md1 = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4];
        byte[] nshKey = new NlBuilder().Begin(K.Nsh).Put(K.NshBase, 0, 63, 1, 0, 0, 0, 0x12, 0xff).Put(K.NshMd1, md1).End().ToArray();
        byte[] actions = new NlBuilder().Nested(A.PushNsh, nshKey).Output(1).ToArray();
        List<byte[]> outs = _h.Run(frame, actions);
        Assert.Equal(Nsh(0, 0, 63, 6, 1, 3, 0x12ff, [.. md1, .. frame]), outs[0]);

        var batch = new DpPacketBatch();
        batch.Add(_h.Load(outs[0], PacketLayers.PacketTypeNsh));
        _h.Host.Outputs.Clear();
        OdpExecutor.Execute(batch, new NlBuilder().Flag(A.PopNsh).Output(1).ToArray(), _h.Host);
        Assert.Equal(frame, _h.Host.Outputs[0].Frame);
    }

    [Fact]
    public void PopNsh_Drops_A_Packet_With_Unknown_Next_Protocol()
    {
        byte[] nsh = Nsh(0, 0, 63, 2, 2, 9, 0x100ff, s_ip);
        var batch = new DpPacketBatch();
        batch.Add(_h.Load(nsh, PacketLayers.PacketTypeNsh));
        OdpExecutor.Execute(batch, new NlBuilder().Flag(A.PopNsh).Output(1).ToArray(), _h.Host);
        Assert.Empty(_h.Host.Outputs);
        Assert.Equal(_h.Pool.Count, _h.Pool.FreeCount);
    }

    [Fact]
    public void Trunc_Sets_The_Cut_For_The_Next_Output_And_Clone_Resets_It_For_The_Originals()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        byte[] inner = new NlBuilder().Output(1).ToArray();
        byte[] actions = new NlBuilder().U32(A.Trunc, 20).Nested(A.Clone, inner).Output(2).ToArray();
        _h.Run(frame, actions);
        Assert.Equal((uint)(frame.Length - 20), _h.Host.Outputs[0].CutLen);
        Assert.Equal(0u, _h.Host.Outputs[1].CutLen);
    }

    [Fact]
    public void Trunc_Never_Cuts_Below_An_Ethernet_Header()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        _h.Run(frame, new NlBuilder().U32(A.Trunc, 3).Output(1).ToArray());
        Assert.Equal((uint)(frame.Length - 14), _h.Host.Outputs[0].CutLen);
    }

    [Fact]
    public void Clone_Changes_Do_Not_Leak_To_The_Actions_After_It()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        byte[] inner = new NlBuilder().Put(A.PushVlan, 0x81, 0x00, 0x00, 0x05).Output(1).ToArray();
        List<byte[]> outs = _h.Run(frame, new NlBuilder().Nested(A.Clone, inner).Output(2).ToArray());
        Assert.Equal(Ethernet(s_dst, s_src, 0x0800, s_ip, (0x8100, 5)), outs[0]);
        Assert.Equal(frame, outs[1]);
    }

    [Theory]
    [InlineData(0u, 0x80000000u, true)]
    [InlineData(0x7fffffffu, 0x80000000u, true)]
    [InlineData(0x80000000u, 0x80000000u, false)]
    [InlineData(0xfffffffeu, 0xffffffffu, true)]
    [InlineData(0u, 0u, false)]
    public void Sample_Runs_Its_Actions_When_Random_Is_Below_Probability(uint random, uint probability, bool runs)
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        byte[] inner = new NlBuilder().Output(7).ToArray();
        byte[] sample = new NlBuilder().U32(K.SampleProbability, probability).Nested(K.SampleActions, inner).ToArray();
        foreach (bool last in new[] { true, false })
        {
            var b = new NlBuilder().Nested(A.Sample, sample);
            if (!last)
            {
                b.Output(8);
            }

            List<byte[]> outs = _h.Run(frame, b.ToArray(), () => random);
            int expected = (runs ? 1 : 0) + (last ? 0 : 1);
            Assert.Equal(expected, outs.Count);
        }
    }

    [Theory]
    [InlineData(60, 59, 2u)]
    [InlineData(60, 60, 1u)]
    [InlineData(60, 100, 1u)]
    public void CheckPktLen_Picks_Greater_Or_LessEqual(int payloadPad, int threshold, uint port)
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("1.1.1.1"), Ip4("2.2.2.2"), 17, Udp(1, 2, new byte[payloadPad - 42])));
        Assert.Equal(payloadPad, frame.Length);
        byte[] le = new NlBuilder().Output(1).ToArray();
        byte[] gt = new NlBuilder().Output(2).ToArray();
        byte[] check = new NlBuilder().U16(K.CheckLen, (ushort)threshold).Nested(K.CheckGreater, gt).Nested(K.CheckLessEqual, le).ToArray();
        _h.Run(frame, new NlBuilder().Nested(A.CheckPktLen, check).Output(9).ToArray());
        Assert.Equal([port, 9u], _h.Host.Outputs.ConvertAll(o => o.Port));
    }

    [Fact]
    public void Drop_Releases_Everything_And_Stops()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        List<byte[]> outs = _h.Run(frame, new NlBuilder().U32(A.Drop, 0).Output(1).ToArray());
        Assert.Empty(outs);
    }

    [Fact]
    public void Metadata_Sets_Reach_The_Host()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        _h.Run(frame, new NlBuilder()
            .Set(K.Priority, BitConverter.GetBytes(0x12345678u))
            .SetMasked(K.SkbMark, BitConverter.GetBytes(0xab00u), BitConverter.GetBytes(0xff00u))
            .Set(K.DpHash, BitConverter.GetBytes(77u))
            .Output(1).ToArray());
        HostCall c = _h.Host.Outputs[0];
        Assert.Equal(0x12345678u, c.SkbPriority);
        Assert.Equal(0xab00u, c.PktMark);
        Assert.Equal(77u, c.DpHash);
    }

    [Fact]
    public void Set_Tunnel_Replaces_The_Tunnel_Metadata()
    {
        byte[] tunnel = new NlBuilder().Begin(K.Tunnel)
            .Be64(K.TunId, 0x1234).Put(K.TunIpv4Src, Ip4("1.2.3.4")).Put(K.TunIpv4Dst, Ip4("5.6.7.8")).Put(K.TunTtl, 64)
            .Flag(K.TunDontFragment).Be16(K.TunTpDst, 4789).Put(K.TunGeneve, 0, 0x80, 1, 1, 0, 0, 0, 9)
            .End().ToArray();
        _h.Run(Ethernet(s_dst, s_src, 0x0800, s_ip), new NlBuilder().Nested(A.Set, tunnel).Output(1).ToArray());
        DpPacketTunnel t = _h.Host.Outputs[0].Tunnel;
        Assert.Equal(0x1234ul, t.TunId);
        Assert.Equal(0x01020304u, t.Ipv4Src);
        Assert.Equal(0x05060708u, t.Ipv4Dst);
        Assert.Equal(64, t.Ttl);
        Assert.Equal(4789, t.TpDst);
        Assert.Equal(DpPacketTunnel.FlagKey | DpPacketTunnel.FlagDontFragment, t.Flags);
        Assert.Equal(8, t.GeneveOptionsSize);
        Assert.Equal(9, t.GeneveOptions[7]);
        Assert.True(t.IsSet);
    }

    [Fact]
    public void Hash_L4_Is_Stable_And_SymL4_Is_Symmetric()
    {
        byte[] ab = Ethernet(s_dst, s_src, 0x0800, Ipv4(Ip4("10.0.0.1"), Ip4("10.0.0.2"), 6, Tcp(1000, 80, 0x10)));
        byte[] ba = Ethernet(s_src, s_dst, 0x0800, Ipv4(Ip4("10.0.0.2"), Ip4("10.0.0.1"), 6, Tcp(80, 1000, 0x10)));
        uint Hash(byte[] frame, uint alg, uint basis)
        {
            _h.Run(frame, new NlBuilder().Put(A.Hash, [.. BitConverter.GetBytes(alg), .. BitConverter.GetBytes(basis)]).Output(1).ToArray());
            return _h.Host.Outputs[0].DpHash;
        }

        Assert.Equal(Hash(ab, 0, 5), Hash(ab, 0, 5));
        Assert.NotEqual(Hash(ab, 0, 5), Hash(ab, 0, 6));
        Assert.NotEqual(Hash(ab, 0, 5), Hash(ba, 0, 5));
        Assert.Equal(Hash(ab, 1, 5), Hash(ba, 1, 5));
    }

    [Fact]
    public void Hash_Values_Follow_MurmurHash3_Word_Order()
    {
        // hash_add/hash_finish of lib/hash.h on known inputs: hash_finish(0, 0) is 0 and the mixing constants of
        // MurmurHash3_x86_32 give these values (computed by hand from the published algorithm).
        Assert.Equal(0u, DpHash.Finish(0, 0));
        uint h = DpHash.Finish(DpHash.Add(0, 0), 4);
        Assert.Equal(MurmurReference(0, [0u], 4), h);
        Assert.Equal(MurmurReference(7, [1u, 2u, 3u], 12), DpHash.Finish(DpHash.Add(DpHash.Add(DpHash.Add(7, 1), 2), 3), 12));
    }

    /// <summary>MurmurHash3_x86_32 over 32-bit blocks, written from the published algorithm.</summary>
    private static uint MurmurReference(uint seed, uint[] blocks, uint length)
    {
        uint h1 = seed;
        foreach (uint block in blocks)
        {
            uint k1 = block * 0xcc9e2d51;
            k1 = (k1 << 15) | (k1 >> 17);
            k1 *= 0x1b873593;
            h1 ^= k1;
            h1 = (h1 << 13) | (h1 >> 19);
            h1 = (h1 * 5) + 0xe6546b64;
        }

        h1 ^= length;
        h1 ^= h1 >> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >> 16;
        return h1;
    }

    [Fact]
    public void A_Host_Action_Before_The_End_Gets_A_Copy()
    {
        byte[] frame = Ethernet(s_dst, s_src, 0x0800, s_ip);
        var host = new MutatingHost();
        var batch = _h.Batch(frame);
        OdpExecutor.Execute(batch, new NlBuilder().Output(1).Output(2).ToArray(), host);
        Assert.Equal(frame, host.Seen[1]);
        Assert.Equal(_h.Pool.Count, _h.Pool.FreeCount);
    }

    /// <summary>A host that scribbles on the packets it gets, to prove later actions do not see its changes.</summary>
    private sealed class MutatingHost : IOdpExecuteHost
    {
        public List<byte[]> Seen { get; } = [];

        public void Execute(DpPacketBatch batch, ReadOnlySpan<byte> action)
        {
            for (int i = 0; i < batch.Count; i++)
            {
                Seen.Add(batch[i].Data.ToArray());
                batch[i].Data.Fill(0xee);
            }

            batch.ReleaseAll();
        }
    }
}
