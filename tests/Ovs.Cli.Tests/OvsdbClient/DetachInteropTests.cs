// "ovsdb-client --detach --pidfile monitor > FILE", the way upstream's tests/ovsdb-monitor.at drives it: the
// command returns once the initial contents are printed, keeps writing updates to FILE, and is stopped through
// its pidfile. Our client and Debian's must leave the same FILE.
using Ovs.TestKit;

namespace Ovs.Cli.Tests.OvsdbClient;

[Trait("upstream", "tests/ovsdb-monitor.at")]
public sealed class DetachInteropTests
{
    [RequiresProgramsFact(["ovsdb-client"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    public void Detached_monitor_writes_like_debian()
    {
        using var server = new DebianServer();
        try
        {
            string theirs = Start(ProgramRunner.Reference("ovsdb-client")!, "theirs", server);
            string ours = Start(ProgramRunner.Ours("ovsdb-client")!, "ours", server);
            ProgramResult r = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, ["transact", server.Remote, """["Test",{"op":"insert","table":"Other","row":{"label":"new","id":1}}]"""], server.Sandbox);
            Assert.Equal(0, r.ExitCode);
            Thread.Sleep(500);
            Stop(server, "theirs");
            Stop(server, "ours");
            Compare(server, theirs, ours);
        }
        finally
        {
            Stop(server, "theirs");
            Stop(server, "ours");
        }
    }

    private static void Compare(DebianServer server, string theirs, string ours)
    {
        Assert.Contains("insert", File.ReadAllText(theirs), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(theirs), File.ReadAllText(ours));
        Assert.False(File.Exists(server.Sandbox.PathOf("ours.pid")), "pidfile left behind");
    }

    private static string Start(string client, string name, DebianServer server)
    {
        string output = server.Sandbox.PathOf(name + ".out");
        string command = $"'{client}' --detach --pidfile={name}.pid --no-chdir -f csv monitor '{server.Remote}' Test Other label,id > '{output}' 2> '{output}.err' < /dev/null";
        ProgramResult started = ProgramRunner.Run("/bin/sh", ["-c", command], server.Sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(0, started.ExitCode);
        Assert.True(File.Exists(server.Sandbox.PathOf(name + ".pid")), $"{name}: no pidfile");
        return output;
    }

    private static void Stop(DebianServer server, string name)
    {
        string pidFile = server.Sandbox.PathOf(name + ".pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out int pid))
        {
            return;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            ProgramRunner.Run("/bin/kill", [pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!process.WaitForExit(5000))
            {
                process.Kill();
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        // Wait for the pidfile to be removed by the exiting process (bounded).
        for (int i = 0; i < 50 && File.Exists(pidFile); i++)
        {
            Thread.Sleep(20);
        }
    }
}
