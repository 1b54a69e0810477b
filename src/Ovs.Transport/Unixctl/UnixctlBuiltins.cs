// Upstream: lib/unixctl.c ("version"), lib/vlog.c (vlog/*), lib/coverage.c (coverage/*), lib/memory.c
// (memory/show) (OVS 3.1)
//
// The commands every daemon answers besides list-commands. They only forward to Ovs.Common (Vlog,
// CoverageCounters, MemoryReport); error texts are the ones upstream replies with (recorded from ovsdb-server
// 3.1.0).
using System.Globalization;
using Ovs.Common;
using Ovs.Common.Diagnostics;
using Ovs.Common.Logging;

namespace Ovs.Transport.Unixctl;

/// <summary>Registers "version" and the vlog/* commands.</summary>
public static class UnixctlBuiltins
{
    /// <summary>Registers the built-in commands into <paramref name="commands"/>.</summary>
    public static void Register(UnixctlCommands commands)
    {
        commands.Register("version", string.Empty, 0, 0, (c, _) => c.Reply(OvsVersion.VersionLine(OvsProgram.Name) + "\n"));
        commands.Register("vlog/set", "{spec | PATTERN:destination:pattern}", 0, int.MaxValue, VlogSet);
        commands.Register("vlog/list", string.Empty, 0, 0, (c, _) => c.Reply(Vlog.ListText()));
        commands.Register("vlog/list-pattern", string.Empty, 0, 0, (c, _) => c.Reply(Vlog.ListPattern()));
        commands.Register("vlog/reopen", string.Empty, 0, 0, VlogReopen);
        commands.Register("vlog/close", string.Empty, 0, 0, (c, _) =>
        {
            Vlog.Close();
            c.Reply(null);
        });
        commands.Register("vlog/disable-rate-limit", "[module]...", 0, int.MaxValue, (c, a) => SetRateLimit(c, a, honored: false));
        commands.Register("vlog/enable-rate-limit", "[module]...", 0, int.MaxValue, (c, a) => SetRateLimit(c, a, honored: true));
        commands.Register("coverage/show", string.Empty, 0, 0, (c, _) => c.Reply(CoverageCounters.ShowText()));
        commands.Register("coverage/read-counter", "COUNTER", 1, 1, ReadCounter);
        commands.Register("memory/show", string.Empty, 0, 0, (c, _) => c.Reply(MemoryReport.ShowText()));
    }

    private static void VlogSet(UnixctlConnection connection, string[] args)
    {
        // With no arguments every module goes to dbg on every destination, as upstream's empty spec does.
        foreach (string spec in args.Length == 0 ? [string.Empty] : args)
        {
            if (Vlog.Set(spec) is { } error)
            {
                connection.ReplyError(error);
                return;
            }
        }

        connection.Reply(null);
    }

    private static void ReadCounter(UnixctlConnection connection, string[] args)
    {
        if (CoverageCounters.ReadCounter(args[0]) is long count)
        {
            connection.Reply(count.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        else
        {
            connection.ReplyError("No such counter");
        }
    }

    private static void VlogReopen(UnixctlConnection connection, string[] args)
    {
        if (Vlog.LogFileName is null)
        {
            connection.ReplyError("Logging to file not configured");
            return;
        }

        if (Vlog.Reopen() is { } error)
        {
            connection.ReplyError(error);
            return;
        }

        connection.Reply(null);
    }

    private static void SetRateLimit(UnixctlConnection connection, string[] args, bool honored)
    {
        if (Vlog.SetRateLimitsHonored(args, honored) is { } error)
        {
            connection.ReplyError(error);
            return;
        }

        connection.Reply(null);
    }
}
