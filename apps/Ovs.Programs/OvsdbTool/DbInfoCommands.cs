// Upstream: ovsdb/ovsdb-tool.c, do_db_name(), do_db_version(), do_db_cksum(), do_db_cid(), do_db_sid(),
// do_db_local_address(), do_db_is_clustered() and do_db_is_standalone() (OVS 3.1)

namespace Ovs.Programs.OvsdbTool;

/// <summary>Commands that report facts about a database file without changing it.</summary>
internal static class DbInfoCommands
{
    /// <summary>The schema name; for a clustered file, the database name in its header.</summary>
    public static int DbName(ToolContext context)
    {
        string db = context.ArgOr(0, ToolContext.DefaultDb);
        string name = DbFile.IsClustered(db) ? DbFile.ReadCluster(db).Header.Name : DbFile.ReadStandaloneSchema(db).Name;
        return Print(context, name);
    }

    public static int DbVersion(ToolContext context) =>
        Print(context, DbFile.ReadStandaloneSchema(context.ArgOr(0, ToolContext.DefaultDb)).Version);

    public static int DbCksum(ToolContext context) =>
        Print(context, DbFile.ReadStandaloneSchema(context.ArgOr(0, ToolContext.DefaultDb)).Cksum);

    /// <summary>The cluster ID; a server that joined but has not yet heard from the cluster exits 2.</summary>
    public static int DbCid(ToolContext context)
    {
        string db = context.Args[0];
        return DbFile.ReadClusterHeader(db).ClusterId is Guid known
            ? Print(context, known.ToString("D"))
            : throw new ToolFailure($"{db}: cluster ID not yet known", exitCode: 2, bare: true);
    }

    public static int DbSid(ToolContext context) =>
        Print(context, DbFile.ReadClusterHeader(context.Args[0]).ServerId.ToString("D"));

    public static int DbLocalAddress(ToolContext context) =>
        Print(context, DbFile.ReadClusterHeader(context.Args[0]).LocalAddress);

    public static int DbIsClustered(ToolContext context) => DbFile.IsClustered(context.Args[0]) ? 0 : 2;

    public static int DbIsStandalone(ToolContext context) => DbFile.IsClustered(context.Args[0]) ? 2 : 0;

    private static int Print(ToolContext context, string text)
    {
        context.Out.Write(text + "\n");
        return 0;
    }
}
