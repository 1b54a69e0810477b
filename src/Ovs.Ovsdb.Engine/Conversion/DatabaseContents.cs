// Upstream: ovsdb/file.c, ovsdb_file_txn_from_json() and ovsdb_to_txn_json(); ovsdb(5) record format (OVS 3.1)
//
// The rows of a database as plain values (per table, row UUID → column name → Datum), for the offline
// operations that read a whole standalone log and write a new one: compaction into a snapshot, schema
// conversion (SchemaConverter), and seeding a new cluster. It replays records exactly as they are stored: a
// record maps table names to {row UUID: null (deleted) | {column: value}}; a record marked "_is_diff" carries,
// for an existing row, per-column diffs (Datum.ApplyDiff) instead of new values. Members whose names start with
// "_" are metadata (_date, _comment, _is_diff). Rows keep their UUIDs and tables keep insertion order, so a
// snapshot written back lists rows in the order they were created.
//
// Not thread-safe; owned by the one operation that builds it.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Conversion;

internal sealed partial class DatabaseContents
{
    private readonly Dictionary<string, Dictionary<Guid, Dictionary<string, Datum>>> _tables = new(StringComparer.Ordinal);

    public DatabaseContents(DatabaseSchema schema)
    {
        Schema = schema;
        foreach (TableSchema table in schema.Tables)
        {
            _tables.Add(table.Name, []);
        }
    }

    public DatabaseSchema Schema { get; }

    /// <summary>The rows of <paramref name="table"/>: UUID → the columns that are not at their default.</summary>
    public IReadOnlyDictionary<Guid, Dictionary<string, Datum>> Rows(string table) => _tables[table];

    /// <summary>Adds a row (used by conversion); columns absent from <paramref name="columns"/> are defaults.</summary>
    public void AddRow(string table, Guid uuid, Dictionary<string, Datum> columns) => _tables[table][uuid] = columns;

    /// <summary>Reads a standalone database file: its schema, then every transaction record in order.</summary>
    public static StorageError? ReadStandalone(string fileName, out DatabaseContents? contents)
    {
        contents = null;
        StorageError? error = LogFile.Open(fileName, LogHeader.StandaloneMagic, LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        if (error is not null)
        {
            return error;
        }

        using LogFile reader = log!;
        error = reader.Read(out JsonObject? schemaJson);
        if (error is not null)
        {
            return error;
        }

        if (schemaJson is null)
        {
            return StorageError.Ovsdb($"{fileName}: database file contains no schema");
        }

        OvsdbError? schemaError = DatabaseSchema.TryFromJson(schemaJson, out DatabaseSchema schema);
        if (schemaError is not null)
        {
            return new StorageError(schemaError.Tag, schemaError.Details ?? "");
        }

        var result = new DatabaseContents(schema);
        while (true)
        {
            error = reader.Read(out JsonObject? record);
            if (error is not null)
            {
                // Offline tools refuse a log with a bad or truncated tail rather than silently dropping it.
                return error;
            }

            if (record is null)
            {
                break;
            }

            OvsdbError? replayError = result.Apply(record);
            if (replayError is not null)
            {
                return StorageError.FromOvsdb(replayError);
            }
        }

        contents = result;
        return null;
    }
}
