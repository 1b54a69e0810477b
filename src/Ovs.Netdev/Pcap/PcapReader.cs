// Upstream: ovs_pcap_read_header() and ovs_pcap_read() in lib/pcap-file.c (OVS 3.1)
//
// Reads classic libpcap files in either byte order and with microsecond (a1b2c3d4) or nanosecond (a1b23c4d)
// timestamps. Link types Ethernet (1) and Linux cooked capture (113) are accepted; a cooked record is turned back
// into an Ethernet frame with a zero destination address, since that format does not keep it. Errors follow
// upstream: a bad magic or link type, an over-long record or a short SLL header is EPROTO, a clean end is EOF,
// and a record cut short by the end of the file is EOF too. Not thread-safe.
using System.Buffers.Binary;

namespace Ovs.Netdev.Pcap;

internal sealed class PcapReader : IDisposable
{
    public const uint LinkTypeLinuxSll = 113;
    private const int SllHeaderSize = 16;

    private readonly Stream _stream;
    private readonly bool _swap;
    private readonly bool _nanoseconds;
    private readonly byte[] _recordHeader = new byte[16];

    private PcapReader(Stream stream, bool swap, bool nanoseconds, uint linkType, uint snapLength)
    {
        _stream = stream;
        _swap = swap;
        _nanoseconds = nanoseconds;
        LinkType = linkType;
        SnapLength = snapLength;
    }

    public uint LinkType { get; }

    public uint SnapLength { get; }

    /// <summary>Opens <paramref name="path"/>; 0, an errno from opening, or EPROTO/EOF for a bad header.</summary>
    public static int Open(string path, out PcapReader? reader, out string? error)
    {
        reader = null;
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"{path}: failed to open pcap file for reading ({ex.Message})";
            return ex is FileNotFoundException or DirectoryNotFoundException ? Common.OvsErrno.ENOENT : Common.OvsErrno.EIO;
        }

        int result = FromStream(file, out reader, out error);
        if (result != 0)
        {
            file.Dispose();
        }

        return result;
    }

    /// <summary>Reads the global header from <paramref name="stream"/>, which the reader then owns.</summary>
    public static int FromStream(Stream stream, out PcapReader? reader, out string? error)
    {
        reader = null;
        Span<byte> header = stackalloc byte[24];
        if (!ReadFully(stream, header))
        {
            error = "failed to read pcap header: End of file";
            return Common.OvsErrno.EOF;
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(header);
        bool swap;
        bool nanoseconds;
        switch (magic)
        {
            case 0xa1b2c3d4: swap = false; nanoseconds = false; break;
            case 0xd4c3b2a1: swap = true; nanoseconds = false; break;
            case 0xa1b23c4d: swap = false; nanoseconds = true; break;
            case 0x4d3cb2a1: swap = true; nanoseconds = true; break;
            default:
                error = $"bad magic 0x{magic:x8} reading pcap file (expected 0xa1b2c3d4, 0xa1b23c4d, 0xd4c3b2a1, or 0x4d3cb2a1)";
                return Common.OvsErrno.EPROTO;
        }

        uint snapLength = Read32(header[16..], swap);
        uint linkType = Read32(header[20..], swap);
        if (linkType != PcapWriter.LinkTypeEthernet && linkType != LinkTypeLinuxSll)
        {
            error = $"unknown network type {linkType} reading pcap file";
            return Common.OvsErrno.EPROTO;
        }

        error = null;
        reader = new PcapReader(stream, swap, nanoseconds, linkType, snapLength);
        return 0;
    }

    /// <summary>
    /// Reads the next record: 0 with the frame and its time in milliseconds since the epoch, EOF at the end, or
    /// EPROTO for a malformed record (with <paramref name="error"/> saying why).
    /// </summary>
    public int Read(out byte[]? frame, out long whenMilliseconds, out string? error)
    {
        frame = null;
        whenMilliseconds = 0;
        error = null;
        if (!ReadFully(_stream, _recordHeader))
        {
            return Common.OvsErrno.EOF;
        }

        uint seconds = Read32(_recordHeader, _swap);
        uint fraction = Read32(_recordHeader.AsSpan(4), _swap);
        uint length = Read32(_recordHeader.AsSpan(8), _swap);
        if (length > 0xffff)
        {
            error = $"bad packet length {length} reading pcap file";
            return Common.OvsErrno.EPROTO;
        }

        whenMilliseconds = (seconds * 1000L) + (_nanoseconds ? fraction / 1_000_000 : fraction / 1000);
        byte[] data = new byte[length];
        if (!ReadFully(_stream, data))
        {
            error = "failed to read pcap packet: End of file";
            return Common.OvsErrno.EOF;
        }

        if (LinkType == LinkTypeLinuxSll)
        {
            return FromSll(data, out frame, out error);
        }

        frame = data;
        return 0;
    }

    // Linux cooked header: packet type, ARPHRD type, address length, 8 address bytes, protocol.
    private static int FromSll(byte[] data, out byte[]? frame, out string? error)
    {
        frame = null;
        if (data.Length < SllHeaderSize)
        {
            error = "pcap packet too short for SLL header";
            return Common.OvsErrno.EPROTO;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(4)) != 6)
        {
            error = "bad SLL header";
            return Common.OvsErrno.EPROTO;
        }

        byte[] ethernet = new byte[data.Length - SllHeaderSize + 14];
        data.AsSpan(6, 6).CopyTo(ethernet.AsSpan(6));
        data.AsSpan(14, 2).CopyTo(ethernet.AsSpan(12));
        data.AsSpan(SllHeaderSize).CopyTo(ethernet.AsSpan(14));
        frame = ethernet;
        error = null;
        return 0;
    }

    private static uint Read32(ReadOnlySpan<byte> source, bool swap)
    {
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(source);
        return swap ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    private static bool ReadFully(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
