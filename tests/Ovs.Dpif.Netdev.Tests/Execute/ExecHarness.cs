// Test support for the action executor: packets loaded from bytes (with their layer offsets parsed as the datapath
// does on receive), an action list builder over NlWriter, and a host that records what the datapath actions saw.
using Ovs.Dpif.Netdev.Execute;
using Ovs.Flow;
using Ovs.Netdev.Packets;

namespace Ovs.Dpif.Netdev.Tests.Execute;

internal sealed class ExecHarness
{
    public DpPacketPool Pool { get; } = new(256, 2048);

    public RecordingHost Host { get; } = new();

    public DpPacket Load(byte[] frame, uint packetType = 0)
    {
        DpPacket p = Pool.Rent()!;
        Assert.True(p.TrySetFrame(frame));
        p.PacketType = packetType;
        FlowData flow = default;
        PacketLayers.Parse(p, ref flow);
        return p;
    }

    public DpPacketBatch Batch(params byte[][] frames)
    {
        var batch = new DpPacketBatch();
        foreach (byte[] f in frames)
        {
            batch.Add(Load(f));
        }

        return batch;
    }

    /// <summary>Runs actions on one frame and returns the frames output by the host (output actions), in order.</summary>
    public List<byte[]> Run(byte[] frame, byte[] actions, Func<uint>? random = null)
    {
        Host.Outputs.Clear();
        var batch = new DpPacketBatch();
        batch.Add(Load(frame));
        OdpExecutor.Execute(batch, actions, Host, random ?? (() => 0));
        Assert.True(batch.IsEmpty);
        Assert.Equal(Pool.Count, Pool.FreeCount);
        return Host.Outputs.ConvertAll(o => o.Frame);
    }
}

/// <summary>What one host action saw for one packet.</summary>
internal sealed record HostCall(ushort Action, uint Port, byte[] Frame, uint CutLen, uint DpHash, uint SkbPriority, uint PktMark, DpPacketTunnel Tunnel);

internal sealed class RecordingHost : IOdpExecuteHost
{
    public List<HostCall> Outputs { get; } = [];

    public void Execute(DpPacketBatch batch, ReadOnlySpan<byte> action)
    {
        ushort type = BitConverter.ToUInt16(action[2..]);
        uint port = action.Length >= 8 ? BitConverter.ToUInt32(action[4..]) : 0;
        for (int i = 0; i < batch.Count; i++)
        {
            DpPacket p = batch[i];
            Outputs.Add(new HostCall(type, port, p.Data.ToArray(), p.CutLen, p.DpHash, p.SkbPriority, p.PktMark, p.Tunnel));
        }

        batch.ReleaseAll();
    }
}

/// <summary>Builds netlink attribute lists (host-order headers, 4-byte alignment), written for the tests.</summary>
internal sealed class NlBuilder
{
    private readonly List<byte> _bytes = [];
    private readonly Stack<int> _open = new();

    public byte[] ToArray() => [.. _bytes];

    public NlBuilder Put(ushort type, params byte[] payload)
    {
        AddHeader(4 + payload.Length, type);
        _bytes.AddRange(payload);
        Pad();
        return this;
    }

    public NlBuilder U32(ushort type, uint value) => Put(type, BitConverter.GetBytes(value));

    public NlBuilder U16(ushort type, ushort value) => Put(type, BitConverter.GetBytes(value));

    public NlBuilder Be16(ushort type, ushort value) => Put(type, (byte)(value >> 8), (byte)value);

    public NlBuilder Be32(ushort type, uint value) => Put(type, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value);

    public NlBuilder Be64(ushort type, ulong value)
    {
        byte[] b = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b, value);
        return Put(type, b);
    }

    public NlBuilder Flag(ushort type) => Put(type);

    public NlBuilder Begin(ushort type)
    {
        _open.Push(_bytes.Count);
        AddHeader(4, type);
        return this;
    }

    public NlBuilder End()
    {
        int start = _open.Pop();
        byte[] length = BitConverter.GetBytes((ushort)(_bytes.Count - start));
        _bytes[start] = length[0];
        _bytes[start + 1] = length[1];
        return this;
    }

    public NlBuilder Nested(ushort type, byte[] inner)
    {
        Begin(type);
        _bytes.AddRange(inner);
        return End();
    }

    public NlBuilder Output(uint port) => U32(A.Output, port);

    public NlBuilder Set(ushort key, byte[] value) => Begin(A.Set).Put(key, value).End();

    public NlBuilder SetMasked(ushort key, byte[] value, byte[] mask) => Begin(A.SetMasked).Put(key, [.. value, .. mask]).End();

    private void AddHeader(int length, ushort type)
    {
        _bytes.AddRange(BitConverter.GetBytes((ushort)length));
        _bytes.AddRange(BitConverter.GetBytes(type));
    }

    private void Pad()
    {
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }
    }
}

/// <summary>ODP action numbers (include/linux/openvswitch.h), restated for the tests.</summary>
internal static class A
{
    public const ushort Output = 1, Userspace = 2, Set = 3, PushVlan = 4, PopVlan = 5, Sample = 6, Recirc = 7, Hash = 8;
    public const ushort PushMpls = 9, PopMpls = 10, SetMasked = 11, Ct = 12, Trunc = 13, PushEth = 14, PopEth = 15;
    public const ushort CtClear = 16, PushNsh = 17, PopNsh = 18, Meter = 19, Clone = 20, CheckPktLen = 21, AddMpls = 22;
    public const ushort Drop = 25;
}

/// <summary>ODP key numbers and nested attribute numbers, restated for the tests.</summary>
internal static class K
{
    public const ushort Priority = 2, Ethernet = 4, Ipv4 = 7, Ipv6 = 8, Tcp = 9, Udp = 10, Icmp = 11, Icmpv6 = 12;
    public const ushort Arp = 13, Nd = 14, SkbMark = 15, Tunnel = 16, Sctp = 17, DpHash = 19, RecircId = 20, Mpls = 21;
    public const ushort Nsh = 28, NdExtensions = 30;
    public const ushort NshBase = 1, NshMd1 = 2;
    public const ushort TunId = 0, TunIpv4Src = 1, TunIpv4Dst = 2, TunTtl = 4, TunDontFragment = 5, TunTpDst = 10, TunGeneve = 8;
    public const ushort SampleProbability = 1, SampleActions = 2;
    public const ushort CheckLen = 1, CheckGreater = 2, CheckLessEqual = 3;
}
