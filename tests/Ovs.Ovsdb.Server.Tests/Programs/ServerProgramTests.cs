// Our ovsdb-server binary (out/bin, built by `make programs`) driven from outside as upstream's tests drive it:
// started with the daemon options in a sandbox, queried over its unix socket, and managed with Debian's ovs-appctl
// and ovsdb-client. Expected texts are what Debian's ovsdb-server 3.1.0 prints for the same steps.
using Ovs.Json;
using Ovs.TestKit;

namespace Ovs.Ovsdb.Server.Tests.Programs;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class ServerProgramTests : IDisposable
{
    private readonly Sandbox _sandbox = new("ovsp");
    private DaemonHarness? _daemon;

    public void Dispose()
    {
        _daemon?.Dispose();
        _sandbox.Dispose();
    }

    private string Socket => _sandbox.PathOf("db.sock");

    private DaemonHarness Start(params string[] extra)
    {
        InProcessServer.WriteDatabase(_sandbox.PathOf("db.db"), InProcessServer.Schema);
        _daemon = DaemonHarness.Start(ProgramRunner.Ours("ovsdb-server")!, _sandbox, [$"--remote=punix:{Socket}", .. extra, "db.db"]);
        return _daemon;
    }

    private ProgramResult Appctl(params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Reference("ovs-appctl")!, ["-t", _sandbox.PathOf($"ovsdb-server.{_daemon!.Pid}.ctl"), .. args], _sandbox);

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-server"])]
    public void HelpIsDebians()
    {
        ProgramResult ours = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-server")!, ["--help"], _sandbox);
        ProgramResult theirs = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-server")!, ["--help"], _sandbox);
        Assert.Equal(theirs.Stdout, ours.Stdout);
        Assert.Equal(0, ours.ExitCode);
    }

