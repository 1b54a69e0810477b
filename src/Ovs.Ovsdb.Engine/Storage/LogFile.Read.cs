// Upstream: ovsdb/log.c, ovsdb_log_read() (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Storage;

internal sealed partial class LogFile
{
    /// <summary>
    /// Reads the next record. Returns null with <paramref name="record"/> null at the clean end of the log, and an
    /// error (the same one on every later call) for a truncated or corrupt record.
    /// </summary>
    public StorageError? Read(out JsonObject? record)
    {
        record = null;
        if (_readError is not null)
        {
            return _readError;
        }

        if (_writing)
        {
            return null;
        }

        StorageError? error = ReadRecord(out record);
        if (error is not null)
        {
            _readError = error;
        }
        else if (record is null)
        {
            _atEnd = true;
        }

        return error;
    }

    /// <summary>
    /// Gives back the record the last <see cref="Read"/> returned, as upstream's ovsdb_log_unread(): it no longer
    /// counts as valid, so the next write overwrites it and cuts off everything after it. A caller uses this for a
    /// record that is well framed but cannot be applied (a transaction naming an unknown table, for example).
    /// </summary>
    public void Unread()
    {
        _readOffset = _lastRecordOffset;
        GoodSize = _lastRecordOffset;
        _atEnd = true;
    }

    /// <summary>Reads (and drops) the records not yet read, so that GoodSize is the end of the valid log.</summary>
    private void SkipToEnd()
    {
        while (_readError is null && !_atEnd)
        {
            Read(out _);
        }
    }

    private StorageError? ReadRecord(out JsonObject? record)
    {
        record = null;
        long headerOffset = _readOffset;
        Span<byte> buffer = stackalloc byte[LogHeader.MaxLineLength + 1];
        int count = RandomAccess.Read(Handle, buffer, headerOffset);
        if (count == 0)
        {
            return null;
        }

        ReadOnlySpan<byte> chunk = buffer[..count];
        int newline = chunk.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = newline >= 0 ? chunk[..newline] : chunk[..Math.Min(count, LogHeader.MaxLineLength)];
        if (newline < 0 || !LogHeader.TryParse(line, Magic, out long length, out byte[] expectedHash))
        {
            return StorageError.Syntax(
                $"{Name}: parse error at offset {headerOffset} in header line \"{LogHeader.QuoteForError(line, Magic)}\"");
        }

        long dataOffset = headerOffset + newline + 1;
        long fileSize = RandomAccess.GetLength(Handle);
        if (length > fileSize - dataOffset || length > Array.MaxLength)
        {
            return StorageError.Io($"{Name}: error reading {length} bytes starting at offset {dataOffset} (End of file)");
        }

        byte[] data = new byte[length];
        int read = 0;
        while (read < data.Length)
        {
            int n = RandomAccess.Read(Handle, data.AsSpan(read), dataOffset + read);
            if (n == 0)
            {
                return StorageError.Io($"{Name}: error reading {length} bytes starting at offset {dataOffset} (End of file)");
            }

            read += n;
        }

        byte[] actualHash = Sha1(data);
        if (!actualHash.AsSpan().SequenceEqual(expectedHash))
        {
            return StorageError.Syntax(
                $"{Name}: {length} bytes starting at offset {dataOffset} have SHA-1 hash {Convert.ToHexStringLower(actualHash)} " +
                $"but should have hash {Convert.ToHexStringLower(expectedHash)}");
        }

        record = ParseObject(data, out string? jsonError);
        if (jsonError is not null)
        {
            return StorageError.Syntax($"{Name}: {length} bytes starting at offset {dataOffset} are not valid JSON ({jsonError})");
        }

        if (record is null)
        {
            return StorageError.Syntax($"{Name}: {length} bytes starting at offset {dataOffset} are not a JSON object");
        }

        _lastRecordOffset = headerOffset;
        _readOffset = dataOffset + length;
        GoodSize = _readOffset;
        return null;
    }
}
