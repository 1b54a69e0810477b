// Upstream counterpart: the whole packet path of lib/dpif-netdev.c for one received batch (dp_netdev_input()):
// flow extraction, EMC/SMC/dpcls lookup, grouping per flow, flow statistics, actions through odp-execute and one
// batched send to the output port.
//
// A dummy datapath ("dummy@bench", no threads) with two dummy ports and 10,000 megaflows installed through the dpif
// (10 masks: in_port, eth_type and proto exact, nw_src /26 to /30, udp dst exact in half of them; each mask owns its
// own 10.m.0.0/16, so flows never overlap), all with actions "output:2". Each operation hands the main thread's
// pipeline one batch of 32 received 60-byte UDP frames (64 bytes on the wire with the FCS) rented from a packet pool,
// which the output port returns to the pool; times and allocations are per packet (OperationsPerInvoke = 32):
//  - EmcHit: EMC insertion probability 1, every packet's flow is in the EMC;
//  - MegaflowHit: EMC and SMC off, every packet is classified by the megaflow classifier (10 subtables);
//  - MegaflowHitOneMask: EMC and SMC off, the 10,000 flows share one mask (in_port, eth_type, proto, nw_src /32,
//    udp dst exact), so every packet is found by the first subtable probe;
//  - Upcall: no flow at all and an upcall handler that answers "output:2" without installing a flow, so every packet
//    takes the whole miss path (every cache and subtable misses, the classifier is asked again, the flow key is
//    encoded and the packet copied for the handler, then the answer's actions run on the packet alone).
// Packets per second are 1e9 / (ns per packet), for one thread.
using BenchmarkDotNet.Attributes;
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Dpif.Netdev.Pmd;
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Flow;
using Ovs.Netdev;
using Ovs.Netdev.Packets;

namespace Ovs.Benchmarks.Dpif;

