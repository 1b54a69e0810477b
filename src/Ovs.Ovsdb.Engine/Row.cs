// Upstream: ovsdb/row.c, struct ovsdb_row (OVS 3.1)
//
// A row is its column values, indexed by ColumnSchema.Index: slot 0 holds _uuid and slot 1 _version, as
// scalar UUID datums, so conditions and projections read every column the same way. A committed row is never
// changed: a transaction that modifies it works on a copy (CloneForUpdate) and the commit swaps the copy in, so
// readers such as monitors may keep references to old rows. Values is mutable only on such an uncommitted copy.
using Ovs.Json;

namespace Ovs.Ovsdb.Engine;

internal sealed class Row
{
    public Row(TableSchema schema, Guid uuid, Datum[] values)
    {
        Schema = schema;
        Uuid = uuid;
        Values = values;
        Values[0] = Datum.Scalar(Atom.Uuid(uuid));
    }

    public TableSchema Schema { get; }

    public Guid Uuid { get; }

    /// <summary>The column values by <see cref="ColumnSchema.Index"/>. Do not modify a committed row's values.</summary>
    public Datum[] Values { get; }

    public Guid Version => Values[1].Count == 1 ? Values[1].Keys[0].AsUuid : Guid.Empty;

    /// <summary>A new row of <paramref name="schema"/> with every column at its default value.</summary>
    public static Row CreateDefault(TableSchema schema, Guid uuid)
    {
        var values = new Datum[schema.Columns.Count];
        foreach (ColumnSchema column in schema.Columns)
        {
            values[column.Index] = Datum.Default(column.Type);
        }

        return new Row(schema, uuid, values);
    }

    public Datum this[ColumnSchema column] => Values[column.Index];

    /// <summary>A private copy for a transaction to modify.</summary>
    public Row CloneForUpdate() => new(Schema, Uuid, (Datum[])Values.Clone());

    public void SetVersion(Guid version) => Values[1] = Datum.Scalar(Atom.Uuid(version));

    /// <summary>The JSON object of the given columns (all columns, in schema order, when null).</summary>
    public JsonObject ToJson(IReadOnlyList<ColumnSchema>? columns)
    {
        var json = new JsonObject();
        foreach (ColumnSchema column in columns ?? Schema.Columns)
        {
            json.Add(column.Name, Values[column.Index].ToJson(column.Type));
        }

        return json;
    }
}
