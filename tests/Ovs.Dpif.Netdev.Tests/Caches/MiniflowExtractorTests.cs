// MiniflowExtractor against the full path it short-cuts: FlowExtractor.Extract then NetdevFlowKey.Init, on generated
// Ethernet frames (IPv4 with every header field varied, options, fragments, truncation, padding, other protocols and
// Ethernet types) and metadata; whenever the fast parser accepts a packet, key, hash, offsets and TCP flags must be
// the full path's, word for word.
using System.Buffers.Binary;
using Ovs.Dpif.Netdev.Caches;
using Ovs.Flow;
using Ovs.Flow.Extract;

namespace Ovs.Dpif.Netdev.Tests.Caches;

public sealed class MiniflowExtractorTests
{
    private static readonly byte[] s_protocols = [6, 6, 6, 17, 17, 17, 132, 1, 1, 2, 58, 47, 0, 255];

    [Fact]
    public void AgreesWithTheFullExtractionOnGeneratedPackets()
    {
        var random = new Random(6);
        int accepted = 0;
        const int Count = 20_000;
        for (int n = 0; n < Count; n++)
        {
            byte[] frame = RandomFrame(random);
            PacketMetadata md = RandomMetadata(random);
            accepted += Compare(frame, md, $"packet {n}: {Convert.ToHexString(frame)}") ? 1 : 0;
        }

        // The generator aims most packets at the fast subset; a parser that gave up on everything would fail here.
        Assert.InRange(accepted, Count / 4, Count);
    }

    [Theory]
    [InlineData(6, 5, 0x0000, 0)]
    [InlineData(17, 5, 0x4000, 0)]
    [InlineData(132, 5, 0x0000, 0)]
    [InlineData(1, 5, 0x0000, 0)]
    [InlineData(47, 5, 0x0000, 0)]
    [InlineData(6, 8, 0x0000, 6)]
    [InlineData(17, 5, 0x2000, 0)]
    [InlineData(6, 5, 0x0010, 0)]
    public void AcceptsCommonIpv4Packets(byte protocol, int ihl, ushort fragment, int padding)
    {
        byte[] frame = Ipv4Frame(protocol, ihl, fragment, payload: 32, padding, new Random(ihl + protocol));
        PacketMetadata md = PacketMetadata.ForPort(3);
        md.RecircId = 7;
        md.PktMark = 0x10203040;
        Assert.True(Compare(frame, md, Convert.ToHexString(frame)));
    }

    [Fact]
    public void LeavesOtherPacketsToTheFullExtractor()
    {
        var random = new Random(2);
        byte[] ipv4 = Ipv4Frame(6, 5, 0, 32, 0, random);
        byte[] vlan = [.. ipv4[..12], 0x81, 0x00, 0x00, 0x05, .. ipv4[12..]];
        byte[] arp = (byte[])ipv4.Clone();
        arp[13] = 0x06;
        byte[] igmp = Ipv4Frame(2, 5, 0, 32, 0, random);
        PacketMetadata md = PacketMetadata.ForPort(1);
        Assert.False(Compare(vlan, md, "vlan"));
        Assert.False(Compare(arp, md, "arp"));
        Assert.False(Compare(igmp, md, "igmp"));
        Assert.False(Compare(ipv4[..20], md, "truncated"));
        PacketMetadata ct = md;
        ct.CtState = 0x21;
        Assert.False(Compare(ipv4, ct, "conntrack"));
        PacketMetadata tunnel = md;
        tunnel.TunDst = 0x0a000001;
        Assert.False(Compare(ipv4, tunnel, "tunnel"));
    }

