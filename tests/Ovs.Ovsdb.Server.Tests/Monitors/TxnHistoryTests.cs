// The transaction history behind monitor_cond_since: finding a transaction, merging the changes after it, and the
// size limits upstream applies.
using Ovs.Ovsdb.Server.Monitors;

namespace Ovs.Ovsdb.Server.Tests.Monitors;

public sealed class TxnHistoryTests
{
    private static readonly TableSchema s_table = Parse();

    private static TableSchema Parse()
    {
        Assert.Null(DatabaseSchema.TryParse(InProcessServer.Schema, out DatabaseSchema schema));
        return schema.GetTable("r")!;
    }

    private static MonitorRow Row(Guid uuid, long n)
    {
        var values = new Datum[s_table.Columns.Count];
        foreach (ColumnSchema column in s_table.Columns)
        {
            values[column.Index] = Datum.Default(column.Type);
        }

        values[0] = Datum.Scalar(Atom.Uuid(uuid));
        values[s_table.GetColumn("n")!.Index] = Datum.Scalar(Atom.Integer(n));
        return new MonitorRow(uuid, values);
    }

    private static List<MonitorTableChanges> Change(Guid uuid, MonitorRow? old, MonitorRow? @new) =>
        [new MonitorTableChanges(s_table, [new MonitorRowChange(uuid, old, @new)])];

    [Fact]
    public void ChangesAfterAKnownTransactionAreMergedPerRow()
    {
        var history = new TxnHistory();
        Guid a = Guid.NewGuid();
        Guid b = Guid.NewGuid();
        Guid t1 = Guid.NewGuid();
        Guid t2 = Guid.NewGuid();
        Guid t3 = Guid.NewGuid();
        Guid t4 = Guid.NewGuid();
        history.Add(t1, Change(a, null, Row(a, 1)));
        history.Add(t2, Change(a, Row(a, 1), Row(a, 2)));
        history.Add(t3, Change(b, null, Row(b, 5)));
        history.Add(t4, Change(b, Row(b, 5), null));
        Assert.Equal(t4, history.LastId);

        Assert.True(history.TryGetChangesAfter(t1, out List<MonitorTableChanges> since));
        MonitorTableChanges table = Assert.Single(since);

        // Row a went 1 -> 2; row b was inserted and deleted after t1, so it does not appear.
        MonitorRowChange change = Assert.Single(table.Rows);
        Assert.Equal(a, change.Uuid);
        Assert.Equal(Atom.Integer(1), change.Old!.Value.Values[s_table.GetColumn("n")!.Index].Keys[0]);
        Assert.Equal(Atom.Integer(2), change.New!.Value.Values[s_table.GetColumn("n")!.Index].Keys[0]);

        Assert.True(history.TryGetChangesAfter(t4, out since));
        Assert.Empty(since);
        Assert.False(history.TryGetChangesAfter(Guid.NewGuid(), out _));
        Assert.False(history.TryGetChangesAfter(Guid.Empty, out _));
    }

    [Fact]
    public void TrimKeepsAtMostAHundredAndAlwaysTheNewest()
    {
        var history = new TxnHistory();
        Guid row = Guid.NewGuid();
        Guid last = Guid.Empty;
        for (int i = 0; i < 150; i++)
        {
            last = Guid.NewGuid();
            history.Add(last, Change(row, null, Row(row, i)));
        }

        history.Trim(databaseAtoms: long.MaxValue);
        Assert.Equal(100, history.Count);

        // More atoms in the history than in the database: drop down to the newest transaction only.
        history.Trim(databaseAtoms: 0);
        Assert.Equal(1, history.Count);
        Assert.Equal(last, history.LastId);
    }
}
