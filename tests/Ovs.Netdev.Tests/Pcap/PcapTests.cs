using System.Buffers.Binary;
using System.Diagnostics;
using Ovs.Common;
using Ovs.Netdev.Pcap;

namespace Ovs.Netdev.Tests.Pcap;

public sealed class PcapTests
{
    [Fact]
    public void WriterProducesUpstreamsGlobalAndRecordHeaders()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.pcap");
        var time = new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        Assert.Equal(0, PcapWriter.Open(path, append: true, time, out PcapWriter? writer));
        using (writer)
        {
            writer!.Write(Frames.Make(60, 1));
        }

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(24 + 16 + 60, bytes.Length);
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(1518u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(20)));
        Assert.Equal(1_700_000_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(123_000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal(60u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(60u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(36)));
    }

    [Fact]
    public void AppendingKeepsOneGlobalHeaderAndRoundTrips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("b.pcap");
        var frames = new List<byte[]> { Frames.Make(60, 1), Frames.Make(1514, 2), Frames.Make(14, 3) };
        for (int i = 0; i < frames.Count; i++)
        {
            // Each open appends, as a restarted dummy device does.
            Assert.Equal(0, PcapWriter.Open(path, append: true, null, out PcapWriter? writer));
            using (writer)
            {
                writer!.Write(frames[i]);
            }
        }

        Assert.Equal(0, PcapReader.Open(path, out PcapReader? reader, out _));
        using (reader)
        {
            foreach (byte[] expected in frames)
            {
                Assert.Equal(0, reader!.Read(out byte[]? frame, out _, out _));
                Assert.Equal(expected, frame);
            }

            Assert.Equal(OvsErrno.EOF, reader!.Read(out _, out _, out _));
        }
    }

    [Fact]
    public void DebianOvsPcapReadsWhatWeWrite()
    {
        const string tool = "/usr/bin/ovs-pcap";
        if (!File.Exists(tool))
        {
            return;
        }

        using var dir = new TempDirectory();
        string path = dir.File("c.pcap");
        byte[][] frames = [Frames.Make(60, 10), Frames.Make(100, 11)];
        Assert.Equal(0, PcapWriter.Open(path, append: false, null, out PcapWriter? writer));
        using (writer)
        {
            foreach (byte[] f in frames)
            {
                writer!.Write(f);
            }
        }

        var start = new ProcessStartInfo(tool, path) { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(0, process.ExitCode);
        string expected = string.Concat(frames.Select(f => Convert.ToHexStringLower(f) + "\n"));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void ReaderAcceptsByteSwappedAndNanosecondFiles()
    {
        byte[] frame = Frames.Make(20, 4);
        var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32BigEndian(header, 0xa1b23c4d);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32BigEndian(header[20..], 1);
        stream.Write(header);
        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(record, 5);
        BinaryPrimitives.WriteUInt32BigEndian(record[4..], 7_000_000);
        BinaryPrimitives.WriteUInt32BigEndian(record[8..], 20);
        BinaryPrimitives.WriteUInt32BigEndian(record[12..], 20);
        stream.Write(record);
        stream.Write(frame);
        stream.Position = 0;

        Assert.Equal(0, PcapReader.FromStream(stream, out PcapReader? reader, out _));
        Assert.Equal(0, reader!.Read(out byte[]? read, out long when, out _));
        Assert.Equal(frame, read);
        Assert.Equal(5007, when);
    }

    [Fact]
    public void ReaderTurnsLinuxCookedRecordsIntoEthernet()
    {
        var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 113);
        stream.Write(header);
        byte[] sll = new byte[16 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(4), 6);
        sll.AsSpan(6, 6).Fill(0xab);
        BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(14), 0x0800);
        sll.AsSpan(16).Fill(0x55);
        Span<byte> record = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)sll.Length);
        stream.Write(record);
        stream.Write(sll);
        stream.Position = 0;

        Assert.Equal(0, PcapReader.FromStream(stream, out PcapReader? reader, out _));
        Assert.Equal(0, reader!.Read(out byte[]? frame, out _, out _));
        Assert.Equal("000000000000abababababab080055555555", Convert.ToHexStringLower(frame!));
    }

    [Theory]
    [InlineData("", "failed to read pcap header: End of file")]
    [InlineData("0102030400000000000000000000000000000000000000000000", "bad magic 0x04030201 reading pcap file (expected 0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, or 0x4d3cb2a1)")]
    [InlineData("d4c3b2a10200040000000000000000000000010007000000", "unknown network type 7 reading pcap file")]
    public void ReaderRejectsBadGlobalHeaders(string hex, string error)
    {
        Assert.NotEqual(0, PcapReader.FromStream(new MemoryStream(Convert.FromHexString(hex)), out PcapReader? reader, out string? message));
        Assert.Null(reader);
        Assert.Equal(error, message);
    }

    [Fact]
    public void ReaderRejectsOverlongAndTruncatedRecords()
    {
        byte[] header = Convert.FromHexString("d4c3b2a10200040000000000000000000000010001000000");
        byte[] overlong = [.. header, .. Convert.FromHexString("00000000000000000000010000000100")];
        Assert.Equal(0, PcapReader.FromStream(new MemoryStream(overlong), out PcapReader? reader, out _));
        Assert.Equal(OvsErrno.EPROTO, reader!.Read(out _, out _, out string? error));
        Assert.Equal("bad packet length 65536 reading pcap file", error);

        byte[] truncated = [.. header, .. Convert.FromHexString("000000000000000020000000200000000102")];
        Assert.Equal(0, PcapReader.FromStream(new MemoryStream(truncated), out reader, out _));
        Assert.Equal(OvsErrno.EOF, reader!.Read(out _, out _, out error));
        Assert.Equal("failed to read pcap packet: End of file", error);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
