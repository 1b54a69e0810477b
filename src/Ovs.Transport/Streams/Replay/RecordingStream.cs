// Upstream: lib/stream-replay.c, stream_replay_write() (OVS 3.1)
//
// Passes reads and writes through to the real stream and records their outcomes for --replay: the read file gets
// one record per read (the bytes read; none at end of file; an errno for a failed read), the write file one per
// write (0 or the errno). Record layout: a 32-bit little-endian count (>= 0: that many bytes follow; < 0: minus
// the errno), then the bytes. One reader and one writer may run concurrently; each has its own file.
using System.Buffers.Binary;

namespace Ovs.Transport.Streams.Replay;

internal sealed class RecordingStream : Stream
{
    private readonly FileStream _reads;
    private readonly FileStream _writes;

    public RecordingStream(Stream inner, string path)
    {
        Inner = inner;
        _reads = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _writes = new FileStream(path + ReplayStream.WriteSuffix, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The real stream.</summary>
    public Stream Inner { get; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            Append(_reads, -Errno.FromException(ex), default);
            throw;
        }

        Append(_reads, count, buffer.Span[..count]);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            Append(_writes, -Errno.FromException(ex), default);
            throw;
        }

        Append(_writes, 0, default);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush() => Inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await Inner.DisposeAsync().ConfigureAwait(false);
        await _reads.DisposeAsync().ConfigureAwait(false);
        await _writes.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
            _reads.Dispose();
            _writes.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void Append(FileStream file, int count, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, count);
        lock (file)
        {
            file.Write(header);
            file.Write(data);
            file.Flush();
        }
    }
}
