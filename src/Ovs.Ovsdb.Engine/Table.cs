// Upstream: ovsdb/table.c (OVS 3.1)
//
// A table holds its committed rows by UUID plus the bookkeeping the commit checks need:
// - StrongRefCount(uuid): how many strong-reference atoms in committed rows (of any table) point at the row,
//   counting each occurrence (a map that names the row as key and value counts twice). Non-root rows whose count
//   drops to zero are garbage collected, and a row deleted while its count is non-zero fails referential
//   integrity.
// - WeakReferrers(uuid): the committed rows holding weak references to the row, so deleting it can find and
//   clean them without a scan.
// - one UniqueIndex per schema index (RFC 7047 "indexes"), mapping the indexed values to the row.
// All of it changes only in Transaction.Apply, on the owner thread.
namespace Ovs.Ovsdb.Engine;

internal sealed class Table
{
    private readonly Dictionary<Guid, Row> _rows = [];
    private readonly Dictionary<Guid, int> _strongRefs = [];
    private readonly Dictionary<Guid, HashSet<RowRef>> _weakReferrers = [];

    public Table(TableSchema schema)
    {
        Schema = schema;
        Indexes = [.. schema.Indexes.Select(columns => new UniqueIndex(columns))];
    }

    public TableSchema Schema { get; }

    public string Name => Schema.Name;

    public IReadOnlyCollection<Row> Rows => _rows.Values;

    public int Count => _rows.Count;

    public IReadOnlyList<UniqueIndex> Indexes { get; }

    public Row? Find(Guid uuid) => _rows.GetValueOrDefault(uuid);

    public bool Contains(Guid uuid) => _rows.ContainsKey(uuid);

    public int StrongRefCount(Guid uuid) => _strongRefs.GetValueOrDefault(uuid);

    public IReadOnlyCollection<RowRef> WeakReferrers(Guid uuid) =>
        _weakReferrers.TryGetValue(uuid, out HashSet<RowRef>? set) ? set : [];

    internal void Put(Row row) => _rows[row.Uuid] = row;

    internal void Remove(Guid uuid) => _rows.Remove(uuid);

    internal void AddStrongRefs(Guid uuid, int delta)
    {
        int count = _strongRefs.GetValueOrDefault(uuid) + delta;
        if (count == 0)
        {
            _strongRefs.Remove(uuid);
        }
        else
        {
            _strongRefs[uuid] = count;
        }
    }

    internal void AddWeakReferrer(Guid uuid, RowRef source)
    {
        if (!_weakReferrers.TryGetValue(uuid, out HashSet<RowRef>? set))
        {
            set = [];
            _weakReferrers.Add(uuid, set);
        }

        set.Add(source);
    }

    internal void RemoveWeakReferrer(Guid uuid, RowRef source)
    {
        if (_weakReferrers.TryGetValue(uuid, out HashSet<RowRef>? set) && set.Remove(source) && set.Count == 0)
        {
            _weakReferrers.Remove(uuid);
        }
    }

    public override string ToString() => Name;
}
