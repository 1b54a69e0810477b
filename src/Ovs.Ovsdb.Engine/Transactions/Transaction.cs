// Upstream: ovsdb/transaction.c (OVS 3.1)
//
// A transaction is a private overlay on a Database: the rows it inserted, modified or deleted, keyed by table
// and UUID. Reads through the transaction (Find, Rows) see the overlay, so later operations of a "transact"
// observe earlier ones. Nothing reaches the Database until Precommit() has checked the commit-time rules
// (referential integrity, weak references, garbage collection, maxRows, unique indexes; see
// Transaction.Commit.cs) and Apply() installs the result. Dropping a transaction object aborts it.
// Not thread-safe: used on the database owner's thread.
namespace Ovs.Ovsdb.Engine.Transactions;

internal sealed partial class Transaction
{
    private readonly Dictionary<Table, Dictionary<Guid, TxnRow>> _tables = [];
    private readonly List<string> _comments = [];

    public Transaction(Database database)
    {
        Database = database;
    }

    public Database Database { get; }

    public bool HasChanges => _tables.Values.Any(rows => rows.Count > 0);

    public void AddComment(string comment) => _comments.Add(comment);

    /// <summary>The row as this transaction sees it, or null if absent or deleted.</summary>
    public Row? Find(Table table, Guid uuid)
    {
        if (_tables.TryGetValue(table, out Dictionary<Guid, TxnRow>? rows) && rows.TryGetValue(uuid, out TxnRow? txnRow))
        {
            return txnRow.New;
        }

        return table.Find(uuid);
    }

    /// <summary>True if the transaction deleted a committed row with this UUID (it may not be reused).</summary>
    public bool IsDeleted(Table table, Guid uuid) =>
        _tables.TryGetValue(table, out Dictionary<Guid, TxnRow>? rows) && rows.TryGetValue(uuid, out TxnRow? r) && r.New is null;

    /// <summary>Every row of <paramref name="table"/> as this transaction sees it (committed order, then inserts).</summary>
    public IEnumerable<Row> Rows(Table table)
    {
        if (!_tables.TryGetValue(table, out Dictionary<Guid, TxnRow>? overlay) || overlay.Count == 0)
        {
            foreach (Row row in table.Rows)
            {
                yield return row;
            }

            yield break;
        }

        foreach (Row row in table.Rows)
        {
            if (overlay.TryGetValue(row.Uuid, out TxnRow? txnRow))
            {
                if (txnRow.New is not null)
                {
                    yield return txnRow.New;
                }
            }
            else
            {
                yield return row;
            }
        }

        foreach (TxnRow txnRow in overlay.Values)
        {
            if (txnRow.Old is null && txnRow.New is not null)
            {
                yield return txnRow.New;
            }
        }
    }

    /// <summary>Adds a row with default values; the caller fills in columns. The UUID must be unused.</summary>
    public Row Insert(Table table, Guid uuid)
    {
        Row row = Row.CreateDefault(table.Schema, uuid);
        row.SetVersion(Database.NewUuid());
        TableRows(table)[uuid] = new TxnRow(table, uuid, null, row);
        return row;
    }

    /// <summary>Returns a modifiable version of <paramref name="row"/> (which must be visible in this transaction).</summary>
    public Row Modify(Table table, Row row)
    {
        Dictionary<Guid, TxnRow> rows = TableRows(table);
        if (rows.TryGetValue(row.Uuid, out TxnRow? txnRow))
        {
            return txnRow.New ?? throw new InvalidOperationException("row was deleted in this transaction");
        }

        Row copy = row.CloneForUpdate();
        rows.Add(row.Uuid, new TxnRow(table, row.Uuid, row, copy));
        return copy;
    }

    public void Delete(Table table, Row row)
    {
        Dictionary<Guid, TxnRow> rows = TableRows(table);
        if (rows.TryGetValue(row.Uuid, out TxnRow? txnRow))
        {
            if (txnRow.Old is null)
            {
                rows.Remove(row.Uuid);
            }
            else
            {
                txnRow.New = null;
            }
        }
        else
        {
            rows.Add(row.Uuid, new TxnRow(table, row.Uuid, row, null));
        }
    }

    private Dictionary<Guid, TxnRow> TableRows(Table table)
    {
        if (!_tables.TryGetValue(table, out Dictionary<Guid, TxnRow>? rows))
        {
            rows = [];
            _tables.Add(table, rows);
        }

        return rows;
    }

    private TxnRow? GetTxnRow(RowRef r) =>
        _tables.TryGetValue(r.Table, out Dictionary<Guid, TxnRow>? rows) ? rows.GetValueOrDefault(r.Uuid) : null;

    /// <summary>True if the row exists once this transaction commits.</summary>
    private bool ExistsAfter(RowRef r)
    {
        TxnRow? txnRow = GetTxnRow(r);
        return txnRow is not null ? txnRow.New is not null : r.Table.Contains(r.Uuid);
    }

    private IEnumerable<TxnRow> AllTxnRows() => _tables.Values.SelectMany(rows => rows.Values);
}
