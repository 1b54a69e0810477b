// Upstream: ovsdb/ovsdb-tool.c, the global option state and struct ovs_cmdl_context (OVS 3.1)
using Ovs.Common;

namespace Ovs.Programs.OvsdbTool;

/// <summary>
/// What a command handler sees: its arguments (the command name excluded), the global options, and where to write.
/// Handlers never touch <see cref="Console"/>, so tests can run them in memory.
/// </summary>
internal sealed class ToolContext(IReadOnlyList<string> args, ToolOptions options, TextWriter output, TextWriter error)
{
    public IReadOnlyList<string> Args { get; } = args;

    public ToolOptions Options { get; } = options;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The default database, OVS_DBDIR/conf.db.</summary>
    public static string DefaultDb => OvsPaths.DbDir + "/conf.db";

    /// <summary>The default schema, OVS_PKGDATADIR/vswitch.ovsschema.</summary>
    public static string DefaultSchema => OvsPaths.PkgDataDir + "/vswitch.ovsschema";

    /// <summary>Argument <paramref name="index"/>, or <paramref name="fallback"/> when fewer were given.</summary>
    public string ArgOr(int index, string fallback) => index < Args.Count ? Args[index] : fallback;
}
