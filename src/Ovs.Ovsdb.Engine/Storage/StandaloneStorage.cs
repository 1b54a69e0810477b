// Upstream: ovsdb/file.c and ovsdb/storage.c for standalone databases (OVS 3.1)
//
// A standalone database file opened for use: the log (locked unless read-only), the Database rebuilt by
// replaying every record, and the means to append committed transactions and to compact.
//
// Open() reads the schema record, then replays each transaction record through a Transaction so the in-memory
// bookkeeping (reference counts, indexes) is built by the same code as live commits. A bad or truncated record
// stops replay: Open still succeeds with the records before it and reports the error in TailError (ovsdb-server
// logs it and carries on; the next write cuts the bad tail off), while callers that must be strict, such as
// ovsdb-tool, treat TailError as fatal. A clustered file is refused with upstream's error.
//
// Thread-safety: owned by one thread (the server's main loop or a tool).
using Ovs.Json;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Storage;

internal sealed class StandaloneStorage : IDisposable
{
    private const long AutoCompactMinSize = 10L * 1024 * 1024;
    private const int AutoCompactMinCommits = 100;
    private static readonly TimeSpan s_autoCompactMinInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_autoCompactMaxInterval = TimeSpan.FromHours(24);

    private readonly LogFile _log;
    private readonly TimeProvider _time;
    private long _snapshotSize;
    private long _commitsSinceSnapshot;
    private DateTimeOffset _snapshotTime;

    private StandaloneStorage(LogFile log, Database database, TimeProvider time)
    {
        _log = log;
        Database = database;
        _time = time;
        _snapshotTime = time.GetUtcNow();
    }

    public Database Database { get; }

    public string Name => _log.Name;

    /// <summary>The error that ended replay early (a bad or truncated tail), or null if every record was read.</summary>
    public OvsdbError? TailError { get; private set; }

    /// <summary>Number of transaction records (not counting the schema) in the file.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Size of the valid part of the file, in bytes.</summary>
    public long Size => _log.GoodSize;

    /// <summary>The log, for durability tracking (DurableSequence) by a server.</summary>
    public LogFile Log => _log;

    /// <summary>Creates a new database file holding only <paramref name="schema"/>, as "ovsdb-tool create".</summary>
    public static OvsdbError? Create(string path, DatabaseSchema schema)
    {
        StorageError? error = LogFile.Open(path, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: true, out LogFile? log);
        if (error is not null)
        {
            return error.ToOvsdbError();
        }

        using (LogFile file = log!)
        {
            error = file.Write(schema.ToJson(), out _) ?? file.Commit();
        }

        return error?.ToOvsdbError();
    }

    /// <summary>
    /// Opens <paramref name="path"/> and replays it. Read-only opens take no lock (like "ovsdb-tool query").
    /// </summary>
    public static OvsdbError? Open(string path, bool readOnly, out StandaloneStorage? storage, TimeProvider? time = null)
    {
        storage = null;
        LogOpenMode mode = readOnly ? LogOpenMode.ReadOnly : LogOpenMode.ReadWrite;
        StorageError? openError = LogFile.Open(path, null, mode, locking: !readOnly, out LogFile? log);
        if (openError is not null)
        {
            return openError.ToOvsdbError();
        }

        if (log!.IsClustered)
        {
            log.Dispose();
            return OvsdbError.Create(null, $"{path}: cannot apply this operation to clustered database file");
        }

        OvsdbError? error = ReadSchema(log, out DatabaseSchema? schema);
        if (error is not null)
        {
            log.Dispose();
            return error;
        }

        var result = new StandaloneStorage(log, new Database(schema!), time ?? TimeProvider.System);
        result.Replay();
        result._snapshotSize = result.Size;
        storage = result;
        return null;
    }

