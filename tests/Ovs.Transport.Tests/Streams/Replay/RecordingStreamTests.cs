using Ovs.Transport.Streams.Replay;

namespace Ovs.Transport.Tests.Streams.Replay;

[Trait("upstream", "tests/ovsdb-server.at: ovsdb-server record/replay")]
public sealed class RecordingStreamTests : IDisposable
{
    private const int ConnectionReset = 104;
    private const int BrokenPipe = 32;
    private readonly string _dir = Directory.CreateTempSubdirectory("ovsrec").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Reads_writes_and_their_errors_replay_as_recorded()
    {
        string path = Path.Combine(_dir, "stream");
        var inner = new ScriptedStream([[1, 2, 3], [4, 5]], readError: ConnectionReset, writeErrorAt: 1, writeError: BrokenPipe);
        byte[] buffer = new byte[16];
        await using (var recording = new RecordingStream(inner, path))
        {
            Assert.Equal(3, await recording.ReadAsync(buffer));
            Assert.Equal(2, await recording.ReadAsync(buffer));
            Assert.Equal(ConnectionReset, (await Assert.ThrowsAsync<IOException>(() => recording.ReadAsync(buffer).AsTask())).HResult);
            await recording.WriteAsync(new byte[] { 9 });
            Assert.Equal(BrokenPipe, (await Assert.ThrowsAsync<IOException>(async () => await recording.WriteAsync(new byte[] { 9 }))).HResult);
        }

        await using var replay = new ReplayStream(path);

        // A smaller buffer than the recorded read gets the rest on the next read.
        Assert.Equal(2, await replay.ReadAsync(buffer.AsMemory(0, 2)));
        Assert.Equal(1, await replay.ReadAsync(buffer));
        Assert.Equal(3, buffer[0]);
        Assert.Equal(2, await replay.ReadAsync(buffer));
        Assert.Equal([4, 5], buffer[..2]);
        Assert.Equal(ConnectionReset, (await Assert.ThrowsAsync<IOException>(() => replay.ReadAsync(buffer).AsTask())).HResult);
        await replay.WriteAsync(new byte[] { 9 });
        Assert.Equal(BrokenPipe, (await Assert.ThrowsAsync<IOException>(async () => await replay.WriteAsync(new byte[] { 9 }))).HResult);

        // Past the recording: writes succeed, reads wait like a quiet connection.
        await replay.WriteAsync(new byte[] { 9 });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replay.ReadAsync(buffer, cts.Token).AsTask());
    }

    [Fact]
    public async Task End_of_file_is_recorded_as_an_empty_read()
    {
        string path = Path.Combine(_dir, "eof");
        await using (var recording = new RecordingStream(new ScriptedStream([[7]], readError: 0, writeErrorAt: -1, writeError: 0), path))
        {
            Assert.Equal(1, await recording.ReadAsync(new byte[4]));
            Assert.Equal(0, await recording.ReadAsync(new byte[4]));
        }

        await using var replay = new ReplayStream(path);
        Assert.Equal(1, await replay.ReadAsync(new byte[4]));
        Assert.Equal(0, await replay.ReadAsync(new byte[4]));
    }

    // Returns the given chunks, then fails with readError (or end of file for 0); the write numbered writeErrorAt fails.
    private sealed class ScriptedStream(byte[][] chunks, int readError, int writeErrorAt, int writeError) : Stream
    {
        private int _reads;
        private int _writes;

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_reads < chunks.Length)
            {
                byte[] chunk = chunks[_reads++];
                chunk.CopyTo(buffer);
                return ValueTask.FromResult(chunk.Length);
            }

            return readError == 0 ? ValueTask.FromResult(0) : ValueTask.FromException<int>(new IOException("scripted", readError));
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _writes++ == writeErrorAt ? ValueTask.FromException(new IOException("scripted", writeError)) : ValueTask.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
