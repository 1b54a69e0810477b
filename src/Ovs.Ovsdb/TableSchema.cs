// Upstream: ovsdb/table.c, struct ovsdb_table_schema (OVS 3.1)
//
// A table: its columns (always starting with the implicit _uuid and _version), an optional row limit, whether it
// is in the root set (rows of a non-root table live only while strongly referenced), and its indexes (sets of
// columns whose combined values must be unique). User columns keep the order of the schema text; upstream keeps
// them in a hash table, so the column order of its output is not something callers can rely on anyway.
using System.Diagnostics.CodeAnalysis;
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>The schema of one table.</summary>
public sealed partial class TableSchema
{
    /// <summary>The <see cref="MaxRows"/> of a table with no row limit.</summary>
    public const uint Unlimited = uint.MaxValue;

    private readonly List<ColumnSchema> _columns = [];
    private readonly Dictionary<string, ColumnSchema> _byName = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<ColumnSchema>> _indexes = [];

    public TableSchema(string name, bool isRoot = false, uint maxRows = Unlimited)
    {
        Name = name;
        IsRoot = isRoot;
        MaxRows = maxRows;
        AddColumn(new ColumnSchema("_uuid", OvsdbType.Uuid, mutable: false, persistent: true));
        AddColumn(new ColumnSchema("_version", OvsdbType.Uuid, mutable: false, persistent: false));
    }

    public string Name { get; }

    /// <summary>True if the table is in the root set. Set by the database schema's compatibility rule too.</summary>
    public bool IsRoot { get; internal set; }

    public uint MaxRows { get; }

    /// <summary>All columns, _uuid and _version first; <see cref="ColumnSchema.Index"/> is the position here.</summary>
    public IReadOnlyList<ColumnSchema> Columns => _columns;

    /// <summary>The columns of each index, in the order the schema lists them.</summary>
    public IReadOnlyList<IReadOnlyList<ColumnSchema>> Indexes => _indexes;

    public ColumnSchema UuidColumn => _columns[0];

    public ColumnSchema VersionColumn => _columns[1];

    /// <summary>The user columns, without _uuid and _version.</summary>
    public IEnumerable<ColumnSchema> UserColumns => _columns.Skip(2);

    public ColumnSchema? GetColumn(string name) => _byName.GetValueOrDefault(name);

    public bool TryGetColumn(string name, [NotNullWhen(true)] out ColumnSchema? column) =>
        _byName.TryGetValue(name, out column);

    /// <summary>Adds a user column while building a schema in code. The name must be new.</summary>
    public ColumnSchema AddColumn(ColumnSchema column)
    {
        _byName.Add(column.Name, column);
        column.Index = _columns.Count;
        _columns.Add(column);
        return column;
    }

    /// <summary>Adds an index while building a schema in code.</summary>
    public void AddIndex(IReadOnlyList<ColumnSchema> columns) => _indexes.Add(columns);

    /// <summary>
    /// The JSON form. "isRoot" is written only when it differs from <paramref name="defaultIsRoot"/>, which the
    /// database passes as true when every table is a root (so old-style schemas stay without "isRoot").
    /// </summary>
    public JsonObject ToJson(bool defaultIsRoot = false)
    {
        var json = new JsonObject();
        if (IsRoot != defaultIsRoot)
        {
            json.Add("isRoot", JsonValue.Boolean(IsRoot));
        }

        var columns = new JsonObject();
        foreach (ColumnSchema column in UserColumns)
        {
            columns.Add(column.Name, column.ToJson());
        }

        json.Add("columns", columns);
        if (MaxRows != Unlimited)
        {
            json.Add("maxRows", new JsonInteger(MaxRows));
        }

        if (_indexes.Count > 0)
        {
            var indexes = new JsonArray();
            foreach (IReadOnlyList<ColumnSchema> index in _indexes)
            {
                indexes.Add(ColumnSetToJson(index));
            }

            json.Add("indexes", indexes);
        }

        return json;
    }

    /// <summary>A list of columns as a JSON array of their names.</summary>
    public static JsonArray ColumnSetToJson(IEnumerable<ColumnSchema> columns)
    {
        var json = new JsonArray();
        foreach (ColumnSchema column in columns)
        {
            json.Add(column.Name);
        }

        return json;
    }

    public override string ToString() => Name;
}
