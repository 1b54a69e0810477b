// Upstream: lib/ovsdb-idl.c, struct ovsdb_idl_txn (OVS 3.1)
//
// A transaction against the replica. Changes are recorded on the rows themselves (IdlRow.New, IsDeleted,
// Verified), so every reader sees them at once; committing turns them into one "transact" request in
// upstream's order: "wait" operations for verified columns, a "wait" that a singleton table is still empty when
// this transaction inserts its first row, then per changed row a delete, insert or update (deleting a row of a
// non-root table is left to the server's garbage collection, as upstream does), then the increment ("mutate"
// plus "select"), the comment and, for a dry run, "abort". A transaction that changes nothing is not sent.
// Whatever the outcome, committing (or disposing) rolls the rows back: the replica only changes when the
// server's update arrives.
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Ovsdb.Client.Idl;

public sealed partial class IdlTransaction : IDisposable
{
    private readonly OvsdbIdl _idl;
    private readonly List<IdlRow> _rows = [];
    private readonly List<string> _comments = [];
    private readonly Dictionary<Guid, Guid> _inserted = [];
    private IdlRow? _incrementRow;
    private ColumnSchema? _incrementColumn;
    private bool _incrementForce;
    private bool _finished;

    public IdlTransaction(OvsdbIdl idl)
    {
        if (idl.OpenTransaction is not null)
        {
            throw new InvalidOperationException("the IDL already has an open transaction");
        }

        _idl = idl;
        idl.OpenTransaction = this;
    }

    public IdlTxnStatus Status { get; private set; } = IdlTxnStatus.Uncommitted;

    /// <summary>For <see cref="IdlTxnStatus.Error"/>: the server's error, as sorted compact JSON.</summary>
    public string? Error { get; private set; }

    /// <summary>Adds an "abort" at the end, so the server checks the transaction and then discards it.</summary>
    public bool DryRun { get; set; }

    /// <summary>The new value of the incremented column after a successful commit.</summary>
    public long IncrementNewValue { get; private set; }

    public void AddComment(string comment) => _comments.Add(comment);

    /// <summary>
    /// Inserts a row into <paramref name="table"/>. The row is known by <paramref name="uuid"/> (a fresh one when
    /// null) inside the transaction. With <paramref name="persistUuid"/> the server creates the row with that
    /// UUID; otherwise the UUID is temporary and the commit reports the real one (see GetInsertedUuid).
    /// </summary>
    public IdlRow Insert(IdlTable table, Guid? uuid = null, bool persistUuid = false)
    {
        IdlRow row = table.AddInserted(uuid ?? Guid.NewGuid());
        row.PersistUuid = persistUuid && uuid is not null;
        row.New = new Datum?[table.Schema.Columns.Count];
        Track(row);
        return row;
    }

    /// <summary>Sets the whole value of <paramref name="column"/> in <paramref name="row"/>.</summary>
    public void Write(IdlRow row, ColumnSchema column, Datum value)
    {
        if (column.Index < 2)
        {
            throw new ArgumentException($"column {column.Name} cannot be written", nameof(column));
        }

        row.New ??= new Datum?[row.Table.Schema.Columns.Count];
        row.New[column.Index] = value;
        Track(row);
    }

    public void Delete(IdlRow row)
    {
        row.IsDeleted = true;
        Track(row);
    }

    /// <summary>
    /// Makes the commit fail with <see cref="IdlTxnStatus.TryAgain"/> if <paramref name="column"/> of
    /// <paramref name="row"/> changed on the server since the replica last saw it.
    /// </summary>
    public void Verify(IdlRow row, ColumnSchema column)
    {
        if (row.IsNew || column.Index < 2 || (row.New?[column.Index] is not null))
        {
            return;
        }

        row.Verified ??= [];
        row.Verified.Add(column.Index);
        Track(row);
    }

    /// <summary>
    /// Increments integer <paramref name="column"/> of <paramref name="row"/> at commit, when the transaction
    /// changes anything else (or always, with <paramref name="force"/>); <see cref="IncrementNewValue"/> then
    /// holds the new value.
    /// </summary>
    public void Increment(IdlRow row, ColumnSchema column, bool force)
    {
        _incrementRow = row;
        _incrementColumn = column;
        _incrementForce = force;
    }

    /// <summary>The UUID the server gave to inserted <paramref name="row"/> (after a successful commit).</summary>
    public Guid? GetInsertedUuid(IdlRow row) =>
        row.PersistUuid ? row.Uuid : _inserted.TryGetValue(row.Uuid, out Guid real) && real != Guid.Empty ? real : null;

    /// <summary>The UUID the server gave to the row inserted as <paramref name="dummy"/> (after a successful commit).</summary>
    public Guid? GetInsertedUuidFor(Guid dummy)
    {
        foreach (IdlRow row in _rows)
        {
            if (row.Uuid == dummy && row.IsNew)
            {
                return GetInsertedUuid(row);
            }
        }

        return null;
    }

    private void Track(IdlRow row)
    {
        if (!row.InTransaction)
        {
            row.InTransaction = true;
            _rows.Add(row);
        }
    }

    /// <summary>Sends the transaction and waits for the outcome (see <see cref="IdlTxnStatus"/>).</summary>
    public async Task<IdlTxnStatus> CommitAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return Status;
        }

        try
        {
            if (_idl.Client is not { } client)
            {
                return Status = IdlTxnStatus.TryAgain;
            }

            if (_idl.LockName is not null && !_idl.HasLock)
            {
                return Status = IdlTxnStatus.NotLocked;
            }

            (JsonArray operations, bool anyUpdates, int incrementIndex, List<(Guid Dummy, int Index)> inserts) = BuildOperations();
            if (!anyUpdates)
            {
                return Status = IdlTxnStatus.Unchanged;
            }

            RpcReply reply = await client.TransactAsync(operations, cancellationToken).ConfigureAwait(false);
            Status = ProcessReply(reply, incrementIndex, inserts);
            return Status;
        }
        finally
        {
            Finish();
        }
    }

    /// <summary>Rolls back an uncommitted transaction.</summary>
    public void Abort()
    {
        if (!_finished)
        {
            Status = IdlTxnStatus.Aborted;
            Finish();
        }
    }

    public void Dispose() => Abort();

    private void Finish()
    {
        _finished = true;
        foreach (IdlRow row in _rows)
        {
            row.ClearTransactionState();
        }

        foreach (IdlTable table in _idl.Tables)
        {
            table.ClearInserted();
        }

        if (_idl.OpenTransaction == this)
        {
            _idl.OpenTransaction = null;
        }
    }
}
