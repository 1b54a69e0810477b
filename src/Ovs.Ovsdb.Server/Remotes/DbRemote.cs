// Upstream: ovsdb/ovsdb-server.c, parse_db_column(), query_db_remotes() and add_manager_options() (OVS 3.1)
//
// A "db:DB,TABLE,COLUMN" remote names a column whose values are more remotes. A string column (or set of strings)
// gives targets with default settings. A column of references gives one target per referenced row, read from that
// row's "target" column, with settings from its read_only, role, inactivity_probe and max_backoff columns when the
// table has them (the layout of Open_vSwitch's Manager table). The database is re-read after every commit.
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Server.Databases;

namespace Ovs.Ovsdb.Server.Remotes;

internal static class DbRemote
{
    public const string Prefix = "db:";

    /// <summary>Checks a db: remote against the served databases; returns upstream's error text, or null.</summary>
    public static string? Validate(OvsdbServer server, string remote) => Parse(server, remote, out _, out _, out _);

    /// <summary>Adds the targets that <paramref name="remote"/> currently names to <paramref name="targets"/>.</summary>
    public static string? Resolve(OvsdbServer server, string remote, Dictionary<string, RemoteOptions> targets)
    {
        string? error = Parse(server, remote, out ServedDatabase? db, out Table? table, out ColumnSchema? column);
        if (error is not null)
        {
            return error;
        }

        BaseType key = column!.Type.Key;
        foreach (Row row in table!.Rows)
        {
            Datum datum = row[column];
            if (key.Type == AtomicType.String)
            {
                foreach (Atom atom in datum.Keys)
                {
                    targets.TryAdd(atom.AsString, RemoteOptions.Default);
                }
            }
            else if (key.RefTableName is { } refTableName && db!.Database.GetTable(refTableName) is { } refTable)
            {
                foreach (Atom atom in datum.Keys)
                {
                    if (refTable.Find(atom.AsUuid) is { } target && ReadTarget(target) is { } t)
                    {
                        targets.TryAdd(t.Target, t.Options);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The rows a reference-column db: remote points to (for status write-back); none for string columns or an
    /// invalid remote.
    /// </summary>
    public static IEnumerable<(ServedDatabase Database, Table Table, Row Row, string Target)> ReferencedRows(OvsdbServer server, string remote)
    {
        if (Parse(server, remote, out ServedDatabase? db, out Table? table, out ColumnSchema? column) is not null
            || column!.Type.Key.RefTableName is not { } refTableName
            || db!.Database.GetTable(refTableName) is not { } refTable)
        {
            return [];
        }

        var rows = new List<(ServedDatabase, Table, Row, string)>();
        foreach (Row row in table!.Rows)
        {
            foreach (Atom atom in row[column].Keys)
            {
                if (refTable.Find(atom.AsUuid) is { } target && String(target, "target") is { } name)
                {
                    rows.Add((db, refTable, target, name));
                }
            }
        }

        return rows;
    }

    private static (string Target, RemoteOptions Options)? ReadTarget(Row row)
    {
        if (String(row, "target") is not { } target)
        {
            return null;
        }

        var options = new RemoteOptions(
            ReadOnly: row.Schema.GetColumn("read_only") is { } ro && row[ro].Count == 1 && row[ro].Keys[0].Type == AtomicType.Boolean && row[ro].Keys[0].AsBoolean,
            Role: String(row, "role") ?? "",
            InactivityProbeMs: Integer(row, "inactivity_probe") is long probe ? (int)probe : null,
            MaxBackoffMs: Integer(row, "max_backoff") is long backoff ? (int)backoff : 8000);
        return (target, options);
    }

    private static string? String(Row row, string column) =>
        row.Schema.GetColumn(column) is { } c && row[c].Count == 1 && row[c].Keys[0].Type == AtomicType.String ? row[c].Keys[0].AsString : null;

    private static long? Integer(Row row, string column) =>
        row.Schema.GetColumn(column) is { } c && row[c].Count == 1 && row[c].Keys[0].Type == AtomicType.Integer ? row[c].Keys[0].AsInteger : null;

    private static string? Parse(OvsdbServer server, string remote, out ServedDatabase? db, out Table? table, out ColumnSchema? column)
    {
        db = null;
        table = null;
        column = null;
        string[] parts = remote[Prefix.Length..].Split(',');
        if (parts.Length != 3)
        {
            return $"\"{remote}\": invalid syntax";
        }

        db = server.FindDatabase(parts[0]);
        if (db is null)
        {
            return $"\"{remote}\": no database named {parts[0]}";
        }

        table = db.Database.GetTable(parts[1]);
        if (table is null)
        {
            return $"\"{remote}\": no table named {parts[1]}";
        }

        column = table.Schema.GetColumn(parts[2]);
        if (column is null)
        {
            return $"\"{remote}\": table \"{parts[1]}\" has no column \"{parts[2]}\"";
        }

        BaseType key = column.Type.Key;
        if (column.Type.IsMap || !(key.Type == AtomicType.String || (key.Type == AtomicType.Uuid && key.RefTableName is not null)))
        {
            return $"\"{remote}\": type of table \"{parts[1]}\" column \"{parts[2]}\" is not string or set of strings";
        }

        return null;
    }
}
