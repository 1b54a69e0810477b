// Upstream: ovsdb/ovsdb-tool.c, do_schema_name(), do_schema_version(), do_schema_cksum() and
// do_compare_versions() (OVS 3.1)
using System.Collections.Frozen;
using Ovs.Ovsdb;

namespace Ovs.Programs.OvsdbTool;

/// <summary>Commands that read a schema file or compare schema versions; they never open a database.</summary>
internal static class SchemaCommands
{
    private static readonly FrozenDictionary<string, Func<int, bool>> s_relations =
        new Dictionary<string, Func<int, bool>>(StringComparer.Ordinal)
        {
            ["<"] = static c => c < 0,
            ["<="] = static c => c <= 0,
            ["=="] = static c => c == 0,
            [">="] = static c => c >= 0,
            [">"] = static c => c > 0,
            ["!="] = static c => c != 0,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public static int SchemaName(ToolContext context) => Print(context, SchemaFromArg(context).Name);

    public static int SchemaVersion(ToolContext context) => Print(context, SchemaFromArg(context).Version);

    public static int SchemaCksum(ToolContext context) => Print(context, SchemaFromArg(context).Cksum);

    /// <summary>Exit status 0 if "A OP B" holds, 2 if not.</summary>
    public static int CompareVersions(ToolContext context)
    {
        OvsdbVersion a = ParseVersion(context.Args[0]);
        OvsdbVersion b = ParseVersion(context.Args[2]);
        if (!s_relations.TryGetValue(context.Args[1], out Func<int, bool>? relation))
        {
            throw new ToolFailure($"{context.Args[1]}: not a relational operator");
        }

        return relation(a.CompareTo(b)) ? 0 : 2;
    }

    private static OvsdbVersion ParseVersion(string text) =>
        OvsdbVersion.TryParse(text, out OvsdbVersion version)
            ? version
            : throw new ToolFailure($"{text}: not an OVSDB version number in format x.y.z");

    private static DatabaseSchema SchemaFromArg(ToolContext context) =>
        SchemaFile.Read(context.ArgOr(0, ToolContext.DefaultSchema));

    private static int Print(ToolContext context, string text)
    {
        context.Out.Write(text + "\n");
        return 0;
    }
}
