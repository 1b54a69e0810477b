// Upstream: the DAEMON_LONG_OPTIONS and VLOG_LONG_OPTIONS rows every daemon adds to its getopt table, and the
// DAEMON_OPTION_HANDLERS / VLOG_OPTION_HANDLERS cases of their parse_options() (lib/daemon.h, lib/vlog.h, OVS 3.1).
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;

namespace Ovs.Cli.Options;

/// <summary>Turns Ovs.Common's logging and daemon options into getopt rows and hands matches back to them.</summary>
public static class CommonOptionRows
{
    /// <summary>The getopt row of a common option, with the id the program gives it.</summary>
    public static OptionSpec ToSpec(CommonOption option, int id) => new(
        option.LongName,
        option.ShortName,
        option.Argument switch
        {
            CommonOptionArgument.None => OptionArgument.None,
            CommonOptionArgument.Required => OptionArgument.Required,
            _ => OptionArgument.Optional,
        },
        id);

    /// <summary>Appends the daemon rows (ids from daemonBase) and then the logging rows (ids from vlogBase).</summary>
    public static void AddDaemonAndVlog(List<OptionSpec> table, int daemonBase, int vlogBase)
    {
        for (int i = 0; i < DaemonOptions.Options.Count; i++)
        {
            table.Add(ToSpec(DaemonOptions.Options[i], daemonBase + i));
        }

        for (int i = 0; i < VlogOptions.Options.Count; i++)
        {
            table.Add(ToSpec(VlogOptions.Options[i], vlogBase + i));
        }
    }

    /// <summary>
    /// Applies a row added by AddDaemonAndVlog (a logging row when its id is at or past vlogBase). False when the
    /// program must exit now: a logging option was wrong (its warning is printed here) or asked for an exit.
    /// </summary>
    public static bool Apply(ParsedOption option, DaemonOptions daemon, int vlogBase)
    {
        if (option.Id < vlogBase)
        {
            daemon.Handle(option.Spec.Name!, option.Argument);
            return true;
        }

        if (VlogOptions.Handle(option.Spec.Name!, option.Argument) is not { } error)
        {
            return true;
        }

        if (error.Length > 0)
        {
            OvsError.Warn(error);
        }

        return false;
    }
}
