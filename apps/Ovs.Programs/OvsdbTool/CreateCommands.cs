// Upstream: ovsdb/ovsdb-tool.c, do_create(), do_create_cluster() and do_join_cluster() (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Cluster;
using Ovs.Ovsdb.Engine.Conversion;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Programs.OvsdbTool;

/// <summary>Commands that create a database file; none of them overwrites an existing file.</summary>
internal static class CreateCommands
{
    /// <summary>A standalone database: one record holding the schema.</summary>
    public static int Create(ToolContext context)
    {
        string db = context.ArgOr(0, ToolContext.DefaultDb);
        DatabaseSchema schema = SchemaFile.Read(context.ArgOr(1, ToolContext.DefaultSchema));
        StorageError? error = LogFile.Open(db, LogHeader.StandaloneMagic, LogOpenMode.CreateExclusive, locking: true, out LogFile? log);
        if (error is not null)
        {
            throw DbFile.Fail(error);
        }

        using (log)
        {
            error = log!.Write(schema.ToJson(), out _) ?? log.Commit();
        }

        return error is null ? 0 : throw DbFile.Fail(error);
    }

    /// <summary>
    /// A one-server cluster. CONTENTS is a schema file (empty database) or a standalone database, whose data
    /// becomes the cluster's initial snapshot.
    /// </summary>
    public static int CreateCluster(ToolContext context)
    {
        string db = context.Args[0];
        string contents = context.Args[1];
        string local = context.Args[2];
        JsonValue schemaJson;
        JsonValue data;
        if (SchemaFile.TryRead(contents, out DatabaseSchema? schema) is null)
        {
            schemaJson = schema!.ToJson();
            data = new JsonObject();
        }
        else
        {
            if (DbFile.IsClustered(contents))
            {
                throw DbFile.NotForClustered(contents);
            }

            DatabaseContents snapshot = DbFile.ReadContents(contents);
            schemaJson = snapshot.Schema.ToJson();
            data = snapshot.ToRecord($"created from {contents}", DateTimeOffset.UtcNow, markDiff: true);
        }

        StorageError? error = ClusterFile.Create(db, schemaJson, data, local, context.Options.ElectionTimer);
        return error is null ? 0 : throw DbFile.Fail(error);
    }

    /// <summary>The file of a server that will join an existing cluster through REMOTE.</summary>
    public static int JoinCluster(ToolContext context)
    {
        string db = context.Args[0];
        string name = context.Args[1];
        if (!IsId(name))
        {
            throw new ToolFailure($"{name}: not a valid schema name (use \"schema-name\" command to find the correct name)");
        }

        StorageError? error = ClusterFile.CreateJoining(db, name, context.Args[2], [.. context.Args.Skip(3)], context.Options.Cid);
        return error is null ? 0 : throw DbFile.Fail(error);
    }

    private static bool IsId(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
