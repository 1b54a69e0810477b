// Upstream counterpart: the whole packet path of lib/dpif-netdev.c for one received batch (dp_netdev_input()):
// flow extraction, EMC/SMC/dpcls lookup, grouping per flow, flow statistics, actions through odp-execute and one
// batched send to the output port.
//
// A dummy datapath ("dummy@bench", no threads) with two dummy ports and 10,000 megaflows installed through the dpif
// (10 masks: in_port, eth_type and proto exact, nw_src /26 to /30, udp dst exact in half of them; each mask owns its
// own 10.m.0.0/16, so flows never overlap), all with actions "output:2". Each operation hands the main thread's
// pipeline one batch of 32 received 60-byte UDP frames (64 bytes on the wire with the FCS) taken from a packet pool,
// which the output port returns to the pool; times and allocations are per packet (OperationsPerInvoke = 32):
//  - EmcHit: EMC insertion probability 1, every packet's flow is in the EMC;
//  - MegaflowHit: EMC and SMC off, every packet is classified by the megaflow classifier (10 subtables).
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

    [GlobalSetup]
    public void GlobalSetup()
    {
        var random = new Random(1);
        for (int k = 0; k < Batch; k++)
        {
            int m = k % MaskCount;
            _frames[k] = Frame(FlowSource(m, random.Next(FlowsPerMask)) | 1, (ushort)(40000 + k), Port(m));
        }

        _emc = new Setup("emc", emcInverse: 1);
        _megaflow = new Setup("megaflow", emcInverse: 0);
        foreach (Setup setup in new[] { _emc, _megaflow })
        {
            Run(setup);
            Run(setup);
            if (setup.Pipeline.Read().MissUpcallFailed != 0 || setup.Dp.FlowTable.Count != MaskCount * FlowsPerMask)
            {
                throw new InvalidOperationException("every benchmark packet must find its flow");
            }

            setup.Dp.FlowTable.Classifier.Optimize();
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _emc.Dpif.Destroy();
        _megaflow.Dpif.Destroy();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void EmcHit() => Run(_emc);

    [Benchmark(OperationsPerInvoke = Batch)]
    public void MegaflowHit() => Run(_megaflow);

    private void Run(Setup setup)
    {
        for (int k = 0; k < Batch; k++)
        {
            DpPacket packet = _pool.Rent() ?? throw new InvalidOperationException("packet pool exhausted");
            packet.TrySetFrame(_frames[k]);
            _batch.Add(packet);
        }

        lock (setup.Pipeline.Sync)
        {
            setup.Pipeline.ProcessReceived(_batch, setup.InPort);
        }
    }

    private static uint FlowSource(int m, int i) => (10u << 24) | ((uint)m << 16) | ((uint)i << (32 - Prefix(m)));

    private static int Prefix(int m) => 26 + (m % 5);

    private static ushort Port(int m) => (ushort)(m >= 5 ? 443 : 53);

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

    private sealed class Setup
    {
        public Setup(string name, int emcInverse)
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
            byte[] actions = [8, 0, 1, 0, 2, 0, 0, 0];
            for (int m = 0; m < MaskCount; m++)
            {
                for (int i = 0; i < FlowsPerMask; i++)
                {
                    (byte[] key, byte[] mask) = Megaflow(m, i);
                    Check(Dpif.FlowPut(new DpifFlowPut(DpifFlowPutFlags.Create, key, mask, actions, null), out _));
                }
            }
        }

        public IDpif Dpif { get; }

        public DpNetdev Dp { get; }

        public DpNetdevPort InPort { get; }

        public PacketPipeline Pipeline { get; }

        private static (byte[] Key, byte[] Mask) Megaflow(int m, int i)
        {
            var key = default(FlowData);
            key.SetU16(FlowLayout.InPort, 1);
            key.SetU16(FlowLayout.DlType, 0x0800);
            key.SetU8(FlowLayout.NwProto, 17);
            key.SetU32(FlowLayout.NwSrc, FlowSource(m, i));
            key.SetU16(FlowLayout.TpDst, Port(m));
            var mask = default(FlowData);
            mask.SetU16(FlowLayout.InPort, 0xffff);
            mask.SetU16(FlowLayout.DlType, 0xffff);
            mask.SetU8(FlowLayout.NwProto, 0xff);
            mask.SetU32(FlowLayout.NwSrc, uint.MaxValue << (32 - Prefix(m)));
            if (m >= 5)
            {
                mask.SetU16(FlowLayout.TpDst, 0xffff);
            }

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
