// Upstream: lib/util.c, ovs_fatal() as ovsdb/ovsdb-tool.c uses it (OVS 3.1)
namespace Ovs.Programs.OvsdbTool;

/// <summary>
/// Ends an ovsdb-tool command the way upstream's <c>ovs_fatal()</c> does: "ovsdb-tool: MESSAGE" on stderr and exit
/// status 1. A few commands end with another status and no "ovsdb-tool: " prefix (db-cid on a cluster whose ID is not
/// yet known prints the bare message and exits 2), so both are carried here.
/// </summary>
internal sealed class ToolFailure(string message, int exitCode = 1, bool bare = false) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>True when the message is printed without the program-name prefix.</summary>
    public bool Bare { get; } = bare;
}
