// Upstream: lib/ovsdb-idl.c, struct ovsdb_idl_table (OVS 3.1)
//
// The replica of one table: the registered columns and the rows the server sent, plus the rows an open
// transaction inserted. Rows keeps the order in which rows first appeared (upstream's order is a hash order that
// callers must not rely on either).
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Client.Idl;

public sealed class IdlTable
{
    private readonly Dictionary<Guid, IdlRow> _rows = [];
    private readonly List<IdlRow> _inserted = [];

    internal IdlTable(TableSchema schema, bool[] monitored)
    {
        Schema = schema;
        Monitored = monitored;
    }

    public string Name => Schema.Name;

    public TableSchema Schema { get; }

    /// <summary>Per column index: whether the column is replicated.</summary>
    internal bool[] Monitored { get; }

    public bool IsMonitored(ColumnSchema column) => Monitored[column.Index];

    /// <summary>The rows visible to the open transaction: committed rows not deleted by it, then its inserts.</summary>
    public IEnumerable<IdlRow> Rows
    {
        get
        {
            foreach (IdlRow row in _rows.Values)
            {
                if (!row.IsDeleted)
                {
                    yield return row;
                }
            }

            foreach (IdlRow row in _inserted)
            {
                if (!row.IsDeleted)
                {
                    yield return row;
                }
            }
        }
    }

    /// <summary>Rows as the server last sent them, ignoring any open transaction.</summary>
    public IEnumerable<IdlRow> CommittedRows => _rows.Values;

    public int CommittedCount => _rows.Count;

    /// <summary>The row with <paramref name="uuid"/> as the open transaction sees it, or null.</summary>
    public IdlRow? Find(Guid uuid)
    {
        if (_rows.TryGetValue(uuid, out IdlRow? row))
        {
            return row.IsDeleted ? null : row;
        }

        foreach (IdlRow inserted in _inserted)
        {
            if (inserted.Uuid == uuid && !inserted.IsDeleted)
            {
                return inserted;
            }
        }

        return null;
    }

    internal IdlRow? FindCommitted(Guid uuid) => _rows.GetValueOrDefault(uuid);

    internal void SetCommitted(Guid uuid, Datum[] values)
    {
        if (_rows.TryGetValue(uuid, out IdlRow? row))
        {
            row.Old = values;
        }
        else
        {
            _rows[uuid] = new IdlRow(this, uuid, values);
        }
    }

    internal bool RemoveCommitted(Guid uuid) => _rows.Remove(uuid);

    internal void ClearCommitted() => _rows.Clear();

    internal IdlRow AddInserted(Guid uuid)
    {
        var row = new IdlRow(this, uuid, null);
        _inserted.Add(row);
        return row;
    }

    internal void ClearInserted() => _inserted.Clear();

    /// <summary>A fresh array of default values, one per column, for a row the server just announced.</summary>
    internal Datum[] DefaultValues()
    {
        var values = new Datum[Schema.Columns.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Datum.Default(Schema.Columns[i].Type);
        }

        return values;
    }

    public override string ToString() => Name;
}
