// Upstream: ovsdb/table.c and ovsdb/transaction.c, table indexes (OVS 3.1)
//
// The committed rows of one table keyed by the values of an index's columns. RFC 7047 requires these values to
// be unique among rows after every transaction; the commit checks a transaction's rows against this map and
// against each other before applying.
namespace Ovs.Ovsdb.Engine;

internal sealed class UniqueIndex
{
    private readonly Dictionary<IndexKey, Guid> _rows = [];

    public UniqueIndex(IReadOnlyList<ColumnSchema> columns)
    {
        Columns = columns;
    }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    public IndexKey KeyOf(Row row)
    {
        var values = new Datum[Columns.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = row.Values[Columns[i].Index];
        }

        return new IndexKey(values);
    }

    public bool TryFind(IndexKey key, out Guid uuid) => _rows.TryGetValue(key, out uuid);

    internal void Add(Row row) => _rows[KeyOf(row)] = row.Uuid;

    internal void Remove(Row row)
    {
        IndexKey key = KeyOf(row);
        if (_rows.TryGetValue(key, out Guid uuid) && uuid == row.Uuid)
        {
            _rows.Remove(key);
        }
    }
}

/// <summary>The values of an index's columns for one row, compared element-wise.</summary>
internal readonly struct IndexKey(Datum[] values) : IEquatable<IndexKey>
{
    public Datum[] Values { get; } = values;

    public bool Equals(IndexKey other)
    {
        for (int i = 0; i < Values.Length; i++)
        {
            if (!Values[i].Equals(other.Values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is IndexKey k && Equals(k);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (Datum value in Values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
