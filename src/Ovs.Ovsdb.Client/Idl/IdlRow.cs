// Upstream: lib/ovsdb-idl.c, struct ovsdb_idl_row (OVS 3.1)
//
// One row of the replica. A row carries two layers: the values the server last sent (Old, null for a row that a
// transaction inserted) and the values the open transaction wrote (New, sparse: a null entry means "not written").
// Readers see the written value when there is one, so commands that run inside a transaction see their own
// changes, exactly as upstream's ovsdb_idl_read() does. All state belongs to the thread that drives the IDL.
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Client.Idl;

public sealed class IdlRow
{
    internal IdlRow(IdlTable table, Guid uuid, Datum[]? old)
    {
        Table = table;
        Uuid = uuid;
        Old = old;
    }

    public Guid Uuid { get; }

    public IdlTable Table { get; }

    /// <summary>True for a row inserted by the open transaction (it has no committed values yet).</summary>
    public bool IsNew => Old is null;

    /// <summary>True once the open transaction deleted this row.</summary>
    public bool IsDeleted { get; internal set; }

    internal Datum[]? Old { get; set; }

    internal Datum?[]? New { get; set; }

    internal SortedSet<int>? Verified { get; set; }

    internal bool PersistUuid { get; set; }

    internal bool InTransaction { get; set; }

    /// <summary>The value of <paramref name="column"/> as the open transaction sees it.</summary>
    public Datum Get(ColumnSchema column)
    {
        if (column.Index == 0)
        {
            return Datum.Scalar(Atom.Uuid(Uuid));
        }

        return New?[column.Index] ?? Old?[column.Index] ?? Datum.Default(column.Type);
    }

    public Datum Get(string column) => Get(Table.Schema.GetColumn(column)
        ?? throw new ArgumentException($"no column {column} in table {Table.Name}", nameof(column)));

    /// <summary>The committed value (what the server last sent), ignoring the open transaction.</summary>
    public Datum GetCommitted(ColumnSchema column) =>
        column.Index == 0 ? Datum.Scalar(Atom.Uuid(Uuid)) : Old?[column.Index] ?? Datum.Default(column.Type);

    internal void ClearTransactionState()
    {
        New = null;
        Verified = null;
        IsDeleted = false;
        InTransaction = false;
    }

    public override string ToString() => $"{Table.Name} {Uuid}";
}
