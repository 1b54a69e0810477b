// Upstream: ovsdb/ovsdb-client.c, struct ovsdb_client_command and its table (OVS 3.1)
namespace Ovs.Programs.OvsdbClient;

/// <summary>What a command needs before it runs: nothing, a connection, or a connection and a database.</summary>
internal enum CommandNeed
{
    None,
    Rpc,
    Database,
}

/// <summary>
/// One row of the command table: name, needs, operand counts (after SERVER and DATABASE) and handler.
/// <paramref name="Daemon"/> marks the long-running commands that honour --detach and --pidfile.
/// </summary>
internal sealed record ClientCommand(string Name, CommandNeed Need, int MinArgs, int MaxArgs, Func<CommandContext, Task> Handler, bool Daemon = false);
