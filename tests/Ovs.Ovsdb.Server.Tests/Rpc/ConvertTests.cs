// Online schema conversion ("convert", ovsdb-server(7) 4.1.17) and what clients of the converted database see.
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Tests.Rpc;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class ConvertTests : IDisposable
{
    private const string NewSchema =
        """{"name":"db","version":"1.1.0","tables":{"r":{"isRoot":true,"columns":{"target":{"type":"string"}}}}}""";

    private readonly InProcessServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public void ConvertKeepsTheDataAndTellsMonitorsAsUpstream()
    {
        InProcessServer.Client writer = _server.Connect();
        writer.Call("set_db_change_aware", "[true]");
        writer.Call("transact", """["db",{"op":"insert","table":"r","row":{"target":"a","n":1}}]""");

        InProcessServer.Client aware = _server.Connect();
        aware.Call("set_db_change_aware", "[true]");
        aware.Call("monitor", """["db","m",{"r":{"columns":["target"]}}]""");
        JsonValue waitId = aware.Send("transact", """["db",{"op":"wait","table":"r","where":[],"columns":["target"],"until":"==","rows":[]}]""");

        InProcessServer.Client unaware = _server.Connect();
        unaware.Call("monitor", """["db","m",{"r":{"columns":["target"]}}]""");

        Assert.Equal(new JsonObject(), writer.Call("convert", $"[\"db\",{NewSchema}]")["result"]);

        var seen = new List<JsonObject> { aware.Next()!, aware.Next()! };
        Assert.Contains(seen, m => m["method"] is JsonString { Value: "monitor_canceled" } && m["params"]!.Equals(JsonParser.Parse("[\"m\"]")));
        Assert.Contains(seen, m => waitId.Equals(m["id"]) && m["error"] is JsonString { Value: "canceled" });
        // A client that is not change-aware is disconnected whatever it was doing.
        Assert.True(unaware.Transport.Closed);

        JsonValue rows = writer.Call("transact", """["db",{"op":"select","table":"r","where":[],"columns":["target"]}]""")["result"]!;
        Assert.Equal(JsonParser.Parse("""[{"rows":[{"target":"a"}]}]"""), rows);
        Assert.Equal("1.1.0", writer.Call("get_schema", "[\"db\"]")["result"]!.AsObject()["version"]!.AsString());
    }
}
