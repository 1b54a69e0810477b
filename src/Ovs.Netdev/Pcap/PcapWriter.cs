// Upstream: ovs_pcap_open(), ovs_pcap_write_header() and ovs_pcap_write() in lib/pcap-file.c (OVS 3.1)
//
// Writes classic libpcap files the way upstream does: a global header in host byte order with magic a1b2c3d4,
// version 2.4, snaplen 1518 and link type 1 (Ethernet), then per frame a 16-byte record header (seconds,
// microseconds, captured and original length, both the full frame) followed by the frame. Opening for append
// writes the global header only when the file is empty, so several devices (or restarts) can share one capture.
// Every record is flushed at once, as upstream does, so tests can read the file while the writer stays open.
// Not thread-safe: callers serialise writes (the dummy device holds its lock).
using System.Runtime.InteropServices;

namespace Ovs.Netdev.Pcap;

internal sealed class PcapWriter : IDisposable
{
    public const uint MagicMicroseconds = 0xa1b2c3d4;
    public const uint LinkTypeEthernet = 1;
    public const uint SnapLength = 1518;

    private readonly FileStream _file;
    private readonly TimeProvider _time;
    private readonly byte[] _recordHeader = new byte[16];

    private PcapWriter(FileStream file, TimeProvider time)
    {
        _file = file;
        _time = time;
    }

    public string Path => _file.Name;

    /// <summary>Opens <paramref name="path"/> for appending ("ab"), or truncates it first ("wb"); 0 or an errno.</summary>
    public static int Open(string path, bool append, TimeProvider? time, out PcapWriter? writer)
    {
        writer = null;
        FileStream file;
        try
        {
            file = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex is UnauthorizedAccessException ? Common.OvsErrno.EACCES
                : ex is DirectoryNotFoundException or FileNotFoundException ? Common.OvsErrno.ENOENT
                : Common.OvsErrno.EIO;
        }

        writer = new PcapWriter(file, time ?? TimeProvider.System);
        if (file.Length == 0)
        {
            writer.WriteGlobalHeader();
        }

        return 0;
    }

    private void WriteGlobalHeader()
    {
        Span<byte> header = stackalloc byte[24];
        WriteHost32(header, MagicMicroseconds);
        MemoryMarshal.Write(header[4..], (ushort)2);
        MemoryMarshal.Write(header[6..], (ushort)4);
        WriteHost32(header[8..], 0);
        WriteHost32(header[12..], 0);
        WriteHost32(header[16..], SnapLength);
        WriteHost32(header[20..], LinkTypeEthernet);
        _file.Write(header);
        _file.Flush();
    }

    /// <summary>Appends one frame with the current time.</summary>
    public void Write(ReadOnlySpan<byte> frame)
    {
        long micros = (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        Span<byte> header = _recordHeader;
        WriteHost32(header, (uint)(micros / 1_000_000));
        WriteHost32(header[4..], (uint)(micros % 1_000_000));
        WriteHost32(header[8..], (uint)frame.Length);
        WriteHost32(header[12..], (uint)frame.Length);
        _file.Write(header);
        _file.Write(frame);
        _file.Flush();
    }

    // Upstream writes its structs as they lie in memory, so the file is in the writer's byte order; readers detect it
    // from the magic number.
    private static void WriteHost32(Span<byte> destination, uint value) => MemoryMarshal.Write(destination, value);

    public void Dispose() => _file.Dispose();
}
