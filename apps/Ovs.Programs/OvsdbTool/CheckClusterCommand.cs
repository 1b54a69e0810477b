// Upstream: ovsdb/ovsdb-tool.c, do_check_cluster() (OVS 3.1)
//
// check-cluster reads the files of every server of one cluster and reports the first inconsistency. This
// implements the structural checks: each file must be clustered; servers that have not yet joined are skipped
// with a note; all files must share the cluster ID and have distinct server IDs; in each log, entry indexes
// must continue from the snapshot without gaps (a lower index is allowed: it overwrites uncommitted entries);
// and at least one log must hold an entry beyond its snapshot. Upstream's deeper cross-server checks of terms,
// votes, leaders and committed entries are not performed (issue #3).
using Ovs.Ovsdb.Engine.Cluster;

namespace Ovs.Programs.OvsdbTool;

internal static class CheckClusterCommand
{
    public static int Run(ToolContext context)
    {
        var servers = new List<(string File, RaftHeader Header)>();
        bool anyEntries = false;
        foreach (string fileName in context.Args)
        {
            if (!DbFile.IsClustered(fileName))
            {
                throw new ToolFailure($"ovsdb error: {fileName}: cannot identify file type");
            }

            ClusterFile file = DbFile.ReadCluster(fileName);
            if (file.Header.Snapshot is not { } snapshot)
            {
                context.Out.Write($"{fileName} has not joined the cluster, omitting\n");
                continue;
            }

            CheckAgainstOthers(fileName, file.Header, servers);
            servers.Add((fileName, file.Header));
            anyEntries |= CheckIndexes(fileName, snapshot, file.Records);
        }

        return anyEntries ? 0 : throw new ToolFailure("all logs are empty");
    }

    private static void CheckAgainstOthers(string fileName, RaftHeader header, List<(string File, RaftHeader Header)> servers)
    {
        foreach ((string otherFile, RaftHeader other) in servers)
        {
            if (other.ClusterId != header.ClusterId)
            {
                throw new ToolFailure(
                    $"{otherFile} has cluster ID {Short(other.ClusterId)} but {fileName} has cluster ID {Short(header.ClusterId)}");
            }

            if (other.ServerId == header.ServerId)
            {
                throw new ToolFailure($"Duplicate server ID {RaftJsonReader.Short(header.ServerId)} in {otherFile} and {fileName}.");
            }
        }
    }

    /// <summary>Checks that entry indexes never skip ahead; returns true if the log has any entry.</summary>
    private static bool CheckIndexes(string fileName, RaftSnapshot snapshot, IReadOnlyList<RaftRecord> records)
    {
        long next = snapshot.Index + 1;
        bool any = false;
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Index is not long index)
            {
                continue;
            }

            if (index > next)
            {
                throw new ToolFailure($"{fileName}: record {i + 1} with index {index} skips past expected index {next}");
            }

            any = true;
            next = index + 1;
        }

        return any;
    }

    private static string Short(Guid? uuid) => uuid is Guid u ? RaftJsonReader.Short(u) : "";
}
