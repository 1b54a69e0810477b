// Our ovsdb-server on a one-server clustered database, side by side with Debian's 3.1.0: the file each writes is
// read by the other's ovsdb-tool and opened by the other's ovsdb-server, and cluster/status, _Server and
// monitor_cond_since answer as Debian's do.
using System.Text.RegularExpressions;
using Ovs.Json;
using Ovs.TestKit;

namespace Ovs.Ovsdb.Server.Tests.Programs;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed partial class ClusteredServerTests : IDisposable
{
    private const string Insert = """["db",{"op":"insert","table":"r","row":{"target":"x","n":1}}]""";
    private const string Select = """["db",{"op":"select","table":"r","where":[],"columns":["target","n"]}]""";

    private readonly Sandbox _sandbox = new("ovcl");
    private DaemonHarness? _daemon;

    public ClusteredServerTests()
    {
        File.WriteAllText(_sandbox.PathOf("schema"), InProcessServer.Schema);
    }

    public void Dispose()
    {
        _daemon?.Dispose();
        _sandbox.Dispose();
    }

    private string Socket => _sandbox.PathOf("db.sock");

    private static string Ours(string program) => ProgramRunner.Ours(program)!;

    private static string Debians(string program) => ProgramRunner.Reference(program)!;

    private ProgramResult Run(string program, params string[] args) => ProgramRunner.Run(program, args, _sandbox);

    private void CreateCluster(string tool, string file = "db") =>
        Assert.Equal(0, Run(tool, "create-cluster", file, "schema", "unix:s1.raft").ExitCode);

    private void StartServer(string server, string file = "db")
    {
        _daemon = DaemonHarness.Start(server, _sandbox, [$"--remote=punix:{Socket}", file]);
    }

    private void StopServer()
    {
        _daemon?.Dispose();
        _daemon = null;
    }

    private ProgramResult Appctl(params string[] args) =>
        Run(Debians("ovs-appctl"), ["-t", _sandbox.PathOf($"ovsdb-server.{_daemon!.Pid}.ctl"), .. args]);

