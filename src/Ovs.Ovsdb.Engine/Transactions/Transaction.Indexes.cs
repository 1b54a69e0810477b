// Upstream: ovsdb/transaction.c, check_index_uniqueness() and its error text (OVS 3.1)
//
// After the transaction, no two rows of a table may share the values of an index's columns. A transaction row
// is checked against the other transaction rows and against the committed index; a committed row only conflicts
// if the transaction left it alone (rows the transaction touched are checked through their new versions).
using System.Text;

namespace Ovs.Ovsdb.Engine.Transactions;

internal sealed partial class Transaction
{
    private OvsdbError? CheckIndexes()
    {
        foreach ((Table table, Dictionary<Guid, TxnRow> rows) in _tables)
        {
            foreach (UniqueIndex index in table.Indexes)
            {
                var seen = new Dictionary<IndexKey, TxnRow>();
                foreach (TxnRow txnRow in rows.Values)
                {
                    if (txnRow.New is not { } row)
                    {
                        continue;
                    }

                    IndexKey key = index.KeyOf(row);
                    if (seen.TryGetValue(key, out TxnRow? first))
                    {
                        return IndexError(table, index, key, Describe(index, first), Describe(index, txnRow));
                    }

                    seen.Add(key, txnRow);
                    if (index.TryFind(key, out Guid other) && other != row.Uuid && !rows.ContainsKey(other))
                    {
                        string existing = $"row, with UUID {other}, existed in the database before this transaction and was not modified by the transaction.";
                        return IndexError(table, index, key, Describe(index, txnRow), existing);
                    }
                }
            }
        }

        return null;
    }

    private static string Describe(UniqueIndex index, TxnRow txnRow)
    {
        string what;
        if (txnRow.Old is null)
        {
            what = "was inserted by this transaction.";
        }
        else if (index.KeyOf(txnRow.Old).Equals(index.KeyOf(txnRow.New!)))
        {
            what = "existed in the database before this transaction, which modified some of the row's columns but not any columns in this index.";
        }
        else
        {
            what = $"had the following index values before the transaction: {FormatValues(index, index.KeyOf(txnRow.Old))}.";
        }

        return $"row, with UUID {txnRow.Uuid}, {what}";
    }

    private static OvsdbError IndexError(Table table, UniqueIndex index, IndexKey key, string first, string second)
    {
        var columns = index.Columns.Select(c => $"\"{c.Name}\"").ToList();
        string columnText = (columns.Count == 1 ? "column " : "columns ") + EnglishList(columns);
        return OvsdbError.ConstraintViolation(
            $"Transaction causes multiple rows in \"{table.Name}\" table to have identical values ({FormatValues(index, key)}) " +
            $"for index on {columnText}.  First {first}  Second {second}");
    }

    private static string FormatValues(UniqueIndex index, IndexKey key) =>
        EnglishList([.. index.Columns.Select((c, i) => key.Values[i].ToDisplayString(c.Type))]);

    /// <summary>"a", "a and b", "a, b, and c".</summary>
    private static string EnglishList(IReadOnlyList<string> items)
    {
        if (items.Count <= 2)
        {
            return string.Join(" and ", items);
        }

        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            sb.Append(i == 0 ? "" : i == items.Count - 1 ? ", and " : ", ").Append(items[i]);
        }

        return sb.ToString();
    }
}
