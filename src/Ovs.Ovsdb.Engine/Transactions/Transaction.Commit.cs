// Upstream: ovsdb/transaction.c, ovsdb_txn_precommit(), ovsdb_txn_complete() (OVS 3.1)
//
// Precommit runs the commit-time checks in upstream's order of concern (references, garbage, weak references,
// integrity, row limits, unique indexes), drops rows the transaction did not really change, assigns new
// _version values and freezes the result as a TxnChanges. Apply then installs those rows in the Database and
// updates its reference counts, weak-referrer sets and indexes. Between the two the caller may write the changes
// to storage and give up (by dropping the transaction) if that fails.
namespace Ovs.Ovsdb.Engine.Transactions;

internal sealed partial class Transaction
{
    private TxnChanges? _changes;

    /// <summary>
    /// Checks the commit-time rules and, on success, returns the changes to be written and applied. On failure the
    /// transaction must be discarded.
    /// </summary>
    public OvsdbError? Precommit(out TxnChanges changes)
    {
        changes = TxnChanges.None;
        Dictionary<RowRef, int> deltas = ComputeStrongDeltas();

        // Both integrity checks come before garbage collection, as upstream's do: a row that refers to a missing
        // row fails even if it would itself be collected, and so does deleting a row still referenced by rows
        // that the collection would remove.
        OvsdbError? error = CheckStrongRefTargets() ?? CheckRemainingReferences(deltas);
        if (error is not null)
        {
            return error;
        }

        CollectGarbage(deltas);
        error = RemoveDanglingWeakRefs() ?? CheckMaxRows();
        if (error is not null)
        {
            return error;
        }

        DropUnchangedRows();
        if (CheckIndexes() is { } indexError)
        {
            return indexError;
        }

        // Inserted rows keep the _version they got at insertion (visible to later operations); modified rows get
        // a new one.
        foreach (TxnRow txnRow in AllTxnRows())
        {
            if (txnRow.Old is not null)
            {
                txnRow.New?.SetVersion(Database.NewUuid());
            }
        }

        _changes = changes = BuildChanges();
        return null;
    }

    /// <summary>Installs the changes computed by <see cref="Precommit"/> into the database.</summary>
    public void Apply()
    {
        if (_changes is null)
        {
            throw new InvalidOperationException("Precommit must succeed before Apply");
        }

        Dictionary<RowRef, int> deltas = ComputeStrongDeltas();
        foreach (KeyValuePair<RowRef, int> delta in deltas)
        {
            if (delta.Value != 0)
            {
                delta.Key.Table.AddStrongRefs(delta.Key.Uuid, delta.Value);
            }
        }

        foreach (TxnRow txnRow in AllTxnRows())
        {
            Table table = txnRow.Table;
            if (txnRow.Old is { } old)
            {
                UpdateWeakReferrers(old, add: false);
                foreach (UniqueIndex index in table.Indexes)
                {
                    index.Remove(old);
                }

                table.Remove(old.Uuid);
            }
        }

        foreach (TxnRow txnRow in AllTxnRows())
        {
            if (txnRow.New is { } row)
            {
                txnRow.Table.Put(row);
                UpdateWeakReferrers(row, add: true);
                foreach (UniqueIndex index in txnRow.Table.Indexes)
                {
                    index.Add(row);
                }
            }
        }

        _tables.Clear();
    }

    private void UpdateWeakReferrers(Row row, bool add)
    {
        RowRef source = new(Database.GetTable(row.Schema), row.Uuid);
        foreach (ColumnSchema column in row.Schema.Columns)
        {
            OvsdbType type = column.Type;
            Datum datum = row.Values[column.Index];
            if (type.Key.IsWeakReference)
            {
                Link(Database.GetTable(type.Key.RefTableName!)!, datum.Keys, source, add);
            }

            if (type.IsMap && type.Value.IsWeakReference)
            {
                Link(Database.GetTable(type.Value.RefTableName!)!, datum.Values, source, add);
            }
        }
    }

    private static void Link(Table target, ReadOnlySpan<Atom> atoms, RowRef source, bool add)
    {
        foreach (Atom atom in atoms)
        {
            if (add)
            {
                target.AddWeakReferrer(atom.AsUuid, source);
            }
            else
            {
                target.RemoveWeakReferrer(atom.AsUuid, source);
            }
        }
    }

    private OvsdbError? CheckMaxRows()
    {
        foreach ((Table table, Dictionary<Guid, TxnRow> rows) in _tables)
        {
            uint max = table.Schema.MaxRows;
            if (max == TableSchema.Unlimited || rows.Count == 0)
            {
                continue;
            }

            long count = table.Count;
            foreach (TxnRow txnRow in rows.Values)
            {
                count += (txnRow.Old is null ? 1 : 0) - (txnRow.New is null ? 1 : 0);
            }

            if (count > max)
            {
                return OvsdbError.ConstraintViolation(
                    $"transaction causes \"{table.Name}\" table to contain {count} rows, greater than the schema-defined limit of {max} row(s)");
            }
        }

        return null;
    }

    private void DropUnchangedRows()
    {
        foreach (Dictionary<Guid, TxnRow> rows in _tables.Values)
        {
            var unchanged = new List<Guid>();
            foreach (TxnRow txnRow in rows.Values)
            {
                int n = txnRow.Table.Schema.Columns.Count;
                var changed = new bool[n];
                bool any = false;
                for (int i = 2; i < n; i++)
                {
                    changed[i] = txnRow.Old is null || txnRow.New is null || !txnRow.Old.Values[i].Equals(txnRow.New.Values[i]);
                    any |= changed[i];
                }

                if (txnRow.Old is not null && txnRow.New is not null && !any)
                {
                    unchanged.Add(txnRow.Uuid);
                }

                changed[1] = true;
                changed[0] = txnRow.Old is null || txnRow.New is null;
                txnRow.Changed = changed;
            }

            foreach (Guid uuid in unchanged)
            {
                rows.Remove(uuid);
            }
        }
    }

    private TxnChanges BuildChanges()
    {
        var tables = new List<TableChanges>();
        foreach (Table table in Database.Tables)
        {
            if (!_tables.TryGetValue(table, out Dictionary<Guid, TxnRow>? rows) || rows.Count == 0)
            {
                continue;
            }

            var changes = new List<RowChange>(rows.Count);
            foreach (TxnRow txnRow in rows.Values)
            {
                changes.Add(new RowChange(txnRow.Uuid, txnRow.Old, txnRow.New, txnRow.Changed!));
            }

            tables.Add(new TableChanges(table, changes));
        }

        return new TxnChanges(tables, _comments.Count == 0 ? null : string.Join('\n', _comments));
    }
}