    private string Transact(string client, string txn)
    {
        ProgramResult r = Run(client, "transact", $"unix:{Socket}", txn);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout;
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client", "ovs-appctl"])]
    public void DebianReadsAndOpensWhatOurServerWrote()
    {
        CreateCluster(Ours("ovsdb-tool"));
        StartServer(Ours("ovsdb-server"));
        Transact(Debians("ovsdb-client"), Insert);
        Assert.Equal(0, Appctl("ovsdb-server/compact").ExitCode);
        Transact(Debians("ovsdb-client"), """["db",{"op":"update","table":"r","where":[],"row":{"n":2}}]""");
        StopServer();

        Assert.Equal(0, Run(Debians("ovsdb-tool"), "db-is-clustered", "db").ExitCode);
        ProgramResult check = Run(Debians("ovsdb-tool"), "check-cluster", "db");
        Assert.True(check.ExitCode == 0, check.Stderr);
        ProgramResult log = Run(Debians("ovsdb-tool"), "show-log", "db");
        Assert.True(log.ExitCode == 0, log.Stderr);
        Assert.Contains("compacting database online", log.Stdout, StringComparison.Ordinal);
        ProgramResult convert = Run(Debians("ovsdb-tool"), "cluster-to-standalone", "standalone", "db");
        Assert.True(convert.ExitCode == 0, convert.Stderr);
        Assert.Equal("""[{"rows":[{"n":2,"target":"x"}]}]""", Run(Debians("ovsdb-tool"), "query", "standalone", Select).Stdout.Trim());

        // Debian's server takes the file over and adds to it; ours reads that back.
        StartServer(Debians("ovsdb-server"));
        Assert.Contains("\"n\":2", Transact(Debians("ovsdb-client"), Select), StringComparison.Ordinal);
        Transact(Debians("ovsdb-client"), """["db",{"op":"update","table":"r","where":[],"row":{"n":3}}]""");
        StopServer();
        StartServer(Ours("ovsdb-server"));
        Assert.Contains("\"n\":3", Transact(Ours("ovsdb-client"), Select), StringComparison.Ordinal);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-server", "ovsdb-tool", "ovs-appctl"])]
    public void ClusterStatusIsDebians()
    {
        // The same file (same server and cluster IDs) opened by each server in turn.
        CreateCluster(Debians("ovsdb-tool"));
        File.Copy(_sandbox.PathOf("db"), _sandbox.PathOf("db2"));
        StartServer(Debians("ovsdb-server"));

        // Debian's server commits its first entry asynchronously: compare once it has (deterministic from then on).
        string theirs = "";
        for (int i = 0; i < 100 && !theirs.Contains("committed: 0\nEntries not yet applied: 0\n", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(i == 0 ? 0 : 50);
            theirs = Normalize(Appctl("cluster/status", "db").Stdout);
        }

        string theirCid = Appctl("cluster/cid", "db").Stdout;
        ProgramResult theirUnknown = Appctl("cluster/sid", "nope");
        StopServer();

        StartServer(Ours("ovsdb-server"), "db2");
        Assert.Equal(theirs, Normalize(Appctl("cluster/status", "db").Stdout));
        Assert.Equal(theirCid, Appctl("cluster/cid", "db").Stdout);
        ProgramResult ourUnknown = Appctl("cluster/sid", "nope");
        Assert.Equal((theirUnknown.ExitCode, FirstLine(theirUnknown.Stderr)), (ourUnknown.ExitCode, FirstLine(ourUnknown.Stderr)));
        Assert.Equal("change election timer to current value.\n", Appctl("cluster/change-election-timer", "db", "1000").Stdout);
        Assert.Equal("test engaged\n", Appctl("cluster/failure-test", "delay-election").Stdout);
        Assert.Equal("test dismissed\n", Appctl("cluster/failure-test", "clear").Stdout);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-server", "ovsdb-tool", "ovsdb-client"])]
    public void ServerDatabaseDescribesTheCluster()
    {
        CreateCluster(Debians("ovsdb-tool"));
        File.Copy(_sandbox.PathOf("db"), _sandbox.PathOf("db2"));
        string[] dump = ["dump", $"unix:{Socket}", "_Server", "Database", "name", "model", "leader", "connected", "cid", "sid", "index"];
        StartServer(Debians("ovsdb-server"));
        Transact(Debians("ovsdb-client"), Insert);
        string theirs = Run(Debians("ovsdb-client"), dump).Stdout;
        StopServer();

        StartServer(Ours("ovsdb-server"), "db2");
        Transact(Debians("ovsdb-client"), Insert);
        Assert.Equal(theirs, Run(Debians("ovsdb-client"), dump).Stdout);
    }

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-tool"])]
    public void AJoiningServerIsRefused()
    {
        Assert.Equal(0, Run(Debians("ovsdb-tool"), "join-cluster", "db", "db", "unix:s2.raft", "unix:s1.raft").ExitCode);
        ProgramResult r = Run(Ours("ovsdb-server"), "--remote=punix:db.sock", "db");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not yet joined its cluster", r.Stderr, StringComparison.Ordinal);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool"])]
    public void MonitorCondSinceResumesFromAKnownTransaction()
    {
        CreateCluster(Ours("ovsdb-tool"));
        StartServer(Ours("ovsdb-server"));
        using var client = new JsonRpcTestClient(Socket);
        JsonValue request = JsonParser.Parse("""{"r":[{"columns":["n"]}]}""");
        JsonArray first = (JsonArray)client.Call("monitor_cond_since", new JsonArray(["db", "m1", request, "00000000-0000-0000-0000-000000000000"]))["result"]!;
        Assert.Equal(JsonValue.False, first[0]);
        Assert.NotEqual("00000000-0000-0000-0000-000000000000", ((JsonString)first[1]).Value);

        client.Call("transact", JsonParser.Parse(Insert));
        JsonArray resumed = (JsonArray)client.Call("monitor_cond_since", new JsonArray(["db", "m2", request, first[1]]))["result"]!;
        Assert.Equal(JsonValue.True, resumed[0]);
        Assert.NotEqual(first[1], resumed[1]);
        JsonObject rows = (JsonObject)((JsonObject)resumed[2])["r"]!;
        Assert.Equal(JsonParser.Parse("""{"insert":{"n":1}}"""), Assert.Single(rows).Value);

        JsonArray current = (JsonArray)client.Call("monitor_cond_since", new JsonArray(["db", "m3", request, resumed[1]]))["result"]!;
        Assert.Equal(new JsonArray([JsonValue.True, resumed[1], new JsonObject()]), current);
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static string Normalize(string status) => MsAgo().Replace(status, "N ms ago");

    [GeneratedRegex("[0-9]+ ms ago")]
    private static partial Regex MsAgo();
}