    // Upstream's "ovsdb-server/add-remote with --monitor": a daemon "crashed" with kill -SEGV is restarted by its
    // monitor and keeps the remote added at run time (and not one removed at run time).
    [RequiresProgramsFact(["ovsdb-server"], ["ovs-appctl"])]
    public void MonitorRestartKeepsRuntimeRemotes()
    {
        InProcessServer.WriteDatabase(_sandbox.PathOf("db.db"), InProcessServer.Schema);
        ProgramResult started = ProgramRunner.Run(
            ProgramRunner.Ours("ovsdb-server")!, ["--monitor", "--detach", "--no-chdir", "--pidfile", "--log-file", $"--remote=punix:{Socket}", "db.db"], _sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.True(started.ExitCode == 0, started.Stderr);
        int first = ReadPid();
        int monitor = int.Parse(File.ReadAllText($"/proc/{first}/stat").Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.Equal(0, ServerAppctl("ovsdb-server/add-remote", $"punix:{_sandbox.PathOf("added.sock")}").ExitCode);
            Assert.Equal(0, ServerAppctl("ovsdb-server/remove-remote", $"punix:{Socket}").ExitCode);
            Assert.Equal(0, ProgramRunner.Run("/bin/kill", ["-SEGV", first.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
            Assert.True(WaitUntil(() => File.Exists(_sandbox.PathOf("ovsdb-server.pid")) && ReadPid() != first && ServerAppctl("version").ExitCode == 0), "daemon not restarted");
            Assert.Equal($"punix:{_sandbox.PathOf("added.sock")}\n", ServerAppctl("ovsdb-server/list-remotes").Stdout);
            Assert.Contains($"1 crashes: pid {first} died, killed (Segmentation fault), restarting", File.ReadAllText(_sandbox.PathOf("ovsdb-server.log")), StringComparison.Ordinal);
        }
        finally
        {
            ProgramRunner.Run("/bin/kill", [monitor.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            ServerAppctl("exit");
        }
    }

    private int ReadPid() => int.Parse(File.ReadAllText(_sandbox.PathOf("ovsdb-server.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    private ProgramResult ServerAppctl(params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Reference("ovs-appctl")!, ["-t", "ovsdb-server", .. args], _sandbox, timeout: TimeSpan.FromSeconds(10));

    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                if (condition())
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // The pidfile is being replaced; look again.
            }

            Thread.Sleep(100);
        }

        return false;
    }

    [RequiresProgramsFact(["ovsdb-server"])]
    public void MissingDatabaseIsFatalWithUpstreamsMessage()
    {
        ProgramResult r = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-server")!, ["nonexist.db"], _sandbox);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("ovsdb-server: I/O error: nonexist.db: open failed (No such file or directory)\n", r.Stderr);
    }

    [RequiresProgramsFact(["ovsdb-server"])]
    public void AnswersJsonRpcOnItsSocket()
    {
        Start();
        using var client = new JsonRpcTestClient(Socket);
        Assert.Equal(JsonParser.Parse("[\"db\",\"_Server\"]"), client.Call("list_dbs", new JsonArray())["result"]);
        JsonObject inserted = client.Call("transact", JsonParser.Parse("""["db",{"op":"insert","table":"r","row":{"target":"x"}}]"""));
        Assert.Equal(JsonValue.Null, inserted["error"]);
        Assert.Equal(JsonValue.String("unknown method"), client.Call("nope", new JsonArray())["error"]);

        // SIGTERM (the harness's stop) removes the pidfile and the listening socket, as upstream's fatal-signal hooks do.
        _daemon!.Dispose();
        Assert.False(File.Exists(Socket));
        Assert.False(File.Exists(_sandbox.PathOf("ovsdb-server.pid")));
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovs-appctl"])]
    public void UnixctlCommandsReplyAsUpstream()
    {
        Start();
        Assert.Equal("_Server\ndb\n", Appctl("ovsdb-server/list-dbs").Stdout);
        Assert.Equal($"punix:{Socket}\n", Appctl("ovsdb-server/list-remotes").Stdout);
        Assert.Equal(0, Appctl("ovsdb-server/add-remote", "ptcp:0:127.0.0.1").ExitCode);
        Assert.Equal($"ptcp:0:127.0.0.1\npunix:{Socket}\n", Appctl("ovsdb-server/list-remotes").Stdout);

        ProgramResult missing = Appctl("ovsdb-server/remove-remote", "foo");
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("no such remote\n", missing.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("\"db:x,y,z\": no database named x\n", Appctl("ovsdb-server/add-remote", "db:x,y,z").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("\"db:db,y,z\": no table named y\n", Appctl("ovsdb-server/add-remote", "db:db,y,z").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("\"db:db,r,z\": table \"r\" has no column \"z\"\n", Appctl("ovsdb-server/add-remote", "db:db,r,z").Stderr, StringComparison.Ordinal);

        Assert.StartsWith("cannot compact built-in databases\n", Appctl("ovsdb-server/compact", "_Server").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("no database by that name\n", Appctl("ovsdb-server/compact", "nope").Stderr, StringComparison.Ordinal);
        Assert.Equal(0, Appctl("ovsdb-server/compact").ExitCode);
        Assert.StartsWith("Failed to find the database.\n", Appctl("ovsdb-server/remove-db", "nope").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("Cannot remove reserved database.\n", Appctl("ovsdb-server/remove-db", "_Server").Stderr, StringComparison.Ordinal);
        Assert.StartsWith("ovsdb error: db.db: already open\n", Appctl("ovsdb-server/add-db", "db.db").Stderr, StringComparison.Ordinal);
        Assert.Equal("status: ok\n", Appctl("ovsdb-server/get-db-storage-status", "db").Stdout);
        Assert.Equal("performance counter is not supported on this platform\n", Appctl("ovsdb-server/perf-counters-show").Stdout);
        Assert.Equal("state: active\n", Appctl("ovsdb-server/sync-status").Stdout);
        Assert.StartsWith("invalid argument\n", Appctl("ovsdb-server/memory-trim-on-compaction", "x").Stderr, StringComparison.Ordinal);

        Assert.Equal(0, Appctl("ovsdb-server/tlog-set", "db:r", "on").ExitCode);
        Assert.Equal(
            "database        table                       logging\n" +
            "--------        -----                       -------\n" +
            "_Server          \n" +
            "                Database                    OFF\n" +
            "db               \n" +
            "                c                           OFF\n" +
            "                r                           ON\n",
            Appctl("ovsdb-server/tlog-list").Stdout);
        Assert.StartsWith("invalid DB:TABLE argument\n", Appctl("ovsdb-server/tlog-set", "dbr", "on").Stderr, StringComparison.Ordinal);

        Assert.Equal(0, Appctl("ovsdb-server/remove-db", "db").ExitCode);
        Assert.Equal("_Server\n", Appctl("ovsdb-server/list-dbs").Stdout);
        Assert.Equal(0, Appctl("ovsdb-server/add-db", "db.db").ExitCode);
        Assert.Equal("_Server\ndb\n", Appctl("ovsdb-server/list-dbs").Stdout);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-client"])]
    public void DebiansOvsdbClientWorksAgainstOurServer()
    {
        Start();
        ProgramResult Client(params string[] args) =>
            ProgramRunner.Run(ProgramRunner.Reference("ovsdb-client")!, args, _sandbox);

        Assert.Equal("_Server\ndb\n", Client("list-dbs", $"unix:{Socket}").Stdout);
        ProgramResult txn = Client("transact", $"unix:{Socket}", """["db",{"op":"insert","table":"r","row":{"target":"t1","n":3}}]""");
        Assert.Equal(0, txn.ExitCode);
        ProgramResult dump = Client("dump", $"unix:{Socket}", "db", "r", "target", "n");
        Assert.Equal("r table\nn target\n- ------\n3 t1\n", dump.Stdout);
        ProgramResult server = Client("dump", $"unix:{Socket}", "_Server", "Database", "name", "model", "connected", "leader");
        Assert.Equal(
            "Database table\nconnected leader model      name\n--------- ------ ---------- -------\ntrue      true   standalone _Server\ntrue      true   standalone db\n",
            server.Stdout);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovs-appctl"])]
    public void ExitCommandStopsTheServer()
    {
        DaemonHarness daemon = Start();
        Assert.Equal(0, Appctl("exit").ExitCode);
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (daemon.IsRunning && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.False(daemon.IsRunning);
    }
}
