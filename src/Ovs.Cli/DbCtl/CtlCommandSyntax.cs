// Upstream: lib/db-ctl-base.h, struct ctl_command_syntax (OVS 3.1)
namespace Ovs.Cli.DbCtl;

/// <summary>Whether a command may change the database (upstream's RO/RW).</summary>
public enum CtlMode
{
    ReadOnly,
    ReadWrite,
}

/// <summary>
/// One row of a db-ctl program's command table. <paramref name="Arguments"/> is the usage text that
/// <c>--commands</c> prints; <paramref name="Options"/> lists the per-command options as upstream writes them
/// ("--if-exists,--id=": a trailing '=' means the option needs a value, '?' that it may have one).
/// <paramref name="Prerequisites"/> runs before connecting, <paramref name="Run"/> inside the transaction and
/// <paramref name="PostProcess"/> after a successful commit.
/// </summary>
public sealed record CtlCommandSyntax(
    string Name,
    int MinArgs,
    int MaxArgs,
    string Arguments,
    Action<CtlContext>? Prerequisites,
    Action<CtlContext>? Run,
    Action<CtlContext>? PostProcess,
    string Options,
    CtlMode Mode);
