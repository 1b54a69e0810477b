// Upstream: ovsdb/storage.c for clustered databases, and the clustered half of ovsdb/ovsdb-server.c's read_db()
// and parse_txn() (OVS 3.1)
//
// A clustered database opened for serving: the Raft log (see Raft) and the Database built from what Raft says is
// committed. Committed entries are consumed in order with ReadNext(): the snapshot first (schema and data), then
// each entry with data, which is either a transaction or a schema change ([schema, data] replacing the whole
// database). Each applied entry leaves its entry ID as the database's "prerequisite": the next proposal is only
// appended if nothing else was appended meanwhile, which is how upstream keeps servers from committing
// transactions prepared against stale data.
//
// Writing: Propose() turns a transaction's changes into a record and asks Raft to append and commit it. On success
// the entry is committed (not yet applied): the caller then applies the executed transaction itself when
// ReadNext() reaches that entry ID, or replays entries that other servers wrote.
//
// Automatic snapshots follow upstream's schedule: no sooner than 10 to 20 minutes after the previous one, then
// when at least 100 entries were applied and the file grew to 10 MB and twice its size after the last snapshot,
// or after a day if anything was applied at all.
//
// Thread-safety: owned by one thread (the server's main loop).
using Ovs.Json;
using Ovs.Ovsdb.Engine.Storage;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Raft;

/// <summary>One committed entry as handed to the database.</summary>
internal readonly record struct CommittedEntry(Guid Eid, JsonValue? Schema, JsonObject? Data);

internal sealed class ClusteredStorage : IDisposable
{
    private const long GrowMinSize = 10L * 1024 * 1024;
    private const long SnapshotBaseMs = 10 * 60 * 1000;
    private const long SnapshotRangeMs = 10 * 60 * 1000;
    private const long OneDayMs = 24L * 60 * 60 * 1000;

    private readonly TimeProvider _time;
    private long _baseSize;
    private long _nextSnapshotMin;
    private long _nextSnapshotMax;

    private ClusteredStorage(Raft raft, TimeProvider time)
    {
        Raft = raft;
        _time = time;
        _baseSize = raft.FileSize;
        ScheduleNextSnapshot(quick: false);
    }

    public Raft Raft { get; }

    /// <summary>The live database; null until the snapshot has been read (only before Open returns).</summary>
    public Database Database { get; private set; } = null!;

    /// <summary>The entry ID of the last applied entry with data: the prerequisite of the next proposal.</summary>
    public Guid Prerequisite { get; private set; }

    /// <summary>The log index of the last applied entry (for _Server's "index" column).</summary>
    public long AppliedIndex => Raft.LastApplied;

    public string Name => Raft.FileName;

    /// <summary>
    /// Opens <paramref name="path"/> as a clustered database: replays its log, becomes leader of a one-server
    /// cluster and applies everything committed. <paramref name="applied"/> sees each applied entry (its ID and
    /// changes), as the server's transaction history needs.
    /// </summary>
    public static OvsdbError? Open(string path, TimeProvider time, Action<Guid, TxnChanges>? applied, out ClusteredStorage? storage)
    {
        storage = null;
        OvsdbError? error = Raft.Open(path, time, out Raft? raft);
        if (error is not null)
        {
            return error;
        }

        var result = new ClusteredStorage(raft!, time);
        while (result.ReadNext(out CommittedEntry entry))
        {
            error = result.Replay(entry, out TxnChanges changes);
            if (error is not null)
            {
                if (result.Database is null)
                {
                    result.Dispose();
                    return error;
                }

                // As upstream: log it and serve what could be read.
                TailErrorLog(path, error);
                break;
            }

            applied?.Invoke(entry.Eid, changes);
        }

        if (result.Database is null)
        {
            result.Dispose();
            return OvsdbError.Create(null, $"{path}: data without schema");
        }

        storage = result;
        return null;
    }

    private static void TailErrorLog(string path, OvsdbError error) =>
        Ovs.Common.Logging.VlogModule.Get("ovsdb_server").Err($"{path}: {error}");

    /// <summary>Takes the next committed entry not yet applied, if any.</summary>
    public bool ReadNext(out CommittedEntry entry)
    {
        entry = default;
        JsonArray? data = Raft.NextEntry(out Guid eid);
        if (data is null)
        {
            return false;
        }

        JsonValue? schema = data.Count > 0 && data[0].Type != JsonType.Null ? data[0] : null;
        JsonObject? txn = data.Count > 1 ? data[1] as JsonObject : null;
        entry = new CommittedEntry(eid, schema, txn);
        return true;
    }

