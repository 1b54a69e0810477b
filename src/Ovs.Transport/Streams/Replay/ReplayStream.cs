// Upstream: lib/stream-replay.c, the replay stream class (OVS 3.1)
//
// A stream made from a RecordingStream's files: each read returns the next recorded read (its bytes, end of file,
// or its error as an IOException carrying the errno), and each write succeeds or fails as the recorded one did;
// nothing reaches a socket. When the recorded reads run out the stream behaves like a quiet open connection: a
// read waits until it is cancelled or the stream is disposed.
using System.Buffers.Binary;

namespace Ovs.Transport.Streams.Replay;

internal sealed class ReplayStream : Stream
{
    /// <summary>The suffix of the file with the write outcomes, next to the file with the reads.</summary>
    public const string WriteSuffix = ".w";

    private readonly FileStream? _reads;
    private readonly FileStream? _writes;
    private readonly CancellationTokenSource _disposed = new();
    private byte[] _pending = [];
    private int _pendingOffset;

    public ReplayStream(string path)
    {
        _reads = File.Exists(path) ? File.OpenRead(path) : null;
        _writes = File.Exists(path + WriteSuffix) ? File.OpenRead(path + WriteSuffix) : null;
    }

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
        if (_pendingOffset < _pending.Length)
        {
            return TakePending(buffer.Span);
        }

        if (_reads is null || !TryReadRecord(_reads, out int count, out byte[] data))
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
            return 0;
        }

        if (count < 0)
        {
            throw new IOException("replayed read error", -count);
        }

        _pending = data;
        _pendingOffset = 0;
        return count == 0 ? 0 : TakePending(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_writes is not null && TryReadRecord(_writes, out int status, out _) && status < 0)
        {
            throw new IOException("replayed write error", -status);
        }

        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed.Cancel();
            _reads?.Dispose();
            _writes?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Reads one record; false at the end of the file (or a torn last record).</summary>
    internal static bool TryReadRecord(FileStream file, out int count, out byte[] data)
    {
        data = [];
        Span<byte> header = stackalloc byte[4];
        count = 0;
        if (file.ReadAtLeast(header, 4, throwOnEndOfStream: false) < 4)
        {
            return false;
        }

        count = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (count > 0)
        {
            data = new byte[count];
            if (file.ReadAtLeast(data, count, throwOnEndOfStream: false) < count)
            {
                return false;
            }
        }

        return true;
    }

    private int TakePending(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, n).CopyTo(destination);
        _pendingOffset += n;
        return n;
    }
}
