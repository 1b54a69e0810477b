// Upstream: dpctl_unixctl_handler() in lib/dpctl.c (OVS 3.1).
// Runs a dpctl command for a dpctl/* unixctl request: options come off the front of the arguments, then the
// handler runs with everything it prints or reports collected into the one reply. The reply is an error when the
// handler returns an errno, success otherwise, even if it reported failures along the way (as add-flows does).
// The unixctl server has already checked the argument count against the command's table entry, options included.
using Ovs.Netdev;

namespace Ovs.Dpif.Dpctl;

internal sealed class DpctlUnixctl(DpifRegistry datapaths, NetdevRegistry netdevs, string programName)
{
    /// <summary>The datapaths' clock, for the age of flows in dumps.</summary>
    public Func<long> NowMilliseconds { get; init; } = static () => Environment.TickCount64;

    /// <summary>The commands registered as dpctl/NAME: every dpctl command except "help".</summary>
    public static IEnumerable<DpctlCommand> Commands => DpctlCommands.All.Where(static c => c.Name != "help");

    /// <summary>Runs command with the request's arguments; returns whether the reply is a success.</summary>
    public bool Execute(DpctlCommand command, string[] args, out string reply)
    {
        ArgumentNullException.ThrowIfNull(command);
        string[]? rest = DpctlOptions.ParseUnixctl(args, out DpctlOptions options, out string? error);
        if (rest is null)
        {
            reply = error!;
            return false;
        }

        using var text = new StringWriter();
        var dpctl = new Dpctl(datapaths, netdevs, options, programName, text, text) { NowMilliseconds = NowMilliseconds };
        int result = command.Handler(dpctl, ["dpctl/" + command.Name, .. rest]);
        reply = text.ToString();
        return result == 0;
    }
}
