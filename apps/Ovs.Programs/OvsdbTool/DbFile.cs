// Upstream: ovsdb/ovsdb-tool.c, read_standalone_schema() and the raft metadata readers (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Cluster;
using Ovs.Ovsdb.Engine.Conversion;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Programs.OvsdbTool;

/// <summary>Opening database files for inspection, with ovsdb-tool's errors for the wrong kind of file.</summary>
internal static class DbFile
{
    /// <summary>Ends the command with a storage error as upstream prints it ("I/O error: ...").</summary>
    public static ToolFailure Fail(StorageError error) => new(error.ToString());

    public static ToolFailure NotForClustered(string fileName) =>
        new($"ovsdb error: {fileName}: cannot apply this operation to clustered database file");

    /// <summary>True if <paramref name="fileName"/> is a clustered database, false if standalone.</summary>
    public static bool IsClustered(string fileName)
    {
        StorageError? error = LogFile.Open(fileName, null, LogOpenMode.ReadOnly, locking: false, out LogFile? log);
        if (error is not null)
        {
            throw Fail(error);
        }

        using (log)
        {
            return log!.IsClustered;
        }
    }

    /// <summary>The schema of a standalone database (its first record); a clustered one ends the command.</summary>
    public static DatabaseSchema ReadStandaloneSchema(string fileName)
    {
        OvsdbError? error = StandaloneStorage.ReadSchema(fileName, out DatabaseSchema? schema);
        return error is null ? schema! : throw new ToolFailure(error.ToString());
    }

    /// <summary>The header of a clustered database; a standalone one ends the command with "not a clustered database".</summary>
    public static RaftHeader ReadClusterHeader(string fileName)
    {
        if (!IsClustered(fileName))
        {
            throw new ToolFailure($"{fileName}: not a clustered database");
        }

        return ReadCluster(fileName).Header;
    }

    /// <summary>Every row of a standalone database; a clustered one ends the command.</summary>
    public static DatabaseContents ReadContents(string fileName)
    {
        if (IsClustered(fileName))
        {
            throw NotForClustered(fileName);
        }

        StorageError? error = DatabaseContents.ReadStandalone(fileName, out DatabaseContents? contents);
        return error is null ? contents! : throw Fail(error);
    }

    public static ClusterFile ReadCluster(string fileName)
    {
        StorageError? error = ClusterFile.Read(fileName, out ClusterFile? file);
        return error is null ? file! : throw Fail(error);
    }
}