[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private const int Batch = 32;
    private const int MaskCount = 10;
    private const int FlowsPerMask = 1000;
    private const int FrameSize = 60;

    private readonly byte[][] _frames = new byte[Batch][];
    private readonly DpPacketBatch _batch = new();
    private readonly DpPacketPool _pool = new(4 * Batch, 2048);
    private Setup _emc = null!;
    private Setup _megaflow = null!;
    private Setup _oneMask = null!;
    private Setup _upcall = null!;
    private byte[][] _oneMaskFrames = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(1);
        for (int k = 0; k < Batch; k++)
        {
            int m = k % MaskCount;
            _frames[k] = Frame(FlowSource(m, random.Next(FlowsPerMask)) | 1, (ushort)(40000 + k), Port(m));
        }

        _oneMaskFrames = new byte[Batch][];
        for (int k = 0; k < Batch; k++)
        {
            _oneMaskFrames[k] = Frame(OneMaskSource(random.Next(MaskCount * FlowsPerMask)), (ushort)(40000 + k), 53);
        }

        _emc = new Setup("emc", emcInverse: 1, Megaflow);
        _megaflow = new Setup("megaflow", emcInverse: 0, Megaflow);
        _oneMask = new Setup("onemask", emcInverse: 0, OneMaskMegaflow);
        foreach (Setup setup in new[] { _emc, _megaflow, _oneMask })
        {
            byte[][] frames = setup == _oneMask ? _oneMaskFrames : _frames;
            Run(setup, frames);
            Run(setup, frames);
            if (setup.Pipeline.Read().MissUpcallFailed != 0 || setup.Dp.FlowTable.Count != MaskCount * FlowsPerMask)
            {
                throw new InvalidOperationException("every benchmark packet must find its flow");
            }

            setup.Dp.FlowTable.Classifier.Optimize();
        }

        _upcall = new Setup("upcall", emcInverse: 1, megaflow: null);
        _upcall.Dpif.SetUpcallHandler(new OutputHandler());
        Run(_upcall, _frames);
        if (_upcall.Pipeline.Read().MissUpcallOk != Batch || _upcall.Pipeline.Read().SentPackets != Batch)
        {
            throw new InvalidOperationException("every upcall benchmark packet must go up and come back out");
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _emc.Dpif.Destroy();
        _megaflow.Dpif.Destroy();
        _oneMask.Dpif.Destroy();
        _upcall.Dpif.Destroy();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void EmcHit() => Run(_emc, _frames);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void MegaflowHit() => Run(_megaflow, _frames);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void MegaflowHitOneMask() => Run(_oneMask, _oneMaskFrames);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Upcall() => Run(_upcall, _frames);

    private void Run(Setup setup, byte[][] frames)
    {
        if (_pool.RentInto(_batch, Batch) != Batch)
        {
            throw new InvalidOperationException("packet pool exhausted");
        }

        for (int k = 0; k < Batch; k++)
        {
            _batch[k].TrySetFrame(frames[k]);
        }

        lock (setup.Pipeline.Sync)
        {
            setup.Pipeline.ProcessReceived(_batch, setup.InPort);
        }
    }

    private static uint FlowSource(int m, int i) => (10u << 24) | ((uint)m << 16) | ((uint)i << (32 - Prefix(m)));

    private static int Prefix(int m) => 26 + (m % 5);

    private static uint OneMaskSource(int i) => (11u << 24) | (uint)i;

    private static ushort Port(int m) => (ushort)(m >= 5 ? 443 : 53);

    // 10 masks: in_port, eth_type and proto exact, nw_src /26 to /30, udp dst exact for masks 5 to 9.
    private static (FlowData Key, FlowData Mask) Megaflow(int m, int i)
    {
        var key = default(FlowData);
        var mask = default(FlowData);
        Common(ref key, ref mask, FlowSource(m, i), Prefix(m), Port(m));
        if (m < 5)
        {
            mask.SetU16(FlowLayout.TpDst, 0);
        }

        return (key, mask);
    }

    // One mask: in_port, eth_type, proto, nw_src and udp dst exact; flow number m * FlowsPerMask + i.
    private static (FlowData Key, FlowData Mask) OneMaskMegaflow(int m, int i)
    {
        var key = default(FlowData);
        var mask = default(FlowData);
        Common(ref key, ref mask, OneMaskSource((m * FlowsPerMask) + i), 32, 53);
        return (key, mask);
    }

    private static void Common(ref FlowData key, ref FlowData mask, uint source, int prefix, ushort port)
    {
        key.SetU16(FlowLayout.InPort, 1);
        key.SetU16(FlowLayout.DlType, 0x0800);
        key.SetU8(FlowLayout.NwProto, 17);
        key.SetU32(FlowLayout.NwSrc, source);
        key.SetU16(FlowLayout.TpDst, port);
        mask.SetU16(FlowLayout.InPort, 0xffff);
        mask.SetU16(FlowLayout.DlType, 0xffff);
        mask.SetU8(FlowLayout.NwProto, 0xff);
        mask.SetU32(FlowLayout.NwSrc, uint.MaxValue << (32 - prefix));
        mask.SetU16(FlowLayout.TpDst, 0xffff);
    }

    private static byte[] Frame(uint source, ushort sourcePort, ushort destinationPort)
    {
        byte[] f = new byte[FrameSize];
        f[0] = 0x02;
        f[5] = 0x0b;
        f[6] = 0x02;
        f[11] = 0x0a;
        f[12] = 0x08;
        Span<byte> ip = f.AsSpan(14);
        ip[0] = 0x45;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(ip[2..], FrameSize - 14);
        ip[8] = 64;
        ip[9] = 17;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip[12..], source);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(ip[16..], 0xc0a80001);
        Span<byte> udp = ip[20..];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(udp[4..], FrameSize - 34);
        return f;
    }

    private static readonly byte[] s_outputToPort2 = [8, 0, 1, 0, 2, 0, 0, 0];

    // The upcall handler of the Upcall benchmark: every packet is sent to port 2, no flow is installed.
    private sealed class OutputHandler : IDpifUpcallHandler
    {
        private readonly DpifUpcallResult _result = new(s_outputToPort2, null);

        public DpifUpcallResult HandleUpcall(DpifUpcall upcall) => _result;
    }

    private sealed class Setup
    {
        public Setup(string name, int emcInverse, Func<int, int, (FlowData Key, FlowData Mask)>? megaflow)
        {
            var netdevs = NetdevRegistry.CreateDefault();
            var dpifs = new DpifRegistry();
            var options = new DpNetdevOptions { StartThreads = false, EmcInsertInverseProbability = emcInverse };
            Check(DpifNetdevProvider.RegisterAll(dpifs, netdevs, new DpNetdevCatalog(), options));
            Check(dpifs.Open("dummy@" + name, create: true, out IDpif? dpif));
            Dpif = dpif!;
            Dp = ((DpifNetdev)Dpif).Datapath;
            uint? p1 = 1;
            uint? p2 = 2;
            Check(Dpif.PortAdd(name + "-p1", "dummy", ref p1));
            Check(Dpif.PortAdd(name + "-p2", "dummy", ref p2));
            InPort = Dp.FindPort(1)!;
            Pipeline = Dp.Main.Pipeline;
            for (int m = 0; m < MaskCount && megaflow is not null; m++)
            {
                for (int i = 0; i < FlowsPerMask; i++)
                {
                    (byte[] key, byte[] mask) = Encode(megaflow(m, i));
                    Check(Dpif.FlowPut(new DpifFlowPut(DpifFlowPutFlags.Create, key, mask, s_outputToPort2, null), out _));
                }
            }
        }

        public IDpif Dpif { get; }

        public DpNetdev Dp { get; }

        public DpNetdevPort InPort { get; }

        public PacketPipeline Pipeline { get; }

        private static (byte[] Key, byte[] Mask) Encode((FlowData Key, FlowData Mask) flow)
        {
            (FlowData key, FlowData mask) = flow;
            byte[] keyBuffer = new byte[1024];
            byte[] maskBuffer = new byte[1024];
            var k = new NlWriter(keyBuffer);
            var w = new NlWriter(maskBuffer);
            OdpFlowKey.FromFlow(key, mask, ref k);
            OdpFlowKey.FromMask(key, mask, ref w);
            return (k.Written.ToArray(), w.Written.ToArray());
        }

        private static void Check(int error)
        {
            if (error != 0)
            {
                throw new InvalidOperationException($"datapath set-up failed with errno {error}");
            }
        }
    }
}
