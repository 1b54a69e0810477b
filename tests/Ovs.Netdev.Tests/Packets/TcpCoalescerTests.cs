using System.Buffers.Binary;
using Ovs.Netdev.Packets;

namespace Ovs.Netdev.Tests.Packets;

public sealed class TcpCoalescerTests
{
    private const int Mss = 1448;

    public static TheoryData<bool, int, bool> Layouts()
    {
        var data = new TheoryData<bool, int, bool>();
        foreach (bool ipv6 in new[] { false, true })
        {
            foreach (int tags in new[] { 0, 1, 2 })
            {
                data.Add(ipv6, tags, true);
                data.Add(ipv6, tags, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void SegmentingTheSuperFrameGivesBackTheFramesByteForByte(bool ipv6, int tags, bool options)
    {
        var stream = new TcpStream { Ipv6 = ipv6, VlanTags = tags, Options = options ? [1, 1, 8, 10, 0, 0, 1, 0, 0, 0, 2, 0] : [] };
        var frames = new List<byte[]>();
        for (int i = 0; i < 9; i++)
        {
            frames.Add(stream.Next(Mss));
        }

        frames.Add(stream.Next(100, flags: 0x18));

        (byte[] super, TcpCoalescer run) = Coalesce(frames, DpPacketOffloads.None);

        Assert.Equal(frames.Count, run.Segments);
        Assert.Equal(Mss, run.SegmentSize);
        Assert.Equal(stream.L4Offset, run.L4Offset);
        Assert.Equal(stream.HeaderLength, run.HeaderLength);
        Assert.Equal(ipv6, run.IsIpv6);
        Assert.Equal(frames.Sum(f => f.Length) - ((frames.Count - 1) * stream.HeaderLength), super.Length);
        AssertSuperFrameHeaders(super, stream);
        List<byte[]> segments = TcpStream.Segment(super, stream.L3Offset, stream.HeaderLength, Mss, ipv6);
        Assert.Equal(frames.Count, segments.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal(frames[i], segments[i]);
        }
    }

    [Fact]
    public void ARunStopsBeforeTheFrameWouldPass65535Bytes()
    {
        var stream = new TcpStream();
        var coalescer = default(TcpCoalescer);
        byte[] first = stream.Next(Mss);
        Assert.True(coalescer.TryStart(first, DpPacketOffloads.None));
        int joined = 1;
        while (coalescer.TryAppend(first, stream.Next(Mss), DpPacketOffloads.None))
        {
            joined++;
        }

        int frameLength = (joined * Mss) + stream.HeaderLength;
        Assert.True(frameLength <= TcpCoalescer.MaxFrameLength);
        Assert.True(frameLength + Mss > TcpCoalescer.MaxFrameLength);
        Assert.Equal(45, joined);
    }

    [Fact]
    public void OnlyAPlainAckDataSegmentStartsARun()
    {
        var stream = new TcpStream();
        var coalescer = default(TcpCoalescer);
        Assert.True(coalescer.TryStart(stream.Next(Mss), DpPacketOffloads.None));
        foreach (byte flags in new byte[] { 0x18, 0x02, 0x12, 0x11, 0x14, 0x30, 0x50, 0x90 })
        {
            Assert.False(coalescer.TryStart(stream.Next(Mss, flags), DpPacketOffloads.None), $"flags {flags:x2}");
            Assert.False(coalescer.IsOpen);
        }

        Assert.False(coalescer.TryStart(stream.Next(0), DpPacketOffloads.None));
        Assert.False(coalescer.TryStart(stream.Next(Mss), DpPacketOffloads.TxTcpSegmentation | DpPacketOffloads.TxIpv4));
        Assert.False(coalescer.TryStart(stream.Next(Mss), DpPacketOffloads.RxL4ChecksumBad));
        Assert.False(coalescer.TryStart(stream.Next(Mss), DpPacketOffloads.RxIpChecksumBad));
    }

    [Fact]
    public void IpOptionsFragmentsPaddingAndOtherProtocolsStartNoRun()
    {
        var stream = new TcpStream();
        var coalescer = default(TcpCoalescer);
        int l3 = stream.L3Offset;

        byte[] moreFragments = stream.Next(Mss);
        moreFragments[l3 + 6] = 0x20;
        TcpStream.FixChecksums(moreFragments, l3, stream.L4Offset, ipv6: false);
        Assert.False(coalescer.TryStart(moreFragments, DpPacketOffloads.None));

        byte[] padded = [.. stream.Next(Mss), 0, 0];
        Assert.False(coalescer.TryStart(padded, DpPacketOffloads.None));

        byte[] badHeaderChecksum = stream.Next(Mss);
        badHeaderChecksum[l3 + 10] ^= 1;
        Assert.False(coalescer.TryStart(badHeaderChecksum, DpPacketOffloads.None));

        byte[] ipOptions = stream.Next(Mss);
        ipOptions[l3] = 0x46;
        Assert.False(coalescer.TryStart(ipOptions, DpPacketOffloads.None));

        byte[] udp = stream.Next(Mss);
        udp[l3 + 9] = 17;
        TcpStream.FixChecksums(udp, l3, stream.L4Offset, ipv6: false);
        Assert.False(coalescer.TryStart(udp, DpPacketOffloads.None));

        Assert.False(coalescer.TryStart(stream.Next(Mss).AsSpan(0, 13), DpPacketOffloads.None));
        Assert.False(coalescer.TryStart(stream.Next(Mss).AsSpan(0, stream.L4Offset + 10), DpPacketOffloads.None));
    }

    public static TheoryData<string> Mismatches() =>
        ["ttl", "window", "ack", "options", "sequence gap", "ip id", "larger payload", "syn", "fin", "rst", "urg", "ece",
            "bad checksum", "device says bad", "tso request", "other port", "pure ack"];

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void AFrameSegmentationWouldNotGiveBackDoesNotJoin(string change)
    {
        var stream = new TcpStream();
        byte[] first = stream.Next(Mss);
        var coalescer = default(TcpCoalescer);
        Assert.True(coalescer.TryStart(first, DpPacketOffloads.None));
        int l3 = stream.L3Offset;
        int l4 = stream.L4Offset;
        DpPacketOffloads offloads = DpPacketOffloads.None;
        byte[] next;
        switch (change)
        {
            case "ttl": stream.Ttl = 63; next = stream.Next(Mss); break;
            case "window": stream.Window = 503; next = stream.Next(Mss); break;
            case "ack": stream.Ack++; next = stream.Next(Mss); break;
            case "options": next = stream.Next(Mss); next[l4 + 27] = 9; TcpStream.FixChecksums(next, l3, l4, false); break;
            case "sequence gap": stream.Next(Mss); next = stream.Next(Mss); break;
            case "ip id": next = stream.Next(Mss); next[l3 + 5]++; TcpStream.FixChecksums(next, l3, l4, false); break;
            case "larger payload": next = stream.Next(Mss + 1); break;
            case "syn": next = stream.Next(Mss, 0x12); break;
            case "fin": next = stream.Next(Mss, 0x11); break;
            case "rst": next = stream.Next(Mss, 0x14); break;
            case "urg": next = stream.Next(Mss, 0x30); break;
            case "ece": next = stream.Next(Mss, 0x50); break;
            case "bad checksum": next = stream.Next(Mss); next[^1] ^= 0x40; break;
            case "device says bad": next = stream.Next(Mss); offloads = DpPacketOffloads.RxL4ChecksumBad; break;
            case "tso request": next = stream.Next(Mss); offloads = DpPacketOffloads.TxTcpSegmentation; break;
            case "other port":
                next = stream.Next(Mss);
                BinaryPrimitives.WriteUInt16BigEndian(next.AsSpan(l4), 40001);
                TcpStream.FixChecksums(next, l3, l4, false);
                break;
            case "pure ack": next = stream.Next(0); break;
            default: throw new ArgumentException(change);
        }

        Assert.False(coalescer.TryAppend(first, next, offloads));
        Assert.Equal(1, coalescer.Segments);
        Assert.True(coalescer.IsOpen);
        Assert.Equal(change != "other port", coalescer.SameStream(first, next));
    }

    [Fact]
    public void NothingJoinsAfterAShortOrPushedSegment()
    {
        foreach ((int payload, byte flags) in new[] { (Mss - 1, (byte)0x10), (Mss, (byte)0x18) })
        {
            var stream = new TcpStream();
            byte[] first = stream.Next(Mss);
            var coalescer = default(TcpCoalescer);
            Assert.True(coalescer.TryStart(first, DpPacketOffloads.None));
            Assert.True(coalescer.TryAppend(first, stream.Next(payload, flags), DpPacketOffloads.None));
            Assert.False(coalescer.IsOpen);
            Assert.False(coalescer.TryAppend(first, stream.Next(Mss), DpPacketOffloads.None));
            Assert.Equal(2, coalescer.Segments);
        }
    }

    [Fact]
    public void TheFirstFramesChecksumIsCheckedWhenASecondJoins()
    {
        var stream = new TcpStream();
        byte[] first = stream.Next(Mss);
        byte[] second = stream.Next(Mss);
        first[^1] ^= 1;
        var coalescer = default(TcpCoalescer);
        Assert.True(coalescer.TryStart(first, DpPacketOffloads.None));
        Assert.False(coalescer.TryAppend(first, second, DpPacketOffloads.None));

        // A device that verified the checksums is believed, and a frame made on this host has none to check yet.
        Assert.True(coalescer.TryStart(first, DpPacketOffloads.RxL4ChecksumGood));
        byte[] partial = second;
        partial[stream.L4Offset + 16] ^= 0xff;
        Assert.True(coalescer.TryAppend(first, partial, DpPacketOffloads.L4ChecksumPartial));
    }

    [Fact]
    public void CloseEndsTheRun()
    {
        var stream = new TcpStream();
        byte[] first = stream.Next(Mss);
        var coalescer = default(TcpCoalescer);
        Assert.True(coalescer.TryStart(first, DpPacketOffloads.None));
        coalescer.Close();
        Assert.False(coalescer.IsOpen);
        Assert.False(coalescer.TryAppend(first, stream.Next(Mss), DpPacketOffloads.None));
    }

    internal static (byte[] Super, TcpCoalescer Run) Coalesce(IReadOnlyList<byte[]> frames, DpPacketOffloads offloads)
    {
        var coalescer = default(TcpCoalescer);
        Assert.True(coalescer.TryStart(frames[0], offloads));
        for (int i = 1; i < frames.Count; i++)
        {
            Assert.True(coalescer.TryAppend(frames[0], frames[i], offloads), $"frame {i} did not join");
        }

        byte[] head = (byte[])frames[0].Clone();
        coalescer.Finish(head);
        var super = new List<byte>(head);
        for (int i = 1; i < frames.Count; i++)
        {
            super.AddRange(frames[i].AsSpan(coalescer.HeaderLength).ToArray());
        }

        return ([.. super], coalescer);
    }

    // The super-frame's own headers: L3 length covering it all, a valid IPv4 header checksum, and a TCP checksum
    // field holding the pseudo-header sum, so that finishing it the NEEDS_CSUM way (sum from the TCP header on,
    // stored complemented) gives a checksum that holds.
    private static void AssertSuperFrameHeaders(byte[] super, TcpStream stream)
    {
        int l3 = stream.L3Offset;
        int l4 = stream.L4Offset;
        if (stream.Ipv6)
        {
            Assert.Equal(super.Length - l3 - 40, BinaryPrimitives.ReadUInt16BigEndian(super.AsSpan(l3 + 4)));
        }
        else
        {
            Assert.Equal(super.Length - l3, BinaryPrimitives.ReadUInt16BigEndian(super.AsSpan(l3 + 2)));
            Assert.Equal(0, TcpStream.Fold(TcpStream.Sum(super.AsSpan(l3, 20), 0)));
        }

        byte[] finished = (byte[])super.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(finished.AsSpan(l4 + 16), TcpStream.Fold(TcpStream.Sum(finished.AsSpan(l4), 0)));
        Assert.Equal(0, TcpStream.TcpChecksumResidue(finished, l3, l4, stream.Ipv6));
    }
}
