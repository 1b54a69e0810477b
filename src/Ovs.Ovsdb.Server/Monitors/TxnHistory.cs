// Upstream: ovsdb/transaction.c, the transaction history (ovsdb_txn_history_*), and ovsdb/monitor.c,
// ovsdb_monitor_get_changes_after() and ovsdb_monitor_get_last_txnid() (OVS 3.1)
//
// The recent transactions of a database whose transactions have IDs (a clustered database, where the ID is the
// Raft entry ID, or a relay, which takes its source's IDs), oldest first. monitor_cond_since uses it: a client that
// names a transaction still in the history gets only the changes made after it (found=true) instead of the whole
// contents, and every update3 carries the ID of the newest transaction. As upstream: every applied transaction is
// kept, then the oldest are dropped while there are more than 100 or they hold more atoms than the database, but
// the newest is always kept so the last ID stays known.
// Thread-safety: main loop only.
namespace Ovs.Ovsdb.Server.Monitors;

internal sealed class TxnHistory
{
    private const int MaxTransactions = 100;

    private readonly LinkedList<(Guid Id, IReadOnlyList<MonitorTableChanges> Tables, long Atoms)> _entries = [];

    /// <summary>Number of transactions kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Atoms (keys and values of the rows' columns) held by the kept transactions.</summary>
    public long Atoms { get; private set; }

    /// <summary>The newest transaction's ID, all-zeros when there is none.</summary>
    public Guid LastId => _entries.Last?.Value.Id ?? Guid.Empty;

    public void Add(Guid id, IReadOnlyList<MonitorTableChanges> tables)
    {
        long atoms = 0;
        foreach (MonitorTableChanges table in tables)
        {
            foreach (MonitorRowChange row in table.Rows)
            {
                atoms += CountAtoms(row.Old) + CountAtoms(row.New);
            }
        }

        _entries.AddLast((id, tables, atoms));
        Atoms += atoms;
    }

    /// <summary>Drops the oldest transactions beyond the limits, given the database's own atom count.</summary>
    public void Trim(long databaseAtoms)
    {
        while (_entries.Count > 1 && (_entries.Count > MaxTransactions || Atoms > databaseAtoms))
        {
            Atoms -= _entries.First!.Value.Atoms;
            _entries.RemoveFirst();
        }
    }

    public void Clear()
    {
        _entries.Clear();
        Atoms = 0;
    }

    /// <summary>
    /// If transaction <paramref name="id"/> is in the history, returns true with the net change of every
    /// transaction after it, per table and row (first old value, last new value); otherwise false.
    /// </summary>
    public bool TryGetChangesAfter(Guid id, out List<MonitorTableChanges> changes)
    {
        changes = [];
        LinkedListNode<(Guid Id, IReadOnlyList<MonitorTableChanges> Tables, long Atoms)>? node = _entries.First;
        while (node is not null && node.Value.Id != id)
        {
            node = node.Next;
        }

        if (node is null)
        {
            return false;
        }

        var byTable = new Dictionary<string, (MonitorTableChanges First, Dictionary<Guid, (MonitorRow? Old, MonitorRow? New)> Rows)>(StringComparer.Ordinal);
        var order = new List<string>();
        for (node = node.Next; node is not null; node = node.Next)
        {
            foreach (MonitorTableChanges table in node.Value.Tables)
            {
                if (!byTable.TryGetValue(table.Table.Name, out var merged))
                {
                    merged = (table, []);
                    byTable.Add(table.Table.Name, merged);
                    order.Add(table.Table.Name);
                }

                foreach (MonitorRowChange row in table.Rows)
                {
                    merged.Rows[row.Uuid] = merged.Rows.TryGetValue(row.Uuid, out var earlier)
                        ? (earlier.Old, row.New)
                        : (row.Old, row.New);
                }
            }
        }

        foreach (string name in order)
        {
            (MonitorTableChanges first, Dictionary<Guid, (MonitorRow? Old, MonitorRow? New)> rows) = byTable[name];
            var list = new List<MonitorRowChange>(rows.Count);
            foreach ((Guid uuid, (MonitorRow? old, MonitorRow? @new)) in rows)
            {
                if (old is not null || @new is not null)
                {
                    list.Add(new MonitorRowChange(uuid, old, @new));
                }
            }

            changes.Add(new MonitorTableChanges(first.Table, list));
        }

        return true;
    }

    private static long CountAtoms(MonitorRow? row)
    {
        if (row is not { } r)
        {
            return 0;
        }

        long atoms = 0;
        foreach (Ovs.Ovsdb.Datum datum in r.Values)
        {
            atoms += datum.Count * (datum.IsMap ? 2L : 1L);
        }

        return atoms;
    }
}
