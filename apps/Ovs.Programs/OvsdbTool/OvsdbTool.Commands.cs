// Upstream: ovsdb/ovsdb-tool.c, all_commands[] (OVS 3.1)
using System.Collections.Frozen;

namespace Ovs.Programs.OvsdbTool;

internal static partial class OvsdbTool
{
    private const int Many = ToolCommand.Unlimited;

    /// <summary>The commands in upstream's table order, which "list-commands" preserves.</summary>
    private static readonly ToolCommand[] s_commands =
    [
        new("create", "[db [schema]]", 0, 2, CreateCommands.Create),
        new("create-cluster", "db contents local", 3, 3, CreateCommands.CreateCluster),
        new("join-cluster", "db name local remote...", 4, Many, CreateCommands.JoinCluster),
        new("compact", "[db [dst]]", 0, 2, ConvertCommands.Compact),
        new("convert", "[db [schema [dst]]]", 0, 3, ConvertCommands.Convert),
        new("needs-conversion", "", 0, 2, ConvertCommands.NeedsConversion),
        new("db-name", "[db]", 0, 1, DbInfoCommands.DbName),
        new("db-version", "[db]", 0, 1, DbInfoCommands.DbVersion),
        new("db-cksum", "[db]", 0, 1, DbInfoCommands.DbCksum),
        new("db-cid", "db", 1, 1, DbInfoCommands.DbCid),
        new("db-sid", "db", 1, 1, DbInfoCommands.DbSid),
        new("db-local-address", "db", 1, 1, DbInfoCommands.DbLocalAddress),
        new("db-is-clustered", "db", 1, 1, DbInfoCommands.DbIsClustered),
        new("db-is-standalone", "db", 1, 1, DbInfoCommands.DbIsStandalone),
        new("schema-name", "[schema]", 0, 1, SchemaCommands.SchemaName),
        new("schema-version", "[schema]", 0, 1, SchemaCommands.SchemaVersion),
        new("schema-cksum", "[schema]", 0, 1, SchemaCommands.SchemaCksum),
        new("query", "[db] trns", 1, 2, TransactCommands.Query),
        new("transact", "[db] trns", 1, 2, TransactCommands.Transact),
        new("show-log", "[db]", 0, 1, ShowLogCommand.Run),
        new("check-cluster", "db...", 1, Many, CheckClusterCommand.Run),
        new("compare-versions", "a op b", 3, 3, SchemaCommands.CompareVersions),
        new("help", "", 0, Many, Help),
        new("list-commands", "", 0, Many, ListCommands),
        new("cluster-to-standalone", "db clusterdb", 2, 2, ConvertCommands.ClusterToStandalone),
    ];

    // Declared after s_commands on purpose: static initializers run in textual order.
    private static readonly FrozenDictionary<string, ToolCommand> s_byName =
        s_commands.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    private static int Help(ToolContext context)
    {
        ToolUsage.WriteHelp(context.Out);
        return 0;
    }

    private static int ListCommands(ToolContext context)
    {
        ToolUsage.WriteCommands(context.Out, s_commands);
        return 0;
    }
}
