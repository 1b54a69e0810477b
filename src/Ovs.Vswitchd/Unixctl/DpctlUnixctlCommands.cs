// Upstream: dpctl_unixctl_register() in lib/dpctl.c, called from ofproto-dpif's start-up (OVS 3.1).
// Registers every dpctl command except "help" as the unixctl command dpctl/NAME, with the usage and argument counts
// of dpctl's table. The commands run on the main loop, like every unixctl handler, and work on the daemon's own
// datapaths (DpifRegistry) and network devices (NetdevRegistry).
using Ovs.Dpif.Dpctl;
using Ovs.Transport.Unixctl;

namespace Ovs.Vswitchd.Unixctl;

internal static class DpctlUnixctlCommands
{
    public static void Register(UnixctlCommands commands, DpctlUnixctl dpctl)
    {
        ArgumentNullException.ThrowIfNull(commands);
        foreach (DpctlCommand command in DpctlUnixctl.Commands)
        {
            commands.Register("dpctl/" + command.Name, command.Usage, command.MinArgs, command.MaxArgs, (connection, args) =>
            {
                if (dpctl.Execute(command, args, out string reply))
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
}
