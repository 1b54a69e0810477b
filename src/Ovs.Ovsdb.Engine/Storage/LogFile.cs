// Upstream: ovsdb/log.c (OVS 3.1); format in ovsdb(5)
//
// An OVSDB log: a sequence of framed JSON-object records (see LogHeader) that is read from the start and then
// appended to. The first record of a standalone database is its schema, and each later one a transaction.
//
// Life cycle and invariants:
// - Open() takes upstream's lock file (unless asked not to) and, for an existing file, identifies its magic from
//   the first header, so "cannot identify file type" and "unexpected file format" come from Open, as upstream.
// - Read() returns records one by one; null with no error is the clean end of the log. The first bad or
//   truncated record ends reading for good: its error is returned again by every later Read(). GoodSize is the
//   offset just past the last record read (or written) successfully; Unread() moves it back before the last
//   record read, for a record that is well framed but cannot be applied.
// - The first Write() first reads past any records the caller left unread, then truncates the file to GoodSize,
//   which discards a torn or corrupt tail exactly as upstream's ovsdb-server does, then appends. Writes go straight to the kernel (positional writes, no user-space buffer);
//   durability needs Commit() or CommitAsync() (fsync). WrittenSequence counts appended records and
//   DurableSequence the ones known to be on disk, so a caller acknowledges a "durable" commit only once
//   DurableSequence reaches the sequence its record got.
// Thread-safety: one owner thread calls everything except CommitAsync's background fsync, which only touches the
// handle and DurableSequence.
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Ovs.Common;
using Ovs.Common.Logging;
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Storage;

internal sealed partial class LogFile : IDisposable
{
    private static readonly VlogModule s_utilLog = VlogModule.Get("util");

    private FileStream _stream;
    private LockFile? _lock;
    private long _readOffset;
    private long _lastRecordOffset;
    private StorageError? _readError;
    private bool _atEnd;
    private bool _writing;
    private long _writtenSequence;
    private long _durableSequence;

    private LogFile(string name, string path, string magic, LogOpenMode mode, FileStream stream, LockFile? lockFile)
    {
        Name = name;
        Path = path;
        Magic = magic;
        Mode = mode;
        _stream = stream;
        _lock = lockFile;
    }

    /// <summary>The file name as given to Open, used in every message.</summary>
    public string Name { get; }

    /// <summary>
    /// The file actually opened: <see cref="Name"/> with symbolic links followed (even a dangling one, whose target
    /// Create makes). Compaction replaces this file, so a symlinked database stays a symlink.
    /// </summary>
    public string Path { get; }

    /// <summary>"OVSDB JSON" or "OVSDB CLUSTER".</summary>
    public string Magic { get; }

    public LogOpenMode Mode { get; }

    public bool IsClustered => Magic == LogHeader.ClusteredMagic;

    /// <summary>Offset just past the last record successfully read or written.</summary>
    public long GoodSize { get; private set; }

    /// <summary>The error that ended reading, if the log has a bad or truncated tail.</summary>
    public StorageError? ReadError => _readError;

    /// <summary>Number of records appended by this instance.</summary>
    public long WrittenSequence => Volatile.Read(ref _writtenSequence);

    /// <summary>Number of appended records known to have reached stable storage.</summary>
    public long DurableSequence => Volatile.Read(ref _durableSequence);

    private SafeFileHandle Handle => _stream.SafeFileHandle;

