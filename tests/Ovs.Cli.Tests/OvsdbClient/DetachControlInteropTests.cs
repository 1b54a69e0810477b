// Detached ovsdb-client processes driven through ovs-appctl, as upstream's tests/ovsdb-lock.at, ovsdb-monitor.at
// (monitor-cond-change) and ovsdb-server.at (online conversion, "combines updates") drive them: the lock commands
// take lock/steal/unlock/exit, monitors take exit, ovsdb-client/block, ovsdb-client/unblock and
// ovsdb-client/cond_change, and transact goes to the background before its transaction completes. The same
// scenario is played by Debian's client and by ours against one Debian server; files and replies must match.
using System.Globalization;
using Ovs.TestKit;
using static Ovs.Cli.Tests.OvsdbClient.MonitorInteropTests;

namespace Ovs.Cli.Tests.OvsdbClient;

[Trait("upstream", "tests/ovsdb-lock.at")]
public sealed class DetachControlInteropTests
{
    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client", "ovs-appctl"])]
    public void Detached_lock_clients_obey_appctl_like_debian()
    {
        using var server = new DebianServer();
        string theirs = PlayLocks(ProgramRunner.Reference("ovsdb-client")!, server, "theirs");
        string ours = PlayLocks(ProgramRunner.Ours("ovsdb-client")!, server, "ours");
        Assert.Contains("stolen", theirs, StringComparison.Ordinal);
        Assert.Equal(theirs, ours);
    }

    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client", "ovs-appctl"])]
    public void Detached_monitor_obeys_appctl_like_debian()
    {
        using var server = new DebianServer();
        string theirs = PlayMonitor(ProgramRunner.Reference("ovsdb-client")!, server, "theirs");
        string ours = PlayMonitor(ProgramRunner.Ours("ovsdb-client")!, server, "ours");
        Assert.Contains("condition changed", theirs, StringComparison.Ordinal);
        Assert.Equal(theirs, ours);
    }

    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client", "ovs-appctl"])]
    public void Detached_transact_waits_in_the_background_like_debian()
    {
        using var server = new DebianServer();
        string theirs = PlayTransact(ProgramRunner.Reference("ovsdb-client")!, server, "theirs");
        string ours = PlayTransact(ProgramRunner.Ours("ovsdb-client")!, server, "ours");
        Assert.Equal("[{}]\n", theirs);
        Assert.Equal(theirs, ours);
    }

    private static string PlayLocks(string client, DebianServer server, string tag)
    {
        var log = new List<string>();
        int holder = Start(client, server, tag + "-holder", $"lock '{server.Remote}' L");
        int waiter = Start(client, server, tag + "-waiter", $"lock '{server.Remote}' L");
        try
        {
            log.Add(Appctl(server, holder, "unlock", "L"));
            Assert.True(WaitUntil(() => Output(server, tag + "-waiter").Contains("locked\n", StringComparison.Ordinal)), "waiter never got the lock");
            log.Add(Appctl(server, holder, "steal", "L"));
            Assert.True(WaitUntil(() => Output(server, tag + "-waiter").Contains("stolen", StringComparison.Ordinal)), "lock never stolen");

            // The holder's file is not waited on: Debian's client writes it through a buffered stdout, so its replies
            // may show only once it exits. The waiter's "stolen" above follows the steal on the server.
            // The waiter leaves first: once the holder is gone the server would give the waiter the lock again, and
            // whether that notification beats the waiter's own exit is a race.
            log.Add(Appctl(server, waiter, "exit"));
            WaitGone(server, tag + "-waiter", waiter);
            log.Add(Appctl(server, holder, "exit"));
            WaitGone(server, tag + "-holder", holder);
            // Debian's client prints the "{}" reply to "unlock" in some runs and not in others (seen in about one run
            // in ten), so that line is left out of the comparison.
            log.Add(string.Concat(Output(server, tag + "-holder").Split('\n').Where(l => l != "{}").Select(l => l + "\n"))[..^1]);
            log.Add(Output(server, tag + "-waiter"));
            return string.Join("---\n", log);
        }
        finally
        {
            Kill(server, tag + "-holder", holder);
            Kill(server, tag + "-waiter", waiter);
        }
    }

