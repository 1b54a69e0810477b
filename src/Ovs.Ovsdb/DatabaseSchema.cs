// Upstream: ovsdb/ovsdb.c, ovsdb_schema_from_json() and ovsdb_schema_to_json() (OVS 3.1)
//
// A database schema: name, version ("x.y.z", or "" for old schemas without one), the informational "cksum"
// member, and the tables. Loading applies two rules after parsing the tables:
// - Compatibility (ovsdb(7)): "isRoot" came later than the rest of the format, so a schema in which no table is
//   a root makes every table a root; serialization then omits "isRoot" again.
// - Every refTable must name a table of the schema, and a column holding strong references to a non-root table
//   is forced persistent even if declared ephemeral (replaying the log would otherwise lose referenced rows).
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>The schema of one database.</summary>
public sealed class DatabaseSchema
{
    private readonly List<TableSchema> _tables = [];
    private readonly Dictionary<string, TableSchema> _byName = new(StringComparer.Ordinal);

    public DatabaseSchema(string name, string version = "", string cksum = "")
    {
        Name = name;
        Version = version;
        Cksum = cksum;
    }

    public string Name { get; }

    /// <summary>The "x.y.z" version, or "" when the schema has none.</summary>
    public string Version { get; }

    /// <summary>The "cksum" member as written in the schema (not computed), or "" when absent.</summary>
    public string Cksum { get; }

    /// <summary>The tables in schema order.</summary>
    public IReadOnlyList<TableSchema> Tables => _tables;

    public TableSchema? GetTable(string name) => _byName.GetValueOrDefault(name);

    public bool TryGetTable(string name, [NotNullWhen(true)] out TableSchema? table) => _byName.TryGetValue(name, out table);

    /// <summary>Adds a table while building a schema in code. The name must be new.</summary>
    public void AddTable(TableSchema table)
    {
        _byName.Add(table.Name, table);
        _tables.Add(table);
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { { "name", Name } };
        if (Version.Length > 0)
        {
            json.Add("version", Version);
        }

        if (Cksum.Length > 0)
        {
            json.Add("cksum", Cksum);
        }

        bool allRoot = _tables.TrueForAll(t => t.IsRoot);
        var tables = new JsonObject();
        foreach (TableSchema table in _tables)
        {
            tables.Add(table.Name, table.ToJson(allRoot));
        }

        json.Add("tables", tables);
        return json;
    }

    /// <summary>Two schemas are equal if their JSON forms are (upstream's ovsdb_schema_equal).</summary>
    public bool JsonEquals(DatabaseSchema other) => ToJson().Equals(other.ToJson());

    /// <summary>Parses schema text (a .ovsschema file). JSON syntax errors are reported as "syntax error".</summary>
    public static OvsdbError? TryParse(string text, out DatabaseSchema schema)
    {
        if (!JsonParser.TryParse(Encoding.UTF8.GetBytes(text), out JsonValue? json, out string? jsonError))
        {
            schema = new DatabaseSchema("");
            return new OvsdbError(OvsdbErrorTags.SyntaxError, jsonError);
        }

        return TryFromJson(json!, out schema);
    }

    /// <summary>Parses a &lt;database-schema&gt;. Returns null on success.</summary>
    public static OvsdbError? TryFromJson(JsonValue json, out DatabaseSchema schema)
    {
        try
        {
            schema = FromJson(json);
            return null;
        }
        catch (OvsdbErrorException e)
        {
            schema = new DatabaseSchema("");
            return e.Error;
        }
    }

    private static DatabaseSchema FromJson(JsonValue json)
    {
        var parser = new OvsdbParser(json, "database schema");
        JsonValue? nameJson = parser.Member("name", MemberTypes.Id);
        JsonValue? versionJson = parser.Member("version", MemberTypes.String | MemberTypes.Optional);
        JsonValue? cksumJson = parser.Member("cksum", MemberTypes.String | MemberTypes.Optional);
        JsonValue? tablesJson = parser.Member("tables", MemberTypes.Object);
        parser.FinishOrThrow();

        string version = versionJson?.AsString() ?? "";
        if (versionJson is not null && !OvsdbVersion.IsValid(version))
        {
            throw Syntax(json, $"schema version \"{version}\" not in format x.y.z");
        }

        var schema = new DatabaseSchema(nameJson!.AsString(), version, cksumJson?.AsString() ?? "");
        foreach (KeyValuePair<string, JsonValue> member in (JsonObject)tablesJson!)
        {
            if (member.Key.StartsWith('_'))
            {
                throw Syntax(json, "names beginning with \"_\" are reserved");
            }

            if (!AtomicTypes.IsId(member.Key))
            {
                throw Syntax(json, "name must be a valid id");
            }

            schema.AddTable(TableSchema.FromJson(member.Value, member.Key));
        }

        if (!schema._tables.Exists(t => t.IsRoot))
        {
            foreach (TableSchema table in schema._tables)
            {
                table.IsRoot = true;
            }
        }

        foreach (TableSchema table in schema._tables)
        {
            foreach (ColumnSchema column in table.Columns)
            {
                schema.CheckReference(column, column.Type.Key, "key");
                schema.CheckReference(column, column.Type.Value, "value");
            }
        }

        return schema;
    }

    private void CheckReference(ColumnSchema column, BaseType type, string which)
    {
        if (!type.IsReference)
        {
            return;
        }

        TableSchema target = GetTable(type.RefTableName!) ?? throw new OvsdbErrorException(new OvsdbError(
            OvsdbErrorTags.SyntaxError, $"column {column.Name} {which} refers to undefined table {type.RefTableName}"));
        if (type.IsStrongReference && !target.IsRoot)
        {
            column.Persistent = true;
        }
    }

    private static OvsdbErrorException Syntax(JsonValue json, string details) =>
        new(OvsdbError.SyntaxError(json, null, details));

    public override string ToString() => Name;
}
