// Upstream: ovsdb/transaction.c, struct ovsdb_txn_row (OVS 3.1)
namespace Ovs.Ovsdb.Engine.Transactions;

/// <summary>
/// One row touched by a transaction: <see cref="Old"/> is the committed row (null if inserted by the transaction)
/// and <see cref="New"/> the transaction's private copy (null if deleted).
/// </summary>
internal sealed class TxnRow(Table table, Guid uuid, Row? old, Row? @new)
{
    public Table Table { get; } = table;

    public Guid Uuid { get; } = uuid;

    public Row? Old { get; } = old;

    public Row? New { get; set; } = @new;

    /// <summary>Set by the commit checks: which columns differ between Old and New (null until then).</summary>
    public bool[]? Changed { get; set; }

    public bool IsInsert => Old is null;

    public bool IsDelete => New is null;

    public RowRef Ref => new(Table, Uuid);
}