    /// <summary>
    /// Opens <paramref name="name"/>. <paramref name="magic"/> is required when creating; when opening an existing
    /// file, null accepts either known magic and a value requires that one.
    /// </summary>
    public static StorageError? Open(string name, string? magic, LogOpenMode mode, bool locking, out LogFile? log)
    {
        log = null;
        LockFile? lockFile = null;
        if (locking)
        {
            int error = LockFile.TryLock(name, out lockFile);
            if (error != 0)
            {
                return StorageError.Io($"{name}: failed to lock lockfile ({OvsErrno.StrError(error)})");
            }
        }

        bool creating = mode is LogOpenMode.Create or LogOpenMode.CreateExclusive;
        string path = FollowSymlinks(name);
        FileStream stream;
        try
        {
            if (mode == LogOpenMode.CreateExclusive && (File.Exists(path) || Directory.Exists(path)))
            {
                lockFile?.Dispose();
                return StorageError.Io($"{name}: create failed ({OvsErrno.StrError(OvsErrno.EEXIST)})");
            }

            if (!creating && Directory.Exists(path))
            {
                // open(2) of a directory succeeds read-only, so upstream only fails at the first read.
                lockFile?.Dispose();
                string what = mode == LogOpenMode.ReadOnly ? "read error" : "open failed";
                return StorageError.Io($"{name}: {what} ({OvsErrno.StrError(OvsErrno.EISDIR)})");
            }

            var options = new FileStreamOptions
            {
                Mode = creating ? (mode == LogOpenMode.Create ? FileMode.Create : FileMode.CreateNew) : FileMode.Open,
                Access = mode == LogOpenMode.ReadOnly ? FileAccess.Read : FileAccess.ReadWrite,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            };
            if (creating && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            }

            stream = new FileStream(path, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lockFile?.Dispose();
            string verb = creating ? "create" : "open";
            return StorageError.Io($"{name}: {verb} failed ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }

        if (creating)
        {
            log = new LogFile(name, path, magic ?? throw new ArgumentNullException(nameof(magic)), mode, stream, lockFile);
            return null;
        }

        StorageError? identifyError = Identify(name, stream, magic, out string actualMagic);
        if (identifyError is not null)
        {
            stream.Dispose();
            lockFile?.Dispose();
            return identifyError;
        }

        log = new LogFile(name, path, actualMagic, mode, stream, lockFile);
        return null;
    }

    /// <summary>Releases the file and the lock. Does not fsync: call Commit first for durability.</summary>
    public void Dispose()
    {
        _stream.Dispose();
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>
    /// <paramref name="name"/> with symbolic links followed, up to 10 of them, even when the last one dangles (so
    /// creating through it creates its target). A longer chain or a loop gives back the name as is, with upstream's
    /// warning if <paramref name="warn"/> (upstream warns when locking, not when opening).
    /// </summary>
    internal static string FollowSymlinks(string name, bool warn = false)
    {
        string current = name;
        for (int i = 0; i < 10; i++)
        {
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return current;
            }

            if (target is null)
            {
                return current;
            }

            string? directory = System.IO.Path.GetDirectoryName(current);
            current = target.StartsWith('/') || string.IsNullOrEmpty(directory) ? target : directory + "/" + target;
        }

        if (warn)
        {
            s_utilLog.Warn($"{name}: too many levels of symlinks");
        }

        return name;
    }

    private static StorageError? Identify(string name, FileStream stream, string? wanted, out string magic)
    {
        magic = "";
        Span<byte> first = stackalloc byte[LogHeader.MaxLineLength + 1];
        int count = RandomAccess.Read(stream.SafeFileHandle, first, 0);
        if (count == 0)
        {
            return StorageError.Ovsdb($"{name}: cannot identify file type");
        }

        ReadOnlySpan<byte> line = first[..count];
        int newline = line.IndexOf((byte)'\n');
        if (newline < 0)
        {
            return StorageError.Ovsdb($"{name}: unexpected file format");
        }

        if (!LogHeader.TrySplit(line[..newline], out magic))
        {
            return StorageError.Ovsdb($"{name}: unexpected file format");
        }

        if (magic is not (LogHeader.StandaloneMagic or LogHeader.ClusteredMagic))
        {
            return StorageError.Ovsdb($"{name}: cannot identify file type");
        }

        return wanted is null || wanted == magic ? null : StorageError.Ovsdb($"{name}: unexpected file format");
    }

    private static byte[] Sha1(ReadOnlySpan<byte> data)
    {
        // SHA-1 is what the on-disk format specifies; it is an integrity check, not a security boundary.
#pragma warning disable CA5350
        return SHA1.HashData(data);
#pragma warning restore CA5350
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    private static JsonObject? ParseObject(ReadOnlySpan<byte> data, out string? jsonError)
    {
        if (!JsonParser.TryParse(data, out JsonValue? value, out jsonError))
        {
            return null;
        }

        return value as JsonObject;
    }
}
