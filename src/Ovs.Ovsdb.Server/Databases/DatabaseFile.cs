// Upstream: ovsdb/ovsdb-server.c, open_db() and the compaction policy of ovsdb/storage.c (OVS 3.1)
//
// A served database file, standalone or clustered, seen the way the server uses it:
// - standalone: the engine's StandaloneStorage (log, lock, replay, append, compaction and the automatic compaction
//   rule); a bad tail found while replaying is logged and the server carries on with what it could read, as
//   upstream does; the next write cuts the tail off;
// - clustered: the engine's ClusteredStorage (a Raft log of which this server is the leader of a one-server
//   cluster). Commits go through Raft (see OvsdbServer.Commit); compaction writes a Raft snapshot.
// Both compact with upstream's "compacting database online" record comment.
// Thread-safety: main loop only.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Raft;
using Ovs.Ovsdb.Engine.Storage;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Server.Databases;

/// <summary>The on-disk log of one served database.</summary>
internal sealed class DatabaseFile : IDisposable
{
    private const string CompactComment = "compacting database online";

    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_server");

    private StandaloneStorage? _storage;

    private DatabaseFile(string fileName, StandaloneStorage? storage, ClusteredStorage? clustered)
    {
        FileName = fileName;
        _storage = storage;
        Clustered = clustered;
    }

    public string FileName { get; }

    /// <summary>The Raft-backed storage of a clustered database; null for a standalone one.</summary>
    public ClusteredStorage? Clustered { get; }

    public bool IsClustered => Clustered is not null;

    /// <summary>The live database; a new object after Convert.</summary>
    public Database Database => _storage?.Database ?? Clustered!.Database;

    /// <summary>The size of the log now, in bytes.</summary>
    public long Size => _storage?.Size ?? Clustered!.Raft.FileSize;

    /// <summary>
    /// Opens, locks and replays <paramref name="fileName"/>. Errors read as upstream's ("I/O error: ...").
    /// For a clustered file, <paramref name="applied"/> sees each entry applied while opening, with its ID.
    /// </summary>
    public static OvsdbError? Open(string fileName, TimeProvider time, Action<Guid, TxnChanges>? applied, out DatabaseFile? file)
    {
        file = null;
        string path = FollowSymlinks(fileName);
        if (IsClusteredFile(path))
        {
            OvsdbError? clusterError = ClusteredStorage.Open(path, time, applied, out ClusteredStorage? clustered);
            if (clusterError is not null)
            {
                return clusterError;
            }

            file = new DatabaseFile(fileName, null, clustered);
            return null;
        }

        OvsdbError? error = StandaloneStorage.Open(path, readOnly: false, out StandaloneStorage? storage, time);
        if (error is not null)
        {
            return error;
        }

        if (storage!.TailError is { } tail)
        {
            s_log.Err(tail.ToString());
        }

        file = new DatabaseFile(fileName, storage, null);
        return null;
    }

    private static bool IsClusteredFile(string path)
    {
        if (LogFile.Open(path, null, LogOpenMode.ReadOnly, locking: false, out LogFile? log) is not null)
        {
            return false;
        }

        using (log)
        {
            return log!.IsClustered;
        }
    }

    /// <summary>Standalone only: appends the record for <paramref name="changes"/>, waiting for fsync when <paramref name="durable"/>.</summary>
    public OvsdbError? Write(TxnChanges changes, bool durable)
    {
        return _storage!.Write(changes, durable);
    }

    /// <summary>Upstream's automatic compaction rule, as the engine's storage evaluates it.</summary>
    public bool ShouldCompact() => _storage?.ShouldCompact() ?? Clustered!.ShouldSnapshot();

    /// <summary>
    /// Standalone: rewrites the log as its schema plus one snapshot record, replacing the file atomically.
    /// Clustered: stores a Raft snapshot of everything applied.
    /// </summary>
    public OvsdbError? Compact()
    {
        return _storage is not null ? _storage.Compact(CompactComment) : Clustered!.Snapshot(CompactComment);
    }

    /// <summary>
    /// Replaces the file's contents by <paramref name="schema"/> and one snapshot <paramref name="record"/> (online
    /// schema conversion), atomically, then reopens it so <see cref="Database"/> is the converted database. For a
    /// clustered database the change is a Raft entry [schema, record], applied once committed.
    /// </summary>
    public OvsdbError? Replace(DatabaseSchema schema, JsonObject record, TimeProvider time)
    {
        if (Clustered is { } clustered)
        {
            OvsdbError? proposeError = clustered.ProposeSchemaChange(schema, record, out Guid eid);
            if (proposeError is not null)
            {
                return proposeError;
            }

            while (clustered.ReadNext(out CommittedEntry entry))
            {
                OvsdbError? replayError = clustered.Replay(entry, out _);
                if (replayError is not null || entry.Eid == eid)
                {
                    return replayError;
                }
            }

            return null;
        }

        LogFile log = _storage!.Log;
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

    public void Dispose()
    {
        _storage?.Dispose();
        Clustered?.Dispose();
    }

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
