// Upstream: ovsdb/transaction.c, update_ref_counts(), assess_weak_refs(), collect_garbage() (OVS 3.1)
//
// Reference rules applied at commit, in this order (the order decides which error a bad transaction gets, and
// matches what ovsdb-tool 3.1 reports):
// 1. Strong reference counts after the commit are "committed count + delta", the delta summing, over the rows
//    the transaction touched, the references their new versions hold minus those their old versions held.
//    A row's references to itself are not counted, so a row referenced only by itself is garbage.
// 2. A strong reference the transaction adds (present in a row's new version but not its old one) must name an
//    existing row, else "referential integrity violation ... references nonexistent row". A reference to the
//    row's own UUID is exempt, even from a column that refers to another table (upstream accepts it).
// 3. A row the transaction deletes must have no strong reference left, else "cannot delete ... because of N
//    remaining reference(s)".
// 4. Garbage collection: a row of a non-root table that exists after the commit with no strong reference left is
//    deleted; that can orphan further rows, so candidates are processed from a work list.
// 5. Weak references to rows that do not exist after the commit are removed, both from rows the transaction
//    wrote and from committed rows that referred to rows it deleted; a column left below its minimum size fails.
namespace Ovs.Ovsdb.Engine.Transactions;

internal sealed partial class Transaction
{
    private Dictionary<RowRef, int> ComputeStrongDeltas()
    {
        var deltas = new Dictionary<RowRef, int>();
        foreach (TxnRow txnRow in AllTxnRows())
        {
            AddRefs(deltas, txnRow.Old, -1);
            AddRefs(deltas, txnRow.New, +1);
        }

        return deltas;
    }

    private void AddRefs(Dictionary<RowRef, int> deltas, Row? row, int sign)
    {
        if (row is null)
        {
            return;
        }

        foreach (ColumnSchema column in row.Schema.Columns)
        {
            OvsdbType type = column.Type;
            Datum datum = row.Values[column.Index];
            if (type.Key.IsStrongReference)
            {
                AddRefs(deltas, row, Database.GetTable(type.Key.RefTableName!)!, datum.Keys, sign);
            }

            if (type.IsMap && type.Value.IsStrongReference)
            {
                AddRefs(deltas, row, Database.GetTable(type.Value.RefTableName!)!, datum.Values, sign);
            }
        }
    }

    private static void AddRefs(Dictionary<RowRef, int> deltas, Row row, Table target, ReadOnlySpan<Atom> atoms, int sign)
    {
        foreach (Atom atom in atoms)
        {
            // A row's references to itself do not count: they cannot keep it alive (Debian's ovsdb-tool collects
            // a non-root row referenced only by itself).
            if (atom.AsUuid == row.Uuid && target.Schema == row.Schema)
            {
                continue;
            }

            RowRef r = new(target, atom.AsUuid);
            deltas[r] = deltas.GetValueOrDefault(r) + sign;
        }
    }

    private int RefCountAfter(Dictionary<RowRef, int> deltas, RowRef r) =>
        r.Table.StrongRefCount(r.Uuid) + deltas.GetValueOrDefault(r);

    private void CollectGarbage(Dictionary<RowRef, int> deltas)
    {
        var work = new Stack<RowRef>();
        foreach (TxnRow txnRow in AllTxnRows())
        {
            if (txnRow.Old is null && txnRow.New is not null && !txnRow.Table.Schema.IsRoot)
            {
                work.Push(txnRow.Ref);
            }
        }

        foreach (KeyValuePair<RowRef, int> delta in deltas)
        {
            if (delta.Value < 0 && !delta.Key.Table.Schema.IsRoot)
            {
                work.Push(delta.Key);
            }
        }

        while (work.TryPop(out RowRef r))
        {
            if (!ExistsAfter(r) || RefCountAfter(deltas, r) != 0)
            {
                continue;
            }

            Row row = Find(r.Table, r.Uuid)!;
            var lost = new Dictionary<RowRef, int>();
            AddRefs(lost, row, -1);
            Delete(r.Table, row);
            foreach (KeyValuePair<RowRef, int> l in lost)
            {
                deltas[l.Key] = deltas.GetValueOrDefault(l.Key) + l.Value;
                if (!l.Key.Table.Schema.IsRoot)
                {
                    work.Push(l.Key);
                }
            }
        }
    }

