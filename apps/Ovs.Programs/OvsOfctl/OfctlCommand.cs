// Upstream: utilities/ovs-ofctl.c, struct ovs_cmdl_command rows of all_commands[] (OVS 3.1)
namespace Ovs.Programs.OvsOfctl;

/// <summary>Whether a command changes a switch (refused under --read-only) or only reads.</summary>
internal enum OfctlMode
{
    ReadOnly,
    ReadWrite,
}

/// <summary>What a command handler gets: the parsed options, its operands (after the command name) and stdout.</summary>
internal sealed record OfctlContext(OfctlOptions Options, IReadOnlyList<string> Args, TextWriter Out);

/// <summary>One row of the command table; the undocumented test commands have no usage.</summary>
internal sealed record OfctlCommand(string Name, string? Usage, int MinArgs, int MaxArgs, Action<OfctlContext> Handler, OfctlMode Mode);
