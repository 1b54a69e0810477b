// Upstream: ovsdb/transaction.c (ovsdb_txn_for_each_change) and ovsdb/monitor.c's view of a commit (OVS 3.1)
//
// What a committed transaction did, in a form both consumers need: the storage writes the persistent part as a
// diff record, and monitors turn it into update/update2/update3 notifications. Each RowChange keeps the old and
// new committed Row objects (immutable, so they can be kept and compared later) and, for modifications, which
// columns changed, so consumers touch only those. Inserted rows have Old null, deleted rows New null.
namespace Ovs.Ovsdb.Engine.Transactions;

internal sealed class TxnChanges(IReadOnlyList<TableChanges> tables, string? comment)
{
    public static readonly TxnChanges None = new([], null);

    public IReadOnlyList<TableChanges> Tables { get; } = tables;

    /// <summary>The transaction's "comment" operations, joined with newlines; null if none.</summary>
    public string? Comment { get; } = comment;

    public bool IsEmpty => Tables.Count == 0;
}

internal sealed class TableChanges(Table table, IReadOnlyList<RowChange> rows)
{
    public Table Table { get; } = table;

    public IReadOnlyList<RowChange> Rows { get; } = rows;
}

/// <summary>One row's change. <see cref="Changed"/> is indexed by column index; all true for inserts/deletes.</summary>
internal readonly record struct RowChange(Guid Uuid, Row? Old, Row? New, bool[] Changed)
{
    public bool IsInsert => Old is null;

    public bool IsDelete => New is null;
}