    private OvsdbError? RemoveDanglingWeakRefs()
    {
        var toClean = new List<TxnRow>();
        var deleted = new List<TxnRow>();
        foreach (TxnRow txnRow in AllTxnRows())
        {
            if (txnRow.New is not null)
            {
                toClean.Add(txnRow);
            }
            else if (txnRow.Old is not null)
            {
                deleted.Add(txnRow);
            }
        }

        foreach (TxnRow d in deleted)
        {
            foreach (RowRef referrer in d.Table.WeakReferrers(d.Uuid))
            {
                TxnRow? existing = GetTxnRow(referrer);
                if (existing is null && referrer.Table.Find(referrer.Uuid) is { } committed)
                {
                    Modify(referrer.Table, committed);
                    toClean.Add(GetTxnRow(referrer)!);
                }
            }
        }

        foreach (TxnRow txnRow in toClean)
        {
            if (CleanWeakRefs(txnRow) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private OvsdbError? CleanWeakRefs(TxnRow txnRow)
    {
        Row row = txnRow.New!;
        foreach (ColumnSchema column in row.Schema.Columns)
        {
            OvsdbType type = column.Type;
            bool weakKey = type.Key.IsWeakReference;
            bool weakValue = type.IsMap && type.Value.IsWeakReference;
            if (!weakKey && !weakValue)
            {
                continue;
            }

            Datum datum = row.Values[column.Index];
            Table? keyTable = weakKey ? Database.GetTable(type.Key.RefTableName!) : null;
            Table? valueTable = weakValue ? Database.GetTable(type.Value.RefTableName!) : null;
            var keys = new List<Atom>(datum.Count);
            var values = new List<Atom>(datum.Count);
            int removed = 0;
            bool onlyZeroUuids = true;
            for (int i = 0; i < datum.Count; i++)
            {
                Atom key = datum.Keys[i];
                bool dangling = keyTable is not null && !ExistsAfter(new RowRef(keyTable, key.AsUuid));
                if (!dangling && valueTable is not null)
                {
                    dangling = !ExistsAfter(new RowRef(valueTable, datum.Values[i].AsUuid));
                }

                if (dangling)
                {
                    removed++;
                    onlyZeroUuids &= (keyTable is null || key.AsUuid == Guid.Empty)
                        && (valueTable is null || datum.Values[i].AsUuid == Guid.Empty);
                    continue;
                }

                keys.Add(key);
                if (type.IsMap)
                {
                    values.Add(datum.Values[i]);
                }
            }

            if (removed == 0)
            {
                continue;
            }

            Datum cleaned = type.IsMap ? Datum.CreateMap(keys.Zip(values, (k, v) => new KeyValuePair<Atom, Atom>(k, v))) : Datum.CreateSet(keys);
            if (cleaned.Count < type.Min)
            {
                string inserted = txnRow.IsInsert ? "(inserted within this transaction) " : "";
                return OvsdbError.ConstraintViolation(txnRow.IsInsert && onlyZeroUuids
                    ? $"Weak reference column \"{column.Name}\" in \"{row.Schema.Name}\" row {row.Uuid} (inserted within this transaction) contained all-zeros UUID (probably as the default value for this column) but deleting this value caused a constraint volation because this column is not allowed to be empty."
                    : $"Deletion of {removed} weak reference(s) to deleted (or never-existing) rows from column \"{column.Name}\" in \"{row.Schema.Name}\" row {row.Uuid} {inserted}caused this column to become empty, but constraints on this column disallow an empty column.");
            }

            row.Values[column.Index] = cleaned;
        }

        return null;
    }

    private OvsdbError? CheckRemainingReferences(Dictionary<RowRef, int> deltas)
    {
        foreach (TxnRow txnRow in AllTxnRows())
        {
            if (txnRow.New is null && txnRow.Old is not null)
            {
                int remaining = RefCountAfter(deltas, txnRow.Ref);
                if (remaining > 0)
                {
                    return new OvsdbError(
                        OvsdbErrorTags.ReferentialIntegrityViolation,
                        $"cannot delete {txnRow.Table.Name} row {txnRow.Uuid} because of {remaining} remaining reference(s)");
                }
            }
        }

        return null;
    }

    private OvsdbError? CheckStrongRefTargets()
    {
        foreach (TxnRow txnRow in AllTxnRows())
        {
            if (txnRow.New is { } row && FindMissingStrongRef(txnRow.Old, row) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private OvsdbError? FindMissingStrongRef(Row? oldRow, Row row)
    {
        foreach (ColumnSchema column in row.Schema.Columns)
        {
            OvsdbType type = column.Type;
            Datum datum = row.Values[column.Index];
            Datum? oldDatum = oldRow?.Values[column.Index];
            if (oldDatum is not null && oldDatum.Equals(datum))
            {
                continue;
            }

            if (type.Key.IsStrongReference && FindMissing(row, column, type.Key, datum.Keys, oldDatum is null ? default : oldDatum.Keys, sorted: true) is { } keyError)
            {
                return keyError;
            }

            if (type.IsMap && type.Value.IsStrongReference
                && FindMissing(row, column, type.Value, datum.Values, oldDatum is null ? default : oldDatum.Values, sorted: false) is { } valueError)
            {
                return valueError;
            }
        }

        return null;
    }

    private OvsdbError? FindMissing(Row row, ColumnSchema column, BaseType type, ReadOnlySpan<Atom> atoms, ReadOnlySpan<Atom> oldAtoms, bool sorted)
    {
        Table target = Database.GetTable(type.RefTableName!)!;
        foreach (Atom atom in atoms)
        {
            // Keys are sorted, so a binary search finds old keys; map values are not, but are rarely references.
            // A row's reference to its own UUID is not counted (rule 1), so it is not checked either, whatever
            // table the column refers to: upstream 3.1 accepts and stores such a reference.
            bool wasThere = sorted ? oldAtoms.BinarySearch(atom) >= 0 : oldAtoms.Contains(atom);
            if (!wasThere && atom.AsUuid != row.Uuid && !ExistsAfter(new RowRef(target, atom.AsUuid)))
            {
                return new OvsdbError(
                    OvsdbErrorTags.ReferentialIntegrityViolation,
                    $"Table {row.Schema.Name} column {column.Name} row {row.Uuid} references nonexistent row {atom.AsUuid} in table {target.Name}.");
            }
        }

        return null;
    }
}
