// Deferred transactions ("wait" not yet satisfied), their timeout and cancellation, and the ordering of monitor
// updates before the reply that caused them.
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Tests.Rpc;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class TransactTests : IDisposable
{
    private const string WaitForQ =
        """["db",{"op":"wait","table":"r","where":[["target","==","q"]],"columns":["target"],"until":"==","rows":[{"target":"q"}]}]""";

    private readonly InProcessServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void WaitCompletesAfterTheCommitThatSatisfiesIt()
    {
        InProcessServer.Client waiter = _server.Connect();
        InProcessServer.Client writer = _server.Connect();
        JsonValue id = waiter.Send("transact", WaitForQ);
        Assert.Null(waiter.Next(200));

        JsonObject inserted = writer.Call("transact", """["db",{"op":"insert","table":"r","row":{"target":"q"}}]""");
        Assert.Equal("uuid", inserted["result"]!.AsArray()[0].AsObject()["uuid"]!.AsArray()[0].AsString());

        JsonObject reply = waiter.Next()!;
        Assert.Equal(id, reply["id"]);
        Assert.Equal(JsonParser.Parse("[{}]"), reply["result"]);
    }

    [Fact]
    public void WaitTimesOutWithUpstreamsError()
    {
        InProcessServer.Client c = _server.Connect();
        JsonValue id = c.Send("transact", """["db",{"op":"wait","table":"r","where":[],"columns":["target"],"until":"==","rows":[{"target":"x"}],"timeout":100}]""");
        JsonObject reply = c.Next()!;
        Assert.Equal(id, reply["id"]);
        JsonObject error = reply["result"]!.AsArray()[0].AsObject();
        Assert.Equal("timed out", error["error"]!.AsString());
        Assert.Matches("^\"wait\" timed out after [0-9]+ ms$", error["details"]!.AsString());
    }

    [Fact]
    public void CancelDropsTheRequestWithoutAReply()
    {
        InProcessServer.Client c = _server.Connect();
        JsonValue id = c.Send("transact", WaitForQ);
        c.Notify("cancel", $"[{id}]");
        c.Call("transact", """["db",{"op":"insert","table":"r","row":{"target":"q"}}]""");
        Assert.Null(c.Next(300));
        Assert.Empty(_server.OnLoop(() => c.Session.Triggers));
    }

    [Fact]
    public void MonitorUpdateIsSentBeforeTheTransactReply()
    {
        InProcessServer.Client c = _server.Connect();
        JsonObject initial = c.Call("monitor_cond", """["db","m",{"r":[{"columns":["target"]}]}]""");
        Assert.Equal(new JsonObject(), initial["result"]);

        JsonValue id = c.Send("transact", """["db",{"op":"insert","table":"r","row":{"target":"t1"}}]""");
        JsonObject first = c.Next()!;
        Assert.Equal("update2", first["method"]!.AsString());
        JsonObject second = c.Next()!;
        Assert.Equal(id, second["id"]);
    }

    [Fact]
    public void CommittedDataSurvivesReopening()
    {
        InProcessServer.Client unaware = _server.Connect();
        InProcessServer.Client c = _server.Connect();
        c.Call("set_db_change_aware", "[true]");
        c.Call("transact", """["db",{"op":"insert","table":"r","row":{"target":"kept","n":7}},{"op":"commit","durable":true}]""");
        _server.OnLoop(() =>
        {
            _server.Server.RemoveDatabase(_server.Server.FindDatabase("db")!);
            return _server.Server.AddDatabaseFile(_server.DbPath);
        });
        JsonValue rows = c.Call("transact", """["db",{"op":"select","table":"r","where":[],"columns":["target","n"]}]""")["result"]!;
        Assert.Equal(JsonParser.Parse("""[{"rows":[{"target":"kept","n":7}]}]"""), rows);

        // Removing and adding databases disconnects the clients that are not change-aware.
        Assert.True(unaware.Transport.Closed);
    }
}
