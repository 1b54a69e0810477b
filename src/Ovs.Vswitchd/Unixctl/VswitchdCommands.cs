// Upstream: vswitchd/ovs-vswitchd.c ("exit"), vswitchd/bridge.c ("bridge/reconnect", "bridge/dump-flows") and
// lib/timeval.c ("time/stop", "time/warp" under --enable-dummy) (OVS 3.1)
//
// The unixctl commands that belong to the daemon itself; list-commands, version, vlog/*, coverage/* and
// memory/show come with every daemon's table (UnixctlBuiltins). Handlers run on the main loop.
using System.Globalization;
using Ovs.Common;
using Ovs.Transport.Unixctl;
using Ovs.Vswitchd.Bridges;

namespace Ovs.Vswitchd.Unixctl;

internal sealed class VswitchdCommands
{
    private readonly BridgeReconciler _reconciler;
    private readonly MainLoop _loop;
    private readonly Action<bool> _exit;
    private bool _warping;

    /// <param name="exit">Ends the daemon; the argument is true for "exit --cleanup" (delete the datapaths).</param>
    public VswitchdCommands(BridgeReconciler reconciler, MainLoop loop, Action<bool> exit)
    {
        _reconciler = reconciler;
        _loop = loop;
        _exit = exit;
    }

    public void Register(UnixctlCommands commands)
    {
        commands.Register("exit", "[--cleanup]", 0, 1, Exit);
        commands.Register("bridge/reconnect", "[bridge]", 0, 1, Reconnect);
        commands.Register("bridge/dump-flows", "[--offload-stats] bridge", 1, 2, DumpFlows);
    }

    /// <summary>time/stop and time/warp, which --enable-dummy adds when the main loop runs on <paramref name="clock"/>.</summary>
    public void RegisterTimeWarp(UnixctlCommands commands, OvsClock clock)
    {
        commands.Register("time/stop", string.Empty, 0, 0, (c, _) =>
        {
            clock.Stop();
            c.Reply(null);
        });
        commands.Register("time/warp", "[large_msecs] msecs", 1, 2, (c, a) => Warp(c, a, clock));
    }

    private void Exit(UnixctlConnection connection, string[] args)
    {
        // Upstream treats any other argument as a plain "exit".
        bool cleanup = args.Length == 1 && args[0] == "--cleanup";
        connection.Reply(null);
        _ = connection.FlushAsync(TimeSpan.FromSeconds(1)).ContinueWith(_ => _loop.Post(() => _exit(cleanup)), TaskScheduler.Default);
    }

    private void Reconnect(UnixctlConnection connection, string[] args)
    {
        if (!_reconciler.Reconnect(args.Length > 0 ? args[0] : null))
        {
            connection.ReplyError("Unknown bridge");
            return;
        }

        connection.Reply(null);
    }

    private void DumpFlows(UnixctlConnection connection, string[] args)
    {
        if (_reconciler.DumpFlows(args[^1], args[..^1].Contains("--offload-stats")) is not { } flows)
        {
            connection.ReplyError("Unknown bridge");
            return;
        }

        connection.Reply(flows);
    }

    /// <summary>
    /// "time/warp MSECS" advances the clock by MSECS; "time/warp TOTAL MSECS" advances it by TOTAL in steps of
    /// MSECS, one step per trip through the main loop, so the work that each step makes due runs before the next.
    /// </summary>
    private void Warp(UnixctlConnection connection, string[] args, OvsClock clock)
    {
        long total = args.Length > 1 ? ParseLeadingInteger(args[0]) : 0;
        long step = ParseLeadingInteger(args[^1]);
        if (step <= 0 || total < 0)
        {
            connection.ReplyError("invalid MSECS");
            return;
        }

        if (_warping)
        {
            connection.ReplyError("A previous warp in progress");
            return;
        }

        _warping = true;
        WarpStep(connection, clock, Math.Max(total, step), step);
    }

    private void WarpStep(UnixctlConnection connection, OvsClock clock, long remaining, long step)
    {
        long now = Math.Min(step, remaining);
        clock.Warp(TimeSpan.FromMilliseconds(now));
        remaining -= now;
        if (remaining <= 0)
        {
            _warping = false;
            connection.Reply("warped");
            return;
        }

        _loop.Post(() => WarpStep(connection, clock, remaining, step));
    }

    /// <summary>C's atoll(): optional blanks and sign, then digits up to the first non-digit; 0 if none.</summary>
    private static long ParseLeadingInteger(string text)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart();
        int end = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        while (end < s.Length && char.IsAsciiDigit(s[end]))
        {
            end++;
        }

        return long.TryParse(s[..end], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : 0;
    }
}
