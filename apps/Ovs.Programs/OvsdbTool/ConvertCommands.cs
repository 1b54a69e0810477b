// Upstream: ovsdb/ovsdb-tool.c, do_compact(), do_convert(), do_needs_conversion() and
// do_cluster_standalone() (OVS 3.1)
//
// Commands that rewrite a database file. compact and convert write the whole database as two records (schema,
// then one snapshot record with a "_comment" naming the tool), either to a separate target file or in place: in
// place, the new log is written to "DB.tmp" under its own lock while DB stays locked, then renamed over DB.
using Ovs.Common;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Cluster;
using Ovs.Ovsdb.Engine.Conversion;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Programs.OvsdbTool;

internal static class ConvertCommands
{
    public static int Compact(ToolContext context)
    {
        string db = context.ArgOr(0, ToolContext.DefaultDb);
        string? target = context.Args.Count > 1 ? context.Args[1] : null;
        Rewrite(db, target, null, $"compacted by {OvsProgram.Name} {OvsVersion.Version}");
        return 0;
    }

    public static int Convert(ToolContext context)
    {
        string db = context.ArgOr(0, ToolContext.DefaultDb);
        DatabaseSchema schema = SchemaFile.Read(context.ArgOr(1, ToolContext.DefaultSchema));
        string? target = context.Args.Count > 2 ? context.Args[2] : null;
        Rewrite(db, target, schema, $"converted by {OvsProgram.Name} {OvsVersion.Version}");
        return 0;
    }

    /// <summary>Prints "yes" if the database's schema differs from the schema file's, else "no".</summary>
    public static int NeedsConversion(ToolContext context)
    {
        DatabaseSchema current = DbFile.ReadStandaloneSchema(context.ArgOr(0, ToolContext.DefaultDb));
        DatabaseSchema wanted = SchemaFile.Read(context.ArgOr(1, ToolContext.DefaultSchema));
        context.Out.Write(current.JsonEquals(wanted) ? "no\n" : "yes\n");
        return 0;
    }

    /// <summary>
    /// Writes standalone DB from clustered CLUSTERDB: the snapshot's schema and data, then the data of every
    /// log entry, so replaying the new file yields the cluster's latest state.
    /// </summary>
    public static int ClusterToStandalone(ToolContext context)
    {
        string db = context.Args[0];
        string clusterDb = context.Args[1];
        StorageError? error = LogFile.Open(db, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: true, out LogFile? log);
        if (error is not null)
        {
            throw DbFile.Fail(error);
        }

        using LogFile output = log!;
        if (!DbFile.IsClustered(clusterDb))
        {
            throw new ToolFailure("Database is not clustered db.\n");
        }

        ClusterFile cluster = DbFile.ReadCluster(clusterDb);
        RaftSnapshot snapshot = cluster.Header.Snapshot
            ?? throw new ToolFailure($"ovsdb error: {clusterDb}: cluster has not yet been joined");
        var records = new List<JsonObject> { (JsonObject)snapshot.Schema, snapshot.Data as JsonObject ?? [] };
        foreach (RaftRecord record in cluster.Records)
        {
            if (record.Data is { } data && data[1] is JsonObject transaction)
            {
                records.Add(transaction);
            }
        }

        foreach (JsonObject record in records)
        {
            error = output.Write(record, out _);
            if (error is not null)
            {
                throw DbFile.Fail(error);
            }
        }

        error = output.Commit();
        return error is null ? 0 : throw DbFile.Fail(error);
    }

    private static void Rewrite(string db, string? target, DatabaseSchema? newSchema, string comment)
    {
        if (DbFile.IsClustered(db))
        {
            throw DbFile.NotForClustered(db);
        }

        // Lock the source for the whole operation: nobody may append to it while its snapshot is being taken.
        // Upstream takes this lock itself rather than through the log, so its failure has no error tag.
        int lockError = LockFile.TryLock(db, out LockFile? held);
        if (lockError != 0)
        {
            throw new ToolFailure($"{db}: failed to lock lockfile ({OvsErrno.StrError(lockError)})");
        }

        using LockFile sourceLock = held!;

        // In place, LogFile.ReplaceWith replaces the symlink's target, so a symlinked database stays a symlink.
        StorageError? error = LogFile.Open(db, LogHeader.StandaloneMagic, target is null ? LogOpenMode.ReadWrite : LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        if (error is not null)
        {
            throw DbFile.Fail(error);
        }

        using LogFile source = log!;
        DatabaseContents contents = DbFile.ReadContents(db);
        if (newSchema is not null)
        {
            OvsdbError? conversionError = SchemaConverter.Convert(contents, newSchema, out contents);
            if (conversionError is not null)
            {
                throw new ToolFailure(conversionError.ToString());
            }
        }

        JsonObject snapshot = contents.ToRecord(comment, DateTimeOffset.UtcNow);
        LogFile? replacement;
        error = target is null
            ? source.BeginReplace(out replacement)
            : LogFile.Open(target, LogHeader.StandaloneMagic, LogOpenMode.Create, locking: true, out replacement);
        if (error is not null)
        {
            throw DbFile.Fail(error);
        }

        error = replacement!.Write(contents.Schema.ToJson(), out _) ?? replacement.Write(snapshot, out _);
        if (error is null)
        {
            error = target is null ? source.ReplaceWith(replacement) : replacement.Commit();
        }

        if (error is not null)
        {
            LogFile.AbortReplace(replacement);
            throw DbFile.Fail(error);
        }

        if (target is not null)
        {
            replacement.Dispose();
        }
    }
}
