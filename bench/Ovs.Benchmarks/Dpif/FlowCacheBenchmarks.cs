// Upstream counterpart: the fast path of lib/dpif-netdev.c (EMC, SMC, dpcls lookups), measured per packet.
//
// A datapath flow table of 10,000 megaflows spread over 10 masks (in_port, dl_type and nw_proto exact, nw_src
// prefixes of /16 to /25, tp_dst exact in half of them; nw_proto differs per mask, so flows never overlap). Each
// benchmark classifies one batch of 32 packet keys, and reports the time per packet (OperationsPerInvoke = 32):
//  - EmcHit: every key is in the exact match cache;
//  - SmcHit: EMC off, SMC on, every key in the SMC (one candidate check under the flow's mask);
//  - MegaflowHit: EMC and SMC off, the classifier finds every key (keys spread evenly over the 10 subtables, so on
//    average half the subtables are probed);
//  - Miss: no flow matches, all 10 subtables are probed (then the datapath would upcall);
//  - KeyFromFlow: building the compact keys of the batch from full flows (what extraction would feed the caches).
using BenchmarkDotNet.Attributes;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Dpif.Netdev.Flows;
using Ovs.Flow;

namespace Ovs.Benchmarks.Dpif;

[MemoryDiagnoser]
public class FlowCacheBenchmarks
{
    private const int Batch = 32;
    private const int MaskCount = 10;
    private const int FlowsPerMask = 1000;

    private readonly NetdevFlowKey[] _hitKeys = new NetdevFlowKey[Batch];
    private readonly NetdevFlowKey[] _missKeys = new NetdevFlowKey[Batch];
    private readonly NetdevFlowKey[] _scratchKeys = new NetdevFlowKey[Batch];
    private readonly FlowData[] _packets = new FlowData[Batch];
    private readonly DpNetdevFlow?[] _flows = new DpNetdevFlow?[Batch];
    private DatapathFlowCache _emc = null!;
    private DatapathFlowCache _smc = null!;
    private DatapathFlowCache _dpcls = null!;

    [GlobalSetup]
    public void Setup()
    {
        var table = new DpNetdevFlowTable();
        for (int m = 0; m < MaskCount; m++)
        {
            for (int i = 0; i < FlowsPerMask; i++)
            {
                (FlowData key, FlowWildcards mask) = Megaflow(m, i);
                if (table.Put(key, mask, [4, 0, 1, 0, 2, 0, 0, 0], null, FlowPutFlags.Create, out _, out _) != FlowTableError.None)
                {
                    throw new InvalidOperationException("benchmark flows must not overlap");
                }
            }
        }

        var random = new Random(1);
        for (int k = 0; k < Batch; k++)
        {
            // Packets: a random flow of mask k % 10, with host bits and an unmasked port set.
            (FlowData packet, _) = Megaflow(k % MaskCount, random.Next(FlowsPerMask));
            packet.SetU32(FlowLayout.NwSrc, packet.U32(FlowLayout.NwSrc) | 1);
            packet.SetU32(FlowLayout.NwDst, 0xc0a80001);
            packet.SetU16(FlowLayout.TpSrc, (ushort)(40000 + k));
            _packets[k] = packet;
            _hitKeys[k] = NetdevFlowKey.FromFlow(packet);
            packet.SetU8(FlowLayout.NwProto, 200);
            _missKeys[k] = NetdevFlowKey.FromFlow(packet);
        }

        _emc = new DatapathFlowCache(table, emcInsertInverseProbability: 1);
        _smc = new DatapathFlowCache(table, emcInsertInverseProbability: 0, smcEnabled: true);
        _dpcls = new DatapathFlowCache(table, emcInsertInverseProbability: 0);
        foreach (DatapathFlowCache cache in new[] { _emc, _smc, _dpcls })
        {
            if (cache.Lookup(_hitKeys, _flows) != 0)
            {
                throw new InvalidOperationException("every hit key must find its flow");
            }
        }

        table.Classifier.Optimize();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public uint EmcHit() => _emc.Lookup(_hitKeys, _flows);

    [Benchmark(OperationsPerInvoke = Batch)]
    public uint SmcHit() => _smc.Lookup(_hitKeys, _flows);

    [Benchmark(OperationsPerInvoke = Batch)]
    public uint MegaflowHit() => _dpcls.Lookup(_hitKeys, _flows);

    [Benchmark(OperationsPerInvoke = Batch)]
    public uint Miss() => _dpcls.Lookup(_missKeys, _flows);

    [Benchmark(OperationsPerInvoke = Batch)]
    public uint KeyFromFlow()
    {
        uint sum = 0;
        for (int k = 0; k < Batch; k++)
        {
            _scratchKeys[k].Init(_packets[k]);
            sum += _scratchKeys[k].Hash;
        }

        return sum;
    }

    private static (FlowData Key, FlowWildcards Mask) Megaflow(int m, int i)
    {
        int prefix = 16 + m;
        var key = default(FlowData);
        key.SetU32(FlowLayout.InPort, 1);
        key.SetU16(FlowLayout.DlType, 0x0800);
        key.SetU8(FlowLayout.NwProto, (byte)(m + 1));
        key.SetU32(FlowLayout.NwSrc, (uint)(i + 1) << (32 - prefix));
        var mask = default(FlowWildcards);
        mask.Masks.SetU32(FlowLayout.InPort, uint.MaxValue);
        mask.Masks.SetU16(FlowLayout.DlType, 0xffff);
        mask.Masks.SetU8(FlowLayout.NwProto, 0xff);
        mask.Masks.SetU32(FlowLayout.NwSrc, uint.MaxValue << (32 - prefix));
        if (m % 2 == 1)
        {
            key.SetU16(FlowLayout.TpDst, 443);
            mask.Masks.SetU16(FlowLayout.TpDst, 0xffff);
        }

        return (key, mask);
    }
}
