// Upstream: ovsdb/log.c, ovsdb_log_write(), ovsdb_log_commit_block(), ovsdb_log_replace*() (OVS 3.1)
using System.Text;
using Ovs.Common;
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Storage;

internal sealed partial class LogFile
{
    /// <summary>The bytes of one framed record: header, JSON text, newline.</summary>
    public static byte[] Frame(string magic, JsonValue json)
    {
        var text = new StringBuilder();
        JsonWriter.Write(text, json);
        text.Append('\n');
        byte[] body = Encoding.UTF8.GetBytes(text.ToString());
        byte[] header = LogHeader.Format(magic, body.Length, Sha1(body));
        byte[] record = new byte[header.Length + body.Length];
        header.CopyTo(record, 0);
        body.CopyTo(record, header.Length);
        return record;
    }

    /// <summary>
    /// Appends <paramref name="json"/> as a record, after first cutting off any bad tail left by reading. The
    /// record reaches the kernel before this returns; it is durable once <see cref="DurableSequence"/> reaches
    /// <paramref name="sequence"/>.
    /// </summary>
    public StorageError? Write(JsonObject json, out long sequence)
    {
        sequence = 0;
        if (Mode == LogOpenMode.ReadOnly)
        {
            throw new InvalidOperationException("log opened read-only");
        }

        try
        {
            if (!_writing)
            {
                // Appending belongs after the last valid record, even if the caller did not read that far.
                if (Mode == LogOpenMode.ReadWrite)
                {
                    SkipToEnd();
                }

                _writing = true;
                if (RandomAccess.GetLength(Handle) != GoodSize)
                {
                    RandomAccess.SetLength(Handle, GoodSize);
                }
            }

            byte[] record = Frame(Magic, json);
            RandomAccess.Write(Handle, record, GoodSize);
            GoodSize += record.Length;
        }
        catch (IOException e)
        {
            TryTruncate();
            return StorageError.Io($"{Name}: write failed ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }

        sequence = Interlocked.Increment(ref _writtenSequence);
        return null;
    }

    /// <summary>Blocks until every record written so far is on stable storage (fsync).</summary>
    public StorageError? Commit()
    {
        long target = WrittenSequence;
        try
        {
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            return StorageError.Io($"{Name}: fsync failed ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }

        MarkDurable(target);
        return null;
    }

    /// <summary>
    /// Starts an fsync of everything written so far on a thread-pool thread. The owner thread may keep writing
    /// meanwhile; records written after the call are not covered. Completes with the durable sequence reached.
    /// </summary>
    public Task<long> CommitAsync(CancellationToken cancellationToken)
    {
        long target = WrittenSequence;
        FileStream stream = _stream;
        return Task.Run(
            () =>
            {
                stream.Flush(flushToDisk: true);
                MarkDurable(target);
                return DurableSequence;
            },
            cancellationToken);
    }

    /// <summary>
    /// Atomically replaces this log's file by <paramref name="replacement"/> (a complete log written under the
    /// name <c>Path + ".tmp"</c>): fsyncs it, renames it over <see cref="Path"/> (the symlink target when
    /// <see cref="Name"/> is a symlink, which therefore survives), and continues appending to it.
    /// The lock on <see cref="Name"/> stays held; the replacement's own lock is released.
    /// </summary>
    public StorageError? ReplaceWith(LogFile replacement)
    {
        StorageError? error = replacement.Commit();
        if (error is not null)
        {
            return error;
        }

        try
        {
            File.Move(replacement.Path, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return StorageError.Io($"{replacement.Name}: failed to rename to {Name} ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }

        _stream.Dispose();
        _stream = replacement._stream;
        replacement._lock?.Dispose();
        replacement._lock = null;
        _writing = true;
        _readError = null;
        GoodSize = replacement.GoodSize;
        _readOffset = GoodSize;
        long written = Interlocked.Increment(ref _writtenSequence);
        MarkDurable(written);
        return null;
    }

    /// <summary>Creates the temporary log that <see cref="ReplaceWith"/> later renames over this one.</summary>
    public StorageError? BeginReplace(out LogFile? replacement) =>
        Open(Path + ".tmp", Magic, LogOpenMode.Create, locking: true, out replacement);

    /// <summary>Discards a replacement started with <see cref="BeginReplace"/>.</summary>
    public static void AbortReplace(LogFile replacement)
    {
        replacement.Dispose();
        try
        {
            File.Delete(replacement.Path);
        }
        catch (IOException)
        {
            // Leaving a stale ".tmp" file is harmless: the next compaction overwrites it.
        }
    }

    private void MarkDurable(long target)
    {
        long current = Volatile.Read(ref _durableSequence);
        while (target > current)
        {
            long seen = Interlocked.CompareExchange(ref _durableSequence, target, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void TryTruncate()
    {
        try
        {
            RandomAccess.SetLength(Handle, GoodSize);
        }
        catch (IOException)
        {
            // The write error already being reported is the useful one.
        }
    }
}
