// Upstream: ovsdb/transaction.c, check_index_uniqueness() and its error text (OVS 3.1)
//
// After the transaction, no two rows of a table may share the values of an index's columns. A transaction row
// is checked against the other transaction rows and against the committed index; a committed row only conflicts
// if the transaction left it alone (rows the transaction touched are checked through their new versions).
//
// The error names the clashing rows "First" and "Second" in an order that does not depend on which was found
// first: upstream sorts the pair by comparing all of the rows' columns, greater first. Experiments with Debian's
// ovsdb-tool show the ordinary columns decide whenever they differ (so a committed row "one" comes before a new
// row "another one", and of two new rows "x" and "one", "x"); rows equal in every ordinary column come out by
// _uuid on the vswitch schema. Upstream walks the columns in hash-table order, which cannot be reproduced
// exactly, so this compares the ordinary columns in schema order and then _uuid. Which pair is reported when
// three or more rows clash also follows upstream's hash order and may differ.
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
                    if (seen.TryGetValue(key, out TxnRow? other))
                    {
                        return IndexError(table, index, key, (other.New!, Describe(index, other)), (row, Describe(index, txnRow)));
                    }

                    seen.Add(key, txnRow);
                    if (index.TryFind(key, out Guid committed) && committed != row.Uuid && !rows.ContainsKey(committed))
                    {
                        string existing = $"row, with UUID {committed}, existed in the database before this transaction and was not modified by the transaction.";
                        return IndexError(table, index, key, (table.Find(committed)!, existing), (row, Describe(index, txnRow)));
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

    private static OvsdbError IndexError(Table table, UniqueIndex index, IndexKey key, (Row Row, string Text) a, (Row Row, string Text) b)
    {
        // The two rows are named in a fixed order, the one with greater column values first, whichever was found
        // first; see the file comment.
        if (CompareForReport(a.Row, b.Row) < 0)
        {
            (a, b) = (b, a);
        }

        var columns = index.Columns.Select(c => $"\"{c.Name}\"").ToList();
        string columnText = (columns.Count == 1 ? "column " : "columns ") + EnglishList(columns);
        return OvsdbError.ConstraintViolation(
            $"Transaction causes multiple rows in \"{table.Name}\" table to have identical values ({FormatValues(index, key)}) " +
            $"for index on {columnText}.  First {a.Text}  Second {b.Text}");
    }

    private static int CompareForReport(Row a, Row b)
    {
        foreach (ColumnSchema column in a.Schema.Columns)
        {
            if (!column.IsImplicit && a.Values[column.Index].CompareTo(b.Values[column.Index]) is int c and not 0)
            {
                return c;
            }
        }

        return a.Values[0].CompareTo(b.Values[0]);
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
