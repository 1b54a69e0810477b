// Role-based access control as a server session sees it: the role comes from the session's remote, the client ID
// from its transport (an SSL certificate's common name), and "convert" is refused to every role.
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Tests.Rpc;

[Trait("upstream", "tests/ovsdb-rbac.at")]
public sealed class RbacTests : IDisposable
{
    private const string RbacSchema = """
        {"name":"rbac","version":"1.0.0","tables":{
          "RBAC_Role":{"isRoot":true,"columns":{"name":{"type":"string"},
            "permissions":{"type":{"key":{"type":"string"},"value":{"type":"uuid","refTable":"RBAC_Permission","refType":"weak"},"min":0,"max":"unlimited"}}}},
          "RBAC_Permission":{"isRoot":true,"columns":{"table":{"type":"string"},
            "authorization":{"type":{"key":"string","min":0,"max":"unlimited"}},
            "insert_delete":{"type":"boolean"},
            "update":{"type":{"key":"string","min":0,"max":"unlimited"}}}},
          "colors":{"isRoot":true,"columns":{"creator":{"type":"string"},"value":{"type":"integer"}}}}}
        """;

    private readonly InProcessServer _server = new();

    public RbacTests()
    {
        string path = _server.Sandbox.PathOf("rbac.db");
        InProcessServer.WriteDatabase(path, RbacSchema);
        Assert.Null(_server.OnLoop(() => _server.Server.AddDatabaseFile(path)));
        JsonObject reply = _server.Connect().Call(
            "transact",
            """
            ["rbac",
             {"op":"insert","table":"RBAC_Role","row":{"name":"testrole","permissions":["map",[["colors",["named-uuid","p"]]]]}},
             {"op":"insert","table":"RBAC_Permission","uuid-name":"p","row":{"table":"colors","authorization":"creator",
              "insert_delete":true,"update":"value"}}]
            """);
        Assert.DoesNotContain("error", reply["result"]!.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _server.Dispose();

    [Fact]
    public void The_role_of_the_remote_and_the_client_id_decide()
    {
        InProcessServer.Client client1 = _server.Connect(role: "testrole", peerId: "client-1");
        InProcessServer.Client client2 = _server.Connect(role: "testrole", peerId: "client-2");
        Assert.StartsWith(
            """[{"uuid":""",
            client1.Call("transact", """["rbac",{"op":"insert","table":"colors","row":{"creator":"client-1","value":1}}]""")["result"]!.ToString(),
            StringComparison.Ordinal);
        Assert.Equal(
            JsonParser.Parse("""[{"details":"RBAC rules for client \"client-2\" role \"testrole\" prohibit modification of table \"colors\".","error":"permission error"}]"""),
            client2.Call("transact", """["rbac",{"op":"update","table":"colors","where":[],"row":{"value":2}}]""")["result"]);
        Assert.Equal(
            JsonParser.Parse("""[{"count":1}]"""),
            client1.Call("transact", """["rbac",{"op":"update","table":"colors","where":[],"row":{"value":2}}]""")["result"]);

        // The same client on a remote without a role is unrestricted.
        InProcessServer.Client root = _server.Connect(peerId: "client-2");
        Assert.Equal(
            JsonParser.Parse("""[{"count":1}]"""),
            root.Call("transact", """["rbac",{"op":"delete","table":"colors","where":[]}]""")["result"]);
    }

    [Fact]
    public void A_session_without_a_client_id_is_refused()
    {
        InProcessServer.Client anonymous = _server.Connect(role: "testrole");
        Assert.Equal(
            JsonParser.Parse("""[{"details":"RBAC rules for client \"(null)\" role \"testrole\" prohibit row insertion into table \"colors\".","error":"permission error"}]"""),
            anonymous.Call("transact", """["rbac",{"op":"insert","table":"colors","row":{}}]""")["result"]);
    }

    [Fact]
    public void Only_the_root_role_may_convert()
    {
        InProcessServer.Client client = _server.Connect(role: "testrole", peerId: "client-1");
        Assert.Equal(
            JsonParser.Parse(
                """{"details":"RBAC rules for client \"client-1\" role \"testrole\" prohibit \"convert\" of database db (only the root role may convert databases)","error":"permission error"}"""),
            client.Call("convert", $"[\"db\",{InProcessServer.Schema}]")["error"]);
    }
}
