// Active-backup replication and relays between two of our ovsdb-server processes (out/bin, built by
// `make programs`), each in its own sandbox: clients write to the active (or remote) server and read the backup
// (or relay), and the ovsdb-server/* replication commands are driven with Debian's ovs-appctl. Expected texts are
// what Debian's ovsdb-server 3.1.0 prints for the same steps (recorded by hand in a temp dir).
using System.Diagnostics;
using Ovs.Json;
using Ovs.TestKit;

namespace Ovs.Ovsdb.Server.Tests;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class ReplicationProgramTests : IDisposable
{
    private const string InsertA = """["db",{"op":"insert","table":"r","row":{"target":"from-active"}}]""";
    private const string SelectTargets = """["db",{"op":"select","table":"r","where":[],"columns":["target"]}]""";

    private readonly Sandbox _active = new("ovra");
    private readonly Sandbox _backup = new("ovrb");
    private readonly List<DaemonHarness> _daemons = [];

    public void Dispose()
    {
        foreach (DaemonHarness daemon in _daemons)
        {
            daemon.Dispose();
        }

        _active.Dispose();
        _backup.Dispose();
    }

    private string ActiveSocket => _active.PathOf("db.sock");

    private string BackupSocket => _backup.PathOf("db.sock");

    private string BackupCtl => _backup.PathOf("ctl");

    private DaemonHarness Start(Sandbox sandbox, params string[] extra)
    {
        string db = sandbox.PathOf("db.db");
        if (!File.Exists(db))
        {
            InProcessServer.WriteDatabase(db, InProcessServer.Schema);
        }

        DaemonHarness daemon = DaemonHarness.Start(
            ProgramRunner.Ours("ovsdb-server")!,
            sandbox,
            [$"--remote=punix:{sandbox.PathOf("db.sock")}", $"--unixctl={sandbox.PathOf("ctl")}", .. extra]);
        _daemons.Add(daemon);
        return daemon;
    }

    private ProgramResult Appctl(params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Reference("ovs-appctl")!, ["-t", BackupCtl, .. args], _backup);

    private static JsonObject Transact(string socket, string request)
    {
        using var client = new JsonRpcTestClient(socket);
        return client.Call("transact", JsonParser.Parse(request));
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    private static bool Holds(string socket, string target) =>
        Transact(socket, SelectTargets)["result"]!.ToString().Contains($"\"{target}\"", StringComparison.Ordinal);

    [RequiresProgramsFact(["ovsdb-server"], ["ovs-appctl"])]
    public void BackupFollowsTheActiveServerAndRefusesWrites()
    {
        Start(_active, "db.db");
        Start(_backup, $"--sync-from=unix:{ActiveSocket}", "--sync-exclude-tables=db:c", "db.db");

        Assert.Equal(JsonValue.Null, Transact(ActiveSocket, InsertA)["error"]);
        WaitUntil(() => Holds(BackupSocket, "from-active"), "the backup to receive the row");

        Assert.Equal(
            JsonParser.Parse("""[{"details":"insert operation not allowed when database server is in read only mode","error":"not allowed"}]"""),
            Transact(BackupSocket, """["db",{"op":"insert","table":"r","row":{"target":"x"}}]""")["result"]);
        using (var client = new JsonRpcTestClient(BackupSocket))
        {
            Assert.Equal(JsonValue.String("lock and unlock methods not allowed, DB server is read only."), client.Call("lock", JsonParser.Parse("""["l"]"""))["error"]);
        }

        WaitUntil(() => Appctl("ovsdb-server/sync-status").Stdout.Contains("replicating", StringComparison.Ordinal), "replicating state");
        Assert.Equal($"state: backup\nreplicating: unix:{ActiveSocket}\ndatabase: db\nexclude: db:c\n", Appctl("ovsdb-server/sync-status").Stdout);
        Assert.Equal("db:c\n", Appctl("ovsdb-server/get-sync-exclude-tables").Stdout);
        Assert.Equal($"unix:{ActiveSocket}\n", Appctl("ovsdb-server/get-active-ovsdb-server").Stdout);

        // Disconnecting makes the backup an active server that accepts writes.
        Assert.Equal(0, Appctl("ovsdb-server/disconnect-active-ovsdb-server").ExitCode);
        Assert.Equal("state: active\n", Appctl("ovsdb-server/sync-status").Stdout);
        JsonValue accepted = Transact(BackupSocket, """["db",{"op":"insert","table":"r","row":{"target":"x"}}]""")["result"]!;
        Assert.DoesNotContain("error", accepted.ToString(), StringComparison.Ordinal);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovs-appctl"])]
    public void ConnectingToItselfIsRefused()
    {
        DaemonHarness daemon = Start(_backup, $"--sync-from=unix:{BackupSocket}", "--active", "db.db");
        Assert.Equal("state: active\n", Appctl("ovsdb-server/sync-status").Stdout);
        Assert.Equal("", Appctl("ovsdb-server/connect-active-ovsdb-server").Stdout);
        WaitUntil(() => daemon.Log.Contains("|ovsdb_error|ERR|unexpected ovsdb error: Server ID check failed: Self replicating is not allowed", StringComparison.Ordinal), "the self-replication error");
        WaitUntil(() => Appctl("ovsdb-server/sync-status").Stdout == "state: active\n", "the server to stay active");
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovs-appctl"])]
    public void ReplicationCommandsReplyAsUpstream()
    {
        Start(_backup, "db.db");
        Assert.Equal("Unable to connect: active server is not specified.\n", Appctl("ovsdb-server/connect-active-ovsdb-server").Stdout);
        Assert.Equal("Invalid probe interval, integer value expected\n", Appctl("ovsdb-server/set-active-ovsdb-server-probe-interval", "abc").Stdout);
        Assert.Equal(0, Appctl("ovsdb-server/set-sync-exclude-tables", "mydb:b,foo:c,mydb:a").ExitCode);
        Assert.Equal("foo:c,mydb:a,mydb:b\n", Appctl("ovsdb-server/get-sync-exclude-tables").Stdout);
    }

    [RequiresProgramsFact(["ovsdb-server"])]
    public void RelayServesReadsAndForwardsWrites()
    {
        Start(_active, "db.db");
        Assert.Equal(JsonValue.Null, Transact(ActiveSocket, InsertA)["error"]);
        Start(_backup, $"relay:db:unix:{ActiveSocket}");

        // The relay is ready once it holds the remote's contents.
        Assert.True(Holds(BackupSocket, "from-active"));
        JsonObject written = Transact(BackupSocket, """["db",{"op":"insert","table":"r","row":{"target":"via-relay"}}]""");
        Assert.Equal(JsonValue.Null, written["error"]);
        Assert.True(Holds(ActiveSocket, "via-relay"));
        WaitUntil(() => Holds(BackupSocket, "via-relay"), "the relay to receive its own write");

        JsonValue servers = Transact(BackupSocket, """["_Server",{"op":"select","table":"Database","where":[["name","==","db"]],"columns":["model","leader","connected"]}]""")["result"]!;
        Assert.Equal(JsonParser.Parse("""[{"rows":[{"model":"relay","leader":false,"connected":true}]}]"""), servers);
    }
}
