// Upstream: ovsdb/ovsdb.c (OVS 3.1)
//
// An in-memory OVSDB database: a schema and one Table per schema table. Changed only by committing a
// Transaction (see Transactions/Transaction.cs); not thread-safe, owned by the daemon's main loop or a tool.
using System.Collections.Frozen;

namespace Ovs.Ovsdb.Engine;

internal sealed class Database
{
    private readonly FrozenDictionary<string, Table> _tables;

    public Database(DatabaseSchema schema)
    {
        Schema = schema;
        _tables = schema.Tables.ToFrozenDictionary(t => t.Name, t => new Table(t), StringComparer.Ordinal);
    }

    public DatabaseSchema Schema { get; }

    public string Name => Schema.Name;

    public IEnumerable<Table> Tables => Schema.Tables.Select(t => _tables[t.Name]);

    public Table? GetTable(string name) => _tables.GetValueOrDefault(name);

    public Table GetTable(TableSchema schema) => _tables[schema.Name];

    /// <summary>Generates row UUIDs and _version values; replaceable for deterministic tests.</summary>
    public Func<Guid> NewUuid { get; set; } = Ovs.Common.Replay.UuidSource.NewUuid;
}
