// Upstream: the unixctl_command_register() calls of lib/dpif-netdev.c (dpif-netdev/pmd-*) and lib/odp-execute.c
// (odp-execute/action-impl-*) (OVS 3.1).
// The userspace datapath's own commands: its library exposes them as handlers that return text, and the daemon
// registers them into its unixctl server here.
using Ovs.Dpif.Netdev;
using Ovs.Dpif.Netdev.Execute;
using Ovs.Dpif.Netdev.Pmd;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsVswitchd;

internal static class DatapathCommands
{
    public static void Register(UnixctlCommands commands, DpNetdevCatalog catalog, OdpExecuteImplementations implementations)
    {
        foreach (DpifNetdevCommand command in PmdInfoCommands.All)
        {
            commands.Register(command.Name, command.Usage, command.MinArgs, command.MaxArgs, (connection, args) =>
            {
                DpifNetdevCommandResult result = command.Handler(catalog, args);
                if (result.Success)
                {
                    connection.Reply(result.Text);
                }
                else
                {
                    connection.ReplyError(result.Text);
                }
            });
        }

        commands.Register("odp-execute/action-impl-show", string.Empty, 0, 0, (connection, _) => connection.Reply(implementations.Show()));
        commands.Register("odp-execute/action-impl-set", "name", 1, 1, (connection, args) =>
        {
            if (implementations.TrySet(args[0], out string reply))
            {
                connection.Reply(reply);
            }
            else
            {
                connection.ReplyError(reply);
            }
        });
    }
}