    /// <summary>
    /// Applies an entry read with <see cref="ReadNext"/> by replaying its record (and replacing the database first
    /// if it carries a schema). <paramref name="changes"/> are what the replay changed.
    /// </summary>
    public OvsdbError? Replay(CommittedEntry entry, out TxnChanges changes)
    {
        changes = TxnChanges.None;
        if (entry.Schema is not null)
        {
            if (entry.Schema is not JsonObject schemaJson)
            {
                return OvsdbError.SyntaxError(entry.Schema, null, "object expected");
            }

            OvsdbError? schemaError = DatabaseSchema.TryFromJson(schemaJson, out DatabaseSchema schema);
            if (schemaError is not null)
            {
                return schemaError;
            }

            if (schema.Name != Raft.Name)
            {
                return OvsdbError.Create(null, $"name {schema.Name} in header does not match name {Raft.Name} in schema");
            }

            Database = new Database(schema);
        }

        if (Database is null)
        {
            return OvsdbError.Create(null, $"{Name}: data without schema");
        }

        if (entry.Data is not null)
        {
            var transaction = new Transaction(Database);
            OvsdbError? error = TxnRecord.Replay(transaction, entry.Data) ?? transaction.Precommit(out changes);
            if (error is not null)
            {
                return error;
            }

            transaction.Apply();
        }

        MarkApplied(entry.Eid);
        return null;
    }

    /// <summary>Records that the entry <paramref name="eid"/> was applied by the caller (its own transaction).</summary>
    public void MarkApplied(Guid eid)
    {
        if (eid != Guid.Empty)
        {
            Prerequisite = eid;
        }
    }

    /// <summary>
    /// Proposes the record of <paramref name="changes"/> as a new entry. Returns null with
    /// <paramref name="eid"/> all-zeros when nothing persistent changed (there is nothing to write), null with the
    /// entry's ID once it is committed, or a "cluster error" naming why it was not.
    /// </summary>
    public OvsdbError? Propose(TxnChanges changes, out Guid eid)
    {
        eid = Guid.Empty;
        JsonObject? record = TxnRecord.FromChanges(changes, _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (record is null)
        {
            return null;
        }

        return ProposeEntry(new JsonArray([JsonValue.Null, record]), out eid);
    }

    /// <summary>Proposes a schema change: [schema, data], data being the converted database as one record.</summary>
    public OvsdbError? ProposeSchemaChange(DatabaseSchema schema, JsonObject data, out Guid eid) =>
        ProposeEntry(new JsonArray([schema.ToJson(), data]), out eid);

    private OvsdbError? ProposeEntry(JsonArray data, out Guid eid)
    {
        RaftCommand command = Raft.Execute(data, Prerequisite);
        eid = command.Eid;
        return command.Status == RaftCommandStatus.Success
            ? null
            : new OvsdbError("cluster error", RaftCommand.Describe(command.Status));
    }

    /// <summary>Upstream's snapshot schedule (see the file comment).</summary>
    public bool ShouldSnapshot()
    {
        long now = Raft.NowMs;
        if (now < _nextSnapshotMin)
        {
            return false;
        }

        long length = Raft.LogLength;
        bool recommended = now < _nextSnapshotMax
            ? length >= 100 && Raft.FileSize >= GrowMinSize && Raft.FileSize >= 2 * _baseSize
            : length > 0;
        if (!recommended)
        {
            ScheduleNextSnapshot(quick: true);
            return false;
        }

        return Raft.MaySnapshot;
    }

    /// <summary>Writes a snapshot of the database as applied so far, with upstream's record comment.</summary>
    public OvsdbError? Snapshot(string? comment)
    {
        JsonObject data = TxnRecord.Snapshot(Database, _time.GetUtcNow().ToUnixTimeMilliseconds(), comment, isDiff: true);
        OvsdbError? error = Raft.StoreSnapshot(Database.Schema.ToJson(), data);
        ScheduleNextSnapshot(quick: error is not null);
        if (error is null)
        {
            _baseSize = Raft.FileSize;
        }

        return error;
    }

    private void ScheduleNextSnapshot(bool quick)
    {
        long baseMs = quick ? SnapshotBaseMs / 10 : SnapshotBaseMs;
        long range = quick ? SnapshotRangeMs / 10 : SnapshotRangeMs;
        long now = Raft.NowMs;
        _nextSnapshotMin = now + baseMs + Random.Shared.NextInt64(range);
        if (!quick)
        {
            _nextSnapshotMax = now + OneDayMs;
        }
    }

    public void Dispose() => Raft.Dispose();
}