    private static string PlayMonitor(string client, DebianServer server, string tag)
    {
        var log = new List<string>();
        int monitor = Start(client, server, tag, $"--format=csv monitor-cond '{server.Remote}' Test '[[\"id\",\"==\",2]]' Other label");
        try
        {
            int before = Output(server, tag).Length;
            log.Add(Appctl(server, monitor, "ovsdb-client/cond_change", "Other", "[true]"));
            Assert.True(WaitUntil(() => Output(server, tag).Length > before), "condition change printed nothing");
            log.Add(Appctl(server, monitor, "ovsdb-client/block"));
            log.Add(Appctl(server, monitor, "ovsdb-client/block"));
            log.Add(Appctl(server, monitor, "ovsdb-client/unblock"));
            log.Add(Appctl(server, monitor, "ovsdb-client/unblock"));
            log.Add(Appctl(server, monitor, "exit"));
            WaitGone(server, tag, monitor);
            log.Add(Output(server, tag));
            log.Add(File.ReadAllText(server.Sandbox.PathOf(tag + ".err")));
            return string.Join("---\n", log);
        }
        finally
        {
            Kill(server, tag, monitor);
        }
    }

    private static string PlayTransact(string client, DebianServer server, string tag)
    {
        string wait = $$$"""["Test",{"op":"wait","table":"Other","where":[["label","==","{{{tag}}}"]],"columns":["label"],"until":"==","rows":[{"label":"{{{tag}}}"}],"timeout":10000}]""";
        int pid = Start(client, server, tag, $"--db-change-aware transact '{server.Remote}' '{wait}'");
        try
        {
            Thread.Sleep(200);
            Assert.True(File.Exists(server.Sandbox.PathOf(tag + ".pid")), "the transaction ended before its condition was met");
            Assert.Equal(string.Empty, Output(server, tag));
            string insert = $$$"""["Test",{"op":"insert","table":"Other","row":{"label":"{{{tag}}}","id":1}}]""";
            Assert.Equal(0, ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, ["transact", server.Remote, insert], server.Sandbox).ExitCode);
            WaitGone(server, tag, pid);
            return Output(server, tag) + File.ReadAllText(server.Sandbox.PathOf(tag + ".err"));
        }
        finally
        {
            Kill(server, tag, pid);
        }
    }

    /// <summary>Starts "CLIENT --detach --pidfile=NAME.pid ARGS" with output in NAME.out and NAME.err; returns its pid.</summary>
    private static int Start(string client, DebianServer server, string name, string args)
    {
        string command = $"'{client}' --detach --no-chdir --pidfile={name}.pid {args} > {name}.out 2> {name}.err < /dev/null";
        ProgramResult started = ProgramRunner.Run("/bin/sh", ["-c", command], server.Sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.True(started.ExitCode == 0, $"{name}: exit {started.ExitCode}: {started.Stderr}");
        return int.Parse(File.ReadAllText(server.Sandbox.PathOf(name + ".pid")).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs Debian's ovs-appctl against the process's control socket; returns status, stdout and stderr.</summary>
    private static string Appctl(DebianServer server, int pid, params string[] command)
    {
        string target = server.Sandbox.PathOf($"ovsdb-client.{pid.ToString(CultureInfo.InvariantCulture)}.ctl");
        ProgramResult r = ProgramRunner.Run(ProgramRunner.Reference("ovs-appctl")!, ["-t", target, .. command], server.Sandbox, timeout: TimeSpan.FromSeconds(20));
        return $"{r.ExitCode}:{r.Stdout}:{r.Stderr}\n";
    }

    private static string Output(DebianServer server, string name) => File.ReadAllText(server.Sandbox.PathOf(name + ".out"));

    /// <summary>
    /// Waits until the pidfile is gone and the process has ended. Debian's client removes its pidfile from an exit
    /// hook that runs before the C library flushes standard output, so a missing pidfile alone does not mean that
    /// the output file is complete.
    /// </summary>
    private static void WaitGone(DebianServer server, string name, int pid) =>
        Assert.True(WaitUntil(() => !File.Exists(server.Sandbox.PathOf(name + ".pid")) && HasEnded(pid)), $"{name} did not exit");

    /// <summary>True once the process is gone or a zombie (a detached process's reaper may be slow or absent).</summary>
    private static bool HasEnded(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return true;
        }

        // "PID (COMM) STATE ...": the state follows the last ')'.
        int close = stat.LastIndexOf(')');
        return close < 0 || close + 2 >= stat.Length || stat[close + 2] is 'Z' or 'X';
    }

    /// <summary>Kills a process left running by a failed scenario (only while its pidfile says it is alive).</summary>
    private static void Kill(DebianServer server, string name, int pid)
    {
        if (!File.Exists(server.Sandbox.PathOf(name + ".pid")))
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(5000);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
