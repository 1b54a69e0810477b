// Upstream: lib/command-line.h, struct ovs_cmdl_command (OVS 3.1)
namespace Ovs.Programs.OvsdbTool;

/// <summary>
/// One row of ovsdb-tool's command table. <see cref="Usage"/> is the short argument synopsis that
/// "list-commands" prints; the argument-count limits produce upstream's usage errors before the handler runs.
/// A handler returns the exit status, or throws <see cref="ToolFailure"/>.
/// </summary>
internal sealed record ToolCommand(string Name, string Usage, int MinArgs, int MaxArgs, Func<ToolContext, int> Handler)
{
    public const int Unlimited = int.MaxValue;
}
