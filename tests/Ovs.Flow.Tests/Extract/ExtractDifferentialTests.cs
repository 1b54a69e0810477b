// FlowExtractor against ReferenceParser on generated packets: well-formed frames of every protocol, the same
// frames truncated at random lengths, frames with random bytes changed, pure garbage, and non-Ethernet packet
// types. Key and layer offsets must be identical.
using Ovs.Flow.Extract;

namespace Ovs.Flow.Tests.Extract;

public sealed class ExtractDifferentialTests
{
    private static void Compare(byte[] frame, in PacketMetadata md, List<string> failures)
    {
        FlowData actual = default;
        LayerOffsets offsets = default;
        FlowExtractor.Extract(frame, in md, ref actual, ref offsets);
        (FlowData expected, LayerOffsets expectedOffsets) = ReferenceParser.Parse(frame, md);
        if (actual != expected || !offsets.Equals(expectedOffsets))
        {
            ReadOnlySpan<byte> a = actual.ReadOnlyBytes, e = expected.ReadOnlyBytes;
            var differ = new List<int>();
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != e[i])
                {
                    differ.Add(i);
                }
            }

            failures.Add($"packet_type={md.PacketType:x} {Convert.ToHexString(frame)}: bytes differ at [{string.Join(",", differ)}]; "
                + $"offsets {Describe(offsets)} vs reference {Describe(expectedOffsets)}");
        }
    }

    private static string Describe(LayerOffsets o) => $"l2={o.L2} l2.5={o.L2_5} l3={o.L3} l4={o.L4} pad={o.L2PadSize}";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatchesReferenceOnGeneratedPackets(int seed)
    {
        var gen = new RandomPackets(seed);
        var failures = new List<string>();
        PacketMetadata plain = PacketMetadata.ForPort(1);
        for (int i = 0; i < 4000; i++)
        {
            byte[] frame = gen.Frame();
            Compare(frame, in plain, failures);
            Compare(gen.Truncate(frame), in plain, failures);
            Compare(gen.Corrupt(frame), in plain, failures);
            PacketMetadata md = gen.Metadata();
            Compare(frame, in md, failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void MatchesReferenceOnGarbage()
    {
        var gen = new RandomPackets(42);
        var failures = new List<string>();
        PacketMetadata md = default;
        for (int i = 0; i < 5000; i++)
        {
            Compare(gen.Bytes(gen.Random.Next(0, 120)), in md, failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences:\n" + string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public void MatchesReferenceOnLayer3PacketTypes()
    {
        var gen = new RandomPackets(7);
        var failures = new List<string>();
        for (int i = 0; i < 2000; i++)
        {
            // (1, type) is the Ethernet-type namespace; the extractor takes the lower half whatever the namespace.
            (uint type, byte[] data) = gen.Random.Next(5) switch
            {
                0 => (0x10800u, gen.Ipv4Packet()),
                1 => (0x186ddu, gen.Ipv6Packet()),
                2 => (0x18847u, gen.MplsPacket()),
                3 => (0x1894fu, gen.NshPacket()),
                _ => ((uint)gen.Random.Next(1, int.MaxValue), gen.Bytes(gen.Random.Next(80))),
            };
            var md = new PacketMetadata { PacketType = type, InPort = 5 };
            Compare(data, in md, failures);
            Compare(gen.Truncate(data), in md, failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} differences:\n" + string.Join("\n", failures.Take(10)));
    }
}
