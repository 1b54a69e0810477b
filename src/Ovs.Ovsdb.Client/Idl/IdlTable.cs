// Upstream: lib/ovsdb-idl.c, struct ovsdb_idl_table (OVS 3.1)
//
// The replica of one table: the registered columns and the rows the server sent, plus the rows an open
// transaction inserted. Rows come out in the order upstream's IDL iterates its row hash map (keyed by the first
// 32 bits of the UUID), replayed from the order rows entered it: as the server announced them, or earlier as a
// placeholder when another row referred to them first (upstream's orphan rows), or when a transaction inserted
// them. Programs print lists of rows in this order, so it is part of their output.
using Ovs.Common.Collections;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Client.Idl;

public sealed class IdlTable
{
    private readonly Dictionary<Guid, IdlRow> _rows = [];
    private readonly List<IdlRow> _inserted = [];
    private readonly HmapModel<Guid> _order = new();
    private int[]? _referenceColumns;

    internal IdlTable(TableSchema schema, bool[] monitored)
    {
        Schema = schema;
        Monitored = monitored;
    }

    public string Name => Schema.Name;

    /// <summary>Indexes of the replicated columns that refer to other tables, in column-name order.</summary>
    internal int[] ReferenceColumnsByName => _referenceColumns ??= ComputeReferenceColumns();

    public TableSchema Schema { get; }

    /// <summary>Per column index: whether the column is replicated.</summary>
    internal bool[] Monitored { get; }

    public bool IsMonitored(ColumnSchema column) => Monitored[column.Index];

    /// <summary>False when the server's schema lacks the table (it is then not monitored).</summary>
    internal bool OnServer { get; init; } = true;

    /// <summary>True when the table's rows are replicated even without columns (a replicated column refers to it).</summary>
    internal bool NeedTable { get; set; }

    /// <summary>The rows visible to the open transaction, in upstream's iteration order.</summary>
    public IEnumerable<IdlRow> Rows
    {
        get
        {
            foreach (Guid uuid in _order.Items.ToList())
            {
                if ((_rows.GetValueOrDefault(uuid) ?? FindInserted(uuid)) is { IsDeleted: false } row)
                {
                    yield return row;
                }
            }
        }
    }

    private IdlRow? FindInserted(Guid uuid)
    {
        foreach (IdlRow row in _inserted)
        {
            if (row.Uuid == uuid)
            {
                return row;
            }
        }

        return null;
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
            EnsurePlaceholder(uuid);
        }
    }

    /// <summary>Gives <paramref name="uuid"/> its place in the iteration order if it has none yet.</summary>
    internal void EnsurePlaceholder(Guid uuid)
    {
        uint hash = OvsHash.HashUuid(uuid);
        if (!_order.Contains(uuid, hash))
        {
            _order.Insert(uuid, hash);
        }
    }

    internal bool RemoveCommitted(Guid uuid)
    {
        _order.Remove(uuid, OvsHash.HashUuid(uuid));
        return _rows.Remove(uuid);
    }

    internal void ClearCommitted()
    {
        foreach (Guid uuid in _rows.Keys)
        {
            _order.Remove(uuid, OvsHash.HashUuid(uuid));
        }

        _rows.Clear();
    }

    internal IdlRow AddInserted(Guid uuid)
    {
        var row = new IdlRow(this, uuid, null);
        _inserted.Add(row);
        EnsurePlaceholder(uuid);
        return row;
    }

    internal void ClearInserted()
    {
        foreach (IdlRow row in _inserted)
        {
            if (!_rows.ContainsKey(row.Uuid))
            {
                _order.Remove(row.Uuid, OvsHash.HashUuid(row.Uuid));
            }
        }

        _inserted.Clear();
    }

    private int[] ComputeReferenceColumns()
    {
        var columns = new List<ColumnSchema>();
        for (int i = 2; i < Schema.Columns.Count; i++)
        {
            ColumnSchema column = Schema.Columns[i];
            if (Monitored[i] && (column.Type.Key.RefTableName is not null || column.Type.Value.RefTableName is not null))
            {
                columns.Add(column);
            }
        }

        columns.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. columns.Select(c => c.Index)];
    }

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
