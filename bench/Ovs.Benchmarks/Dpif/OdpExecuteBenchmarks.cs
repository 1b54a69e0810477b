// Upstream counterpart: odp_execute_actions() of lib/odp-execute.c, measured per packet.
//
// One batch of 32 IPv4/TCP packets from a pool runs an action list whose last action hands the batch to a host that
// releases it (standing in for the netdev send). Reports time per packet (OperationsPerInvoke = 32) and allocation:
//  - OutputOnly: output(1);
//  - SetFields: set(ipv4(src, ttl)) masked, set(tcp(ports)), set(eth), output(1) (checksum updates included);
//  - PushPopVlan: push_vlan, output(1), pop_vlan, output(2): the first output copies every packet through the pool;
//  - HashL4: hash(l4), output(1): the 5-tuple hash needs a flow extraction per packet.
using BenchmarkDotNet.Attributes;
using Ovs.Dpif.Netdev.Execute;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev.Packets;

namespace Ovs.Benchmarks.Dpif;

[MemoryDiagnoser]
public class OdpExecuteBenchmarks
{
    private const int Batch = 32;

    private readonly DpPacketPool _pool = new(4 * Batch, 2048);
    private readonly DpPacketBatch _batch = new();
    private readonly ReleasingHost _host = new();
    private byte[] _frame = null!;
    private byte[] _outputOnly = null!;
    private byte[] _setFields = null!;
    private byte[] _pushPopVlan = null!;
    private byte[] _hashL4 = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Ethernet + IPv4 (10.0.0.1 -> 10.0.0.2, TCP) + TCP 1000 -> 80 with 64 bytes of payload; checksums need not
        // be right for the timing.
        _frame = new byte[14 + 20 + 20 + 64];
        _frame[12] = 0x08;
        _frame[14] = 0x45;
        _frame[16] = 0;
        _frame[17] = (byte)(_frame.Length - 14);
        _frame[22] = 64;
        _frame[23] = 6;
        _frame[26] = 10;
        _frame[29] = 1;
        _frame[30] = 10;
        _frame[33] = 2;
        _frame[34] = 0x03;
        _frame[35] = 0xe8;
        _frame[37] = 80;
        _frame[46] = 0x50;

        _outputOnly = Build(static (ref NlWriter w) => w.PutU32(OdpActionAttr.Output, 1));
        _setFields = Build(static (ref NlWriter w) =>
        {
            int set = w.BeginNested(OdpActionAttr.SetMasked);
            w.PutBytes(OdpKeyAttr.Ipv4, [192, 168, 0, 1, 0, 0, 0, 0, 0, 0, 63, 0, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 255, 0]);
            w.EndNested(set);
            set = w.BeginNested(OdpActionAttr.Set);
            w.PutBytes(OdpKeyAttr.Tcp, [0x1f, 0x90, 0, 81]);
            w.EndNested(set);
            set = w.BeginNested(OdpActionAttr.Set);
            w.PutBytes(OdpKeyAttr.Ethernet, [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
            w.EndNested(set);
            w.PutU32(OdpActionAttr.Output, 1);
        });
        _pushPopVlan = Build(static (ref NlWriter w) =>
        {
            w.PutBytes(OdpActionAttr.PushVlan, [0x81, 0x00, 0x00, 0x05]);
            w.PutU32(OdpActionAttr.Output, 1);
            w.PutFlag(OdpActionAttr.PopVlan);
            w.PutU32(OdpActionAttr.Output, 2);
        });
        _hashL4 = Build(static (ref NlWriter w) =>
        {
            w.PutBytes(OdpActionAttr.Hash, [0, 0, 0, 0, 7, 0, 0, 0]);
            w.PutU32(OdpActionAttr.Output, 1);
        });
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void OutputOnly() => Run(_outputOnly);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void SetFields() => Run(_setFields);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void PushPopVlan() => Run(_pushPopVlan);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void HashL4() => Run(_hashL4);

    private void Run(byte[] actions)
    {
        for (int i = 0; i < Batch; i++)
        {
            DpPacket p = _pool.Rent()!;
            p.TrySetFrame(_frame);
            p.L2Offset = 0;
            p.L3Offset = 14;
            p.L4Offset = 34;
            _batch.Add(p);
        }

        OdpExecutor.Execute(_batch, actions, _host);
    }

    private delegate void Writer(ref NlWriter w);

    private static byte[] Build(Writer body)
    {
        byte[] buffer = new byte[256];
        var w = new NlWriter(buffer);
        body(ref w);
        return w.Written.ToArray();
    }

    private sealed class ReleasingHost : IOdpExecuteHost
    {
        public void Execute(DpPacketBatch batch, ReadOnlySpan<byte> action) => batch.ReleaseAll();
    }
}