    // Runs both paths; when the fast one accepts, asserts they agree. Returns whether it accepted.
    private static bool Compare(byte[] frame, in PacketMetadata md, string what)
    {
        var flow = default(FlowData);
        LayerOffsets expectedOffsets = default;
        FlowExtractor.Extract(frame, md, ref flow, ref expectedOffsets);
        NetdevFlowKey expected = NetdevFlowKey.FromFlow(flow);

        var key = default(NetdevFlowKey);
        key.Push(3, 0x1234); // stale content the extractor must replace
        LayerOffsets offsets = default;
        if (!MiniflowExtractor.TryExtract(frame, md, ref key, ref offsets, out ushort tcpFlags))
        {
            return false;
        }

        Assert.True(expected.Map0 == key.Map0 && expected.Map1 == key.Map1, what);
        Assert.True(expected.Values.SequenceEqual(key.Values), what);
        Assert.True(expected.Hash == key.Hash && key.SameAs(expected), what);
        Assert.True(expectedOffsets.Equals(offsets), what);
        Assert.True((ushort)(flow.U16(FlowLayout.TcpFlags) & 0x0fff) == tcpFlags, what);
        Assert.Equal(flow, key.ToFlow());
        return true;
    }

    private static PacketMetadata RandomMetadata(Random random)
    {
        PacketMetadata md = PacketMetadata.ForPort(Maybe(random, (ushort)random.Next(1, 65536)));
        md.RecircId = Maybe(random, (uint)random.NextInt64(1, 1L << 32));
        md.DpHash = Maybe(random, (uint)random.NextInt64(1, 1L << 32));
        md.SkbPriority = Maybe(random, (uint)random.NextInt64(1, 1L << 32));
        md.PktMark = Maybe(random, (uint)random.NextInt64(1, 1L << 32));
        switch (random.Next(20))
        {
            case 0:
                md.CtState = 0x21;
                break;
            case 1:
                md.TunDst = 0x0a000002;
                break;
            case 2:
                md.PacketType = 0x10800;
                break;
        }

        return md;
    }

    private static T Maybe<T>(Random random, T value)
        where T : struct => random.Next(2) == 0 ? default : value;

    private static byte[] RandomFrame(Random random)
    {
        byte protocol = random.Next(8) == 0 ? (byte)random.Next(256) : s_protocols[random.Next(s_protocols.Length)];
        int ihl = random.Next(6) switch { 0 => random.Next(16), 1 => 6 + random.Next(10), _ => 5 };
        ushort fragment = random.Next(4) switch
        {
            0 => 0x4000,
            1 => (ushort)random.Next(65536),
            2 => 0x2000,
            _ => 0,
        };
        byte[] frame = Ipv4Frame(protocol, ihl, fragment, random.Next(0, 48), random.Next(3) == 0 ? random.Next(1, 20) : 0, random);
        switch (random.Next(10))
        {
            case 0:
                // A wrong total length, shorter or longer than the datagram.
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)random.Next(0, frame.Length + 10));
                break;
            case 1:
                // Truncated anywhere.
                return frame[..random.Next(0, frame.Length)];
            case 2:
                // Another Ethernet type.
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), random.Next(3) switch { 0 => 0x86dd, 1 => 0x8100, _ => (ushort)random.Next(65536) });
                break;
            case 3:
                // TCP data offset and UDP length anything.
                if (frame.Length > 14 + (ihl * 4) + 12)
                {
                    frame[14 + (ihl * 4) + 12] = (byte)random.Next(256);
                }

                break;
        }

        return frame;
    }

    // An Ethernet + IPv4 frame: ihl * 4 bytes of header (random options), payload bytes of random L4, padding after.
    private static byte[] Ipv4Frame(byte protocol, int ihl, ushort fragment, int payload, int padding, Random random)
    {
        int header = Math.Max(ihl * 4, 20);
        byte[] frame = new byte[14 + header + payload + padding];
        random.NextBytes(frame.AsSpan(0, 12));
        if (random.Next(4) == 0)
        {
            frame.AsSpan(0, 12).Clear();
        }

        frame[12] = 0x08;
        Span<byte> ip = frame.AsSpan(14);
        random.NextBytes(ip[..(header + payload)]);
        ip[0] = (byte)(0x40 | (ihl & 0x0f));
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(header + payload));
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], fragment);
        ip[9] = protocol;
        if (random.Next(5) == 0)
        {
            ip[1] = 0;
            ip[8] = 0;
            ip[12..20].Clear();
        }

        if (protocol == 6 && payload >= 20 && random.Next(3) != 0)
        {
            // A sane data offset most of the time.
            ip[header + 12] = (byte)((5 + random.Next(0, (payload / 4) - 4)) << 4 | (ip[header + 12] & 0x0f));
        }

        return frame;
    }
}