    /// <summary>Reads just the schema record of a standalone file (for db-name, db-version and similar).</summary>
    public static OvsdbError? ReadSchema(string path, out DatabaseSchema? schema)
    {
        schema = null;
        StorageError? openError = LogFile.Open(path, null, LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        if (openError is not null)
        {
            return openError.ToOvsdbError();
        }

        using (LogFile file = log!)
        {
            if (file.IsClustered)
            {
                return OvsdbError.Create(null, $"{path}: cannot apply this operation to clustered database file");
            }

            return ReadSchema(file, out schema);
        }
    }

    /// <summary>
    /// Appends the diff record for <paramref name="changes"/> (nothing if no persistent column changed) and, if
    /// <paramref name="durable"/>, waits until it is on disk.
    /// </summary>
    public OvsdbError? Write(TxnChanges changes, bool durable)
    {
        JsonObject? record = TxnRecord.FromChanges(changes, _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (record is null)
        {
            return null;
        }

        StorageError? error = _log.Write(record, out _);
        if (error is null && durable)
        {
            error = _log.Commit();
        }

        if (error is null)
        {
            RecordCount++;
            _commitsSinceSnapshot++;
        }

        return error?.ToOvsdbError();
    }

    /// <summary>
    /// ovsdb-server's automatic compaction rule (ovsdb-server(1), "ovsdb-server/compact"): compact once at least
    /// 100 commits or 10 minutes have passed since the last compaction, and the file is both at least 10 MB and
    /// over twice its size after that compaction; or after 24 hours if 100 commits were added, whatever the size.
    /// </summary>
    public bool ShouldCompact()
    {
        TimeSpan elapsed = _time.GetUtcNow() - _snapshotTime;
        if (_commitsSinceSnapshot < AutoCompactMinCommits && elapsed < s_autoCompactMinInterval)
        {
            return false;
        }

        bool grown = Size >= AutoCompactMinSize && Size > 2 * _snapshotSize;
        bool stale = elapsed >= s_autoCompactMaxInterval && _commitsSinceSnapshot >= AutoCompactMinCommits;
        return grown || stale;
    }

    /// <summary>
    /// Executes a "transact" operation list and, if it succeeds, stores and applies it. Returns the reply; a
    /// storage failure is appended to it as an error and leaves the database unchanged.
    /// </summary>
    public Execution.ExecutionResult Transact(IReadOnlyList<JsonValue> operations, Execution.ExecutionOptions options)
    {
        Execution.ExecutionResult result = Execution.Executor.Execute(Database, operations, options);
        if (result.Transaction is null)
        {
            return result;
        }

        if (Write(result.Changes, result.Durable) is { } error)
        {
            result.Reply!.Add(error.ToJson());
            return new Execution.ExecutionResult { Reply = result.Reply };
        }

        result.Transaction.Apply();
        return result;
    }

    /// <summary>
    /// Rewrites the file as the schema plus one snapshot record (written to "NAME.tmp", then renamed over the
    /// file), as "ovsdb-tool compact" and ovsdb-server's compaction do.
    /// </summary>
    public OvsdbError? Compact(string? comment)
    {
        StorageError? error = _log.BeginReplace(out LogFile? replacement);
        if (error is not null)
        {
            return error.ToOvsdbError();
        }

        error = WriteSnapshot(replacement!, Database, _time, comment);
        if (error is not null)
        {
            LogFile.AbortReplace(replacement!);
            return error.ToOvsdbError();
        }

        error = _log.ReplaceWith(replacement!);
        if (error is not null)
        {
            LogFile.AbortReplace(replacement!);
            return error.ToOvsdbError();
        }

        NoteSnapshot();
        return null;
    }

    /// <summary>Writes <paramref name="database"/> as a new compacted file at <paramref name="path"/>.</summary>
    public static OvsdbError? WriteSnapshotFile(string path, Database database, string? comment, TimeProvider? time = null)
    {
        StorageError? error = LogFile.Open(path, LogHeader.StandaloneMagic, LogOpenMode.Create, locking: true, out LogFile? log);
        if (error is not null)
        {
            return error.ToOvsdbError();
        }

        using (LogFile file = log!)
        {
            error = WriteSnapshot(file, database, time ?? TimeProvider.System, comment) ?? file.Commit();
        }

        return error?.ToOvsdbError();
    }

    public void Dispose() => _log.Dispose();

    private void NoteSnapshot()
    {
        RecordCount = 1;
        _snapshotSize = Size;
        _commitsSinceSnapshot = 0;
        _snapshotTime = _time.GetUtcNow();
    }

    private static StorageError? WriteSnapshot(LogFile log, Database database, TimeProvider time, string? comment)
    {
        StorageError? error = log.Write(database.Schema.ToJson(), out _);
        if (error is null)
        {
            error = log.Write(TxnRecord.Snapshot(database, time.GetUtcNow().ToUnixTimeMilliseconds(), comment), out _);
        }

        return error;
    }

    private static OvsdbError? ReadSchema(LogFile log, out DatabaseSchema? schema)
    {
        schema = null;
        StorageError? error = log.Read(out JsonObject? json);
        if (error is not null)
        {
            return error.ToOvsdbError();
        }

        if (json is null)
        {
            return OvsdbError.Create(null, $"{log.Name}: unexpected end of file reading schema");
        }

        OvsdbError? schemaError = DatabaseSchema.TryFromJson(json, out DatabaseSchema parsed);
        schema = schemaError is null ? parsed : null;
        return schemaError;
    }

    private void Replay()
    {
        while (true)
        {
            StorageError? error = _log.Read(out JsonObject? record);
            if (error is not null)
            {
                TailError = error.ToOvsdbError();
                return;
            }

            if (record is null)
            {
                return;
            }

            var transaction = new Transaction(Database);
            OvsdbError? replayError = TxnRecord.Replay(transaction, record) ?? transaction.Precommit(out _);
            if (replayError is not null)
            {
                // Like a torn tail, a transaction that cannot be applied is reported and then cut off by the next
                // commit, so the log ends with the last transaction that was applied.
                TailError = replayError;
                _log.Unread();
                return;
            }

            transaction.Apply();
            RecordCount++;
        }
    }
}
