// Upstream: ovsdb/replication.c, the --sync-exclude-tables list (OVS 3.1)
//
// The "DB:TABLE,DB:TABLE,..." list of tables a backup server leaves alone: they are neither monitored on the
// active server nor reset locally, so their local contents survive replication. An element without a colon names
// the database with an empty table name, and the list reads back sorted ("foo" → "foo:"), as upstream's does.
namespace Ovs.Ovsdb.Server.Replication;

internal sealed class ExcludedTables
{
    private readonly HashSet<(string Database, string Table)> _tables;

    private ExcludedTables(HashSet<(string, string)> tables)
    {
        _tables = tables;
        Text = string.Join(',', tables.Select(t => t.Item1 + ":" + t.Item2).Order(StringComparer.Ordinal));
    }

    public static ExcludedTables None { get; } = new([]);

    /// <summary>The sorted "DB:TABLE,..." list, as get-sync-exclude-tables and sync-status print it.</summary>
    public string Text { get; }

    public bool IsEmpty => _tables.Count == 0;

    public bool Contains(string database, string table) => _tables.Contains((database, table));

    public static ExcludedTables Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return None;
        }

        var tables = new HashSet<(string, string)>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = item.IndexOf(':', StringComparison.Ordinal);
            tables.Add(colon < 0 ? (item, "") : (item[..colon], item[(colon + 1)..]));
        }

        return new ExcludedTables(tables);
    }
}
