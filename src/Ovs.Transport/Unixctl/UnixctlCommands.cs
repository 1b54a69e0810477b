// Upstream: lib/unixctl.c, unixctl_command_register() and the "list-commands" command (OVS 3.1)
//
// The table of control commands a daemon answers. Commands are registered by name with an argument range and a
// usage string (shown by list-commands); the server dispatches by table lookup. Upstream keeps one table per
// process; Default is that table, and tests make their own. Registration and lookup are thread-safe; handlers run
// on the daemon's main loop (see UnixctlServer).
using System.Text;

namespace Ovs.Transport.Unixctl;

/// <summary>Handles one command: reply through <paramref name="connection"/>, now or later.</summary>
public delegate void UnixctlHandler(UnixctlConnection connection, string[] args);

/// <summary>A registered command.</summary>
public sealed record UnixctlCommand(string Name, string Usage, int MinArgs, int MaxArgs, UnixctlHandler Handler);

/// <summary>A set of unixctl commands.</summary>
public sealed class UnixctlCommands
{
    private readonly Dictionary<string, UnixctlCommand> _commands = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>A table with "list-commands" registered.</summary>
    public UnixctlCommands()
    {
        Register("list-commands", string.Empty, 0, 0, ListCommands);
    }

    /// <summary>The process-wide table that daemons register into, with the built-in commands already in it.</summary>
    public static UnixctlCommands Default { get; } = CreateWithBuiltins();

    /// <summary>A new table holding list-commands, version and the vlog/* commands.</summary>
    public static UnixctlCommands CreateWithBuiltins()
    {
        var commands = new UnixctlCommands();
        UnixctlBuiltins.Register(commands);
        return commands;
    }

    /// <summary>
    /// Registers (or replaces) a command taking between <paramref name="minArgs"/> and <paramref name="maxArgs"/>
    /// arguments (int.MaxValue for no upper limit).
    /// </summary>
    public void Register(string name, string usage, int minArgs, int maxArgs, UnixctlHandler handler)
    {
        lock (_lock)
        {
            _commands[name] = new UnixctlCommand(name, usage, minArgs, maxArgs, handler);
        }
    }

    /// <summary>Removes a command (a program that lacks one of the built-ins); false when it was not there.</summary>
    public bool Unregister(string name)
    {
        lock (_lock)
        {
            return _commands.Remove(name);
        }
    }

    public UnixctlCommand? Find(string name)
    {
        lock (_lock)
        {
            return _commands.GetValueOrDefault(name);
        }
    }

    /// <summary>The text of list-commands: a heading, then "  NAME USAGE" per command in byte order of names.</summary>
    public string ListText()
    {
        UnixctlCommand[] commands;
        lock (_lock)
        {
            commands = [.. _commands.Values];
        }

        Array.Sort(commands, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var sb = new StringBuilder("The available commands are:\n");
        foreach (UnixctlCommand c in commands)
        {
            sb.Append("  ").Append(c.Name.PadRight(23)).Append(' ').Append(c.Usage).Append('\n');
        }

        return sb.ToString();
    }

    private void ListCommands(UnixctlConnection connection, string[] args) => connection.Reply(ListText());
}
