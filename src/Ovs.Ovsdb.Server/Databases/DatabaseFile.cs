// Upstream: ovsdb/ovsdb-server.c, open_db() and the compaction policy of ovsdb/storage.c (OVS 3.1)
//
// A served standalone database file: the engine's StandaloneStorage (log, lock, replay, append, compaction and
// the automatic compaction rule) seen the way the server uses it, with upstream's "compacting database online"
// record comment. A bad tail found while replaying is logged and the server carries
// on with what it could read, as upstream does; the next write cuts the tail off.
// Thread-safety: main loop only.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Storage;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Server.Databases;

/// <summary>The on-disk log of one served standalone database.</summary>
internal sealed class DatabaseFile : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_server");

    private StandaloneStorage _storage;

    private DatabaseFile(string fileName, StandaloneStorage storage)
    {
        FileName = fileName;
        _storage = storage;
    }

    public string FileName { get; }

    /// <summary>The live database; a new object after Convert.</summary>
    public Database Database => _storage.Database;

    /// <summary>The size of the log now, in bytes.</summary>
    public long Size => _storage.Size;

    /// <summary>Opens, locks and replays <paramref name="fileName"/>. Errors read as upstream's ("I/O error: ...").</summary>
    public static OvsdbError? Open(string fileName, TimeProvider time, out DatabaseFile? file)
    {
        file = null;
        OvsdbError? error = StandaloneStorage.Open(FollowSymlinks(fileName), readOnly: false, out StandaloneStorage? storage, time);
        if (error is not null)
        {
            return error;
        }

        if (storage!.TailError is { } tail)
        {
            s_log.Err(tail.ToString());
        }

        file = new DatabaseFile(fileName, storage);
        return null;
    }

    /// <summary>Appends the record for <paramref name="changes"/>, waiting for fsync when <paramref name="durable"/>.</summary>
    public OvsdbError? Write(TxnChanges changes, bool durable)
    {
        return _storage.Write(changes, durable);
    }

    /// <summary>Upstream's automatic compaction rule, as the engine's storage evaluates it.</summary>
    public bool ShouldCompact() => _storage.ShouldCompact();

    /// <summary>Rewrites the log as its schema plus one snapshot record, replacing the file atomically.</summary>
    public OvsdbError? Compact()
    {
        return _storage.Compact("compacting database online");
    }

    /// <summary>
    /// Replaces the file's contents by <paramref name="schema"/> and one snapshot <paramref name="record"/> (online
    /// schema conversion), atomically, then reopens it so <see cref="Database"/> is the converted database.
    /// </summary>
    public OvsdbError? Replace(DatabaseSchema schema, JsonObject record, TimeProvider time)
    {
        LogFile log = _storage.Log;
        StorageError? error = log.BeginReplace(out LogFile? replacement);
        if (error is null)
        {
            error = replacement!.Write(schema.ToJson(), out _) ?? replacement.Write(record, out _) ?? log.ReplaceWith(replacement);
            if (error is not null)
            {
                LogFile.AbortReplace(replacement);
            }
        }

        if (error is not null)
        {
            return new OvsdbError(error.Tag, error.Details);
        }

        _storage.Dispose();
        OvsdbError? reopen = StandaloneStorage.Open(FollowSymlinks(FileName), readOnly: false, out StandaloneStorage? storage, time);
        if (reopen is not null)
        {
            return reopen;
        }

        _storage = storage!;
        return null;
    }

    public void Dispose() => _storage.Dispose();

    /// <summary>
    /// The file a symlinked database name really names. Upstream works on the link's target, so compaction and
    /// conversion (which write a new file and rename it into place) keep the link and update the real file, and the
    /// lock file is the one next to the target.
    /// </summary>
    private static string FollowSymlinks(string fileName)
    {
        try
        {
            return File.ResolveLinkTarget(Path.GetFullPath(fileName), returnFinalTarget: true) is { } target
                ? target.FullName
                : fileName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return fileName;
        }
    }
}
