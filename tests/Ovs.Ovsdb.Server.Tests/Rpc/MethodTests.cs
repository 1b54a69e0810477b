// JSON-RPC method replies, compared with what Debian's ovsdb-server 3.1.0 answers to the same requests (recorded
// by hand with a raw socket client; member order inside error objects is not significant).
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Tests.Rpc;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class MethodTests : IDisposable
{
    private readonly InProcessServer _server = new();

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData("foo", "[]", "\"unknown method\"")]
    [InlineData("get_schema", "[\"nope\"]", """{"syntax":"[\"nope\"]","details":"get_schema request specifies unknown database nope","error":"unknown database"}""")]
    [InlineData("get_schema", "[]", """{"syntax":"[]","details":"get_schema request params must begin with <db-name>","error":"syntax error"}""")]
    [InlineData("get_schema", "[1]", """{"syntax":"[1]","details":"get_schema request params must begin with <db-name>","error":"syntax error"}""")]
    [InlineData("transact", "[]", """{"syntax":"[]","details":"transact request params must begin with <db-name>","error":"syntax error"}""")]
    [InlineData("transact", "[\"nope\"]", """{"syntax":"[\"nope\"]","details":"transact request specifies unknown database nope","error":"unknown database"}""")]
    [InlineData("lock", "[]", """{"syntax":"[]","details":"lock request params must be <id>","error":"syntax error"}""")]
    [InlineData("unlock", "[\"b\"]", """{"syntax":"[\"b\"]","details":"unlock: \"unlock\" without \"lock\" or \"steal\"","error":"syntax error"}""")]
    [InlineData("set_db_change_aware", "[]", """{"syntax":"[]","details":"set_db_change_aware: true or false parameter expected","error":"syntax error"}""")]
    [InlineData("monitor_cancel", "[\"x\"]", "\"unknown monitor\"")]
    public void ErrorsAreUpstreams(string method, string parameters, string expected)
    {
        JsonObject reply = _server.Connect().Call(method, parameters);
        Assert.Equal(JsonParser.Parse("[" + expected + "]").AsArray()[0], reply["error"]);
        Assert.False(reply.ContainsKey("result"));
    }

    [Fact]
    public void EchoListDbsAndServerId()
    {
        InProcessServer.Client c = _server.Connect();
        Assert.Equal(JsonParser.Parse("[1,\"a\"]"), c.Call("echo", "[1,\"a\"]")["result"]);
        Assert.Equal(JsonParser.Parse("[\"db\",\"_Server\"]"), c.Call("list_dbs", "[]")["result"]);
        string id = c.Call("get_server_id", "[]")["result"]!.AsString();
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, c.Call("get_server_id", "[]")["result"]!.AsString());
        Assert.Equal(new JsonObject(), c.Call("set_db_change_aware", "[true]")["result"]);
    }

    [Fact]
    public void GetSchemaOfServerDatabaseIsVersion120()
    {
        JsonObject schema = _server.Connect().Call("get_schema", "[\"_Server\"]")["result"]!.AsObject();
        Assert.Equal("1.2.0", schema["version"]!.AsString());
        Assert.Equal("3009684573 744", schema["cksum"]!.AsString());
    }

    [Fact]
    public void SecondLockOnTheSameNameIsAnError()
    {
        InProcessServer.Client c = _server.Connect();
        Assert.Equal(JsonParser.Parse("{\"locked\":true}"), c.Call("lock", "[\"a\"]")["result"]);
        Assert.Equal(
            JsonParser.Parse("""{"syntax":"[\"a\"]","details":"must issue \"unlock\" before new \"lock\"","error":"syntax error"}"""),
            c.Call("lock", "[\"a\"]")["error"]);
        Assert.Equal(
            JsonParser.Parse("""{"syntax":"[\"a\"]","details":"must issue \"unlock\" before new \"steal\"","error":"syntax error"}"""),
            c.Call("steal", "[\"a\"]")["error"]);
    }

    [Fact]
    public void LockedAndStolenNotificationsGoToTheRightSessions()
    {
        InProcessServer.Client a = _server.Connect();
        InProcessServer.Client b = _server.Connect();
        InProcessServer.Client c = _server.Connect();
        Assert.Equal(JsonValue.True, a.Call("lock", "[\"L\"]")["result"]!.AsObject()["locked"]);
        Assert.Equal(JsonValue.False, b.Call("lock", "[\"L\"]")["result"]!.AsObject()["locked"]);

        Assert.Equal(JsonValue.True, c.Call("steal", "[\"L\"]")["result"]!.AsObject()["locked"]);
        Assert.Equal(JsonParser.Parse("""{"id":null,"method":"stolen","params":["L"]}"""), a.Next());

        // c gives it up: a (queued behind c after the steal) gets it back, b keeps waiting.
        Assert.Equal(new JsonObject(), c.Call("unlock", "[\"L\"]")["result"]);
        Assert.Equal(JsonParser.Parse("""{"id":null,"method":"locked","params":["L"]}"""), a.Next());
        Assert.Null(b.Next(200));

        Assert.Equal(JsonParser.Parse("[{}]"), a.Call("transact", """["db",{"op":"assert","lock":"L"}]""")["result"]);
        Assert.Equal(
            JsonParser.Parse("""[{"details":"Asserted lock L not held.","error":"not owner"}]"""),
            b.Call("transact", """["db",{"op":"assert","lock":"L"}]""")["result"]);
    }

    [Fact]
    public void ReadOnlySessionsCannotWriteOrLock()
    {
        InProcessServer.Client c = _server.Connect(readOnly: true);
        Assert.Equal(
            JsonValue.String("lock and unlock methods not allowed, DB server is read only."),
            c.Call("lock", "[\"x\"]")["error"]);
        Assert.Equal(
            JsonParser.Parse("""[{"rows":[]},{"details":"insert operation not allowed when database server is in read only mode","error":"not allowed"},null]"""),
            c.Call("transact", """["db",{"op":"select","table":"r","where":[]},{"op":"insert","table":"r","row":{}},{"op":"comment","comment":"x"}]""")["result"]);
    }

    [Fact]
    public void ServerDatabaseIsReadOnlyAndDescribesEveryDatabase()
    {
        InProcessServer.Client c = _server.Connect();
        Assert.Equal(
            JsonParser.Parse("""[{"details":"insert operation not allowed on table in reserved database _Server","error":"not allowed"}]"""),
            c.Call("transact", """["_Server",{"op":"insert","table":"Database","row":{"name":"x","model":"standalone"}}]""")["result"]);
        JsonValue rows = c.Call("transact", """["_Server",{"op":"select","table":"Database","where":[["name","==","db"]],"columns":["name","model","connected","leader","cid","sid","index"]}]""")["result"]!;
        Assert.Equal(
            JsonParser.Parse("""[{"rows":[{"leader":true,"connected":true,"name":"db","model":"standalone","sid":["set",[]],"cid":["set",[]],"index":["set",[]]}]}]"""),
            rows);
    }
}
