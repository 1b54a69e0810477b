// Upstream: ovsdb/column.c (OVS 3.1)
//
// A column: name, type, and two flags. "mutable": false forbids changes after insert, except that a column
// holding weak references is always mutable (deleting a referenced row must be able to drop the reference).
// "ephemeral": true means the column is not written to disk; the schema loader may force it back to persistent
// when the column holds strong references to a non-root table (see DatabaseSchema).
using Ovs.Json;

namespace Ovs.Ovsdb;

/// <summary>The schema of one column.</summary>
public sealed class ColumnSchema
{
    public ColumnSchema(string name, OvsdbType type, bool mutable = true, bool persistent = true)
    {
        Name = name;
        Type = type;
        Mutable = mutable || type.Key.IsWeakReference || type.Value.IsWeakReference;
        Persistent = persistent;
    }

    public string Name { get; }

    public OvsdbType Type { get; }

    public bool Mutable { get; }

    /// <summary>False for an ephemeral column (kept in memory only).</summary>
    public bool Persistent { get; internal set; }

    public bool Ephemeral => !Persistent;

    /// <summary>Position in <see cref="TableSchema.Columns"/>: 0 is _uuid, 1 is _version, then user columns.</summary>
    public int Index { get; internal set; }

    /// <summary>True for the implicit columns whose names start with '_'.</summary>
    public bool IsImplicit => Name.StartsWith('_');

    public JsonObject ToJson()
    {
        var json = new JsonObject { { "type", Type.ToJson() } };
        if (!Persistent)
        {
            json.Add("ephemeral", JsonValue.True);
        }

        if (!Mutable)
        {
            json.Add("mutable", JsonValue.False);
        }

        return json;
    }

    internal static ColumnSchema FromJson(JsonValue json, string name)
    {
        var parser = new OvsdbParser(json, $"schema for column {name}");
        JsonValue? mutableJson = parser.Member("mutable", MemberTypes.Boolean | MemberTypes.Optional);
        JsonValue? ephemeralJson = parser.Member("ephemeral", MemberTypes.Boolean | MemberTypes.Optional);
        JsonValue? typeJson = parser.Member("type", MemberTypes.String | MemberTypes.Object);
        parser.FinishOrThrow();

        OvsdbType type = OvsdbType.FromJson(typeJson!);
        bool persistent = ephemeralJson is null || !ephemeralJson.AsBoolean();
        bool mutable = mutableJson is null || mutableJson.AsBoolean();
        return new ColumnSchema(name, type, mutable, persistent);
    }

    public override string ToString() => Name;
}
