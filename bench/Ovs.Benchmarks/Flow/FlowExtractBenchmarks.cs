// Upstream counterpart: the cost of miniflow_extract() per packet, as the userspace datapath pays it for every
// packet that misses no cache (OVS measures it with `ovs-appctl dpif-netdev/pmd-perf-show`).
// Extraction of minimal 64-byte frames (Ethernet + IPv4 + TCP or UDP, padded as on the wire), plus an IPv6/TCP
// and an 802.1Q-tagged frame for comparison. [MemoryDiagnoser] must show 0 B allocated.
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Ovs.Flow;
using Ovs.Flow.Extract;

namespace Ovs.Benchmarks.Flow;

[MemoryDiagnoser]
public class FlowExtractBenchmarks
{
    private readonly byte[] _tcp = Frame(ipv6: false, proto: 6, vlan: false);
    private readonly byte[] _udp = Frame(ipv6: false, proto: 17, vlan: false);
    private readonly byte[] _tcp6 = Frame(ipv6: true, proto: 6, vlan: false);
    private readonly byte[] _vlanUdp = Frame(ipv6: false, proto: 17, vlan: true);
    private PacketMetadata _md = PacketMetadata.ForPort(1);
    private FlowData _flow;
    private LayerOffsets _offsets;

    [Benchmark(Baseline = true)]
    public ushort Tcp64()
    {
        FlowExtractor.Extract(_tcp, in _md, ref _flow, ref _offsets);
        return _offsets.L4;
    }

    [Benchmark]
    public ushort Udp64()
    {
        FlowExtractor.Extract(_udp, in _md, ref _flow, ref _offsets);
        return _offsets.L4;
    }

    [Benchmark]
    public ushort Tcp6()
    {
        FlowExtractor.Extract(_tcp6, in _md, ref _flow, ref _offsets);
        return _offsets.L4;
    }

    [Benchmark]
    public ushort VlanUdp64()
    {
        FlowExtractor.Extract(_vlanUdp, in _md, ref _flow, ref _offsets);
        return _offsets.L4;
    }

    // Frames are built by hand here (not with FlowComposer) so the benchmark measures only extraction.
    private static byte[] Frame(bool ipv6, byte proto, bool vlan)
    {
        var b = new List<byte>();
        b.AddRange([0x50, 0x54, 0, 0, 0, 2, 0x50, 0x54, 0, 0, 0, 1]);
        if (vlan)
        {
            b.AddRange([0x81, 0x00, 0x20, 0x0a]);
        }

        int l4Size = proto == 6 ? 20 : 8;
        byte[] l4 = new byte[l4Size];
        BinaryPrimitives.WriteUInt16BigEndian(l4, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), proto == 6 ? (ushort)80 : (ushort)53);
        if (proto == 6)
        {
            BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(12), 0x5010);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(4), 8);
        }

        if (ipv6)
        {
            b.AddRange([0x86, 0xdd, 0x60, 0, 0, 0, 0, (byte)l4Size, proto, 64]);
            b.AddRange(new byte[15]);
            b.Add(1);
            b.AddRange(new byte[15]);
            b.Add(2);
        }
        else
        {
            b.AddRange([0x08, 0x00, 0x45, 0, 0, (byte)(20 + l4Size), 0, 0, 0x40, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
        }

        b.AddRange(l4);
        while (b.Count < 64)
        {
            b.Add(0);
        }

        return [.. b];
    }
}
