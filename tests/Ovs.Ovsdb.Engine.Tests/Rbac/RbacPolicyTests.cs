using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;

namespace Ovs.Ovsdb.Engine.Tests.Rbac;

/// <summary>
/// RBAC rules applied by the executor, on a schema shaped like upstream's RBAC test: a role row mapping table names
/// to permission rows. Expected texts are upstream's (ovsdb-rbac.at and what Debian's ovsdb-tool --rbac-role prints).
/// </summary>
[Trait("upstream", "tests/ovsdb-rbac.at")]
public sealed class RbacPolicyTests
{
    private const string Schema = """
        {"name":"mydb","version":"1.0.0","tables":{
          "RBAC_Role":{"isRoot":true,"columns":{"name":{"type":"string"},
            "permissions":{"type":{"key":{"type":"string"},"value":{"type":"uuid","refTable":"RBAC_Permission","refType":"weak"},"min":0,"max":"unlimited"}}}},
          "RBAC_Permission":{"isRoot":true,"columns":{"table":{"type":"string"},
            "authorization":{"type":{"key":"string","min":0,"max":"unlimited"}},
            "insert_delete":{"type":"boolean"},
            "update":{"type":{"key":"string","min":0,"max":"unlimited"}}}},
          "fixed":{"isRoot":true,"columns":{"name":{"type":"string"},"value":{"type":"integer"}}},
          "user":{"isRoot":true,"columns":{"creator":{"type":"string"},"name":{"type":"string"},"value":{"type":"integer"},
            "tags":{"type":{"key":"string","min":0,"max":"unlimited"}}}},
          "other":{"isRoot":true,"columns":{"creator":{"type":{"key":"string","value":"string","min":0,"max":"unlimited"}},
            "name":{"type":"string"},"value":{"type":"integer"}}},
          "open":{"isRoot":true,"columns":{"name":{"type":"string"}}},
          "readonly":{"isRoot":true,"columns":{"creator":{"type":"string"},"name":{"type":"string"}}}}}
        """;

    // Role "r": "user" by creator, "other" by creator:chassis, "open" for everyone, "readonly" without insert_delete
    // or updatable columns.
    private const string Setup = """
        {"op":"insert","table":"RBAC_Role","row":{"name":"r","permissions":["map",[
          ["user",["named-uuid","u"]],["other",["named-uuid","o"]],["open",["named-uuid","e"]],["readonly",["named-uuid","ro"]]]]}},
        {"op":"insert","table":"RBAC_Permission","uuid-name":"u","row":{"table":"user","authorization":"creator",
          "insert_delete":true,"update":["set",["name","value"]]}},
        {"op":"insert","table":"RBAC_Permission","uuid-name":"o","row":{"table":"user","authorization":"creator:chassis",
          "insert_delete":true,"update":["set",["name","value"]]}},
        {"op":"insert","table":"RBAC_Permission","uuid-name":"e","row":{"table":"open","authorization":["set",["nobody",""]],
          "insert_delete":true,"update":"name"}},
        {"op":"insert","table":"RBAC_Permission","uuid-name":"ro","row":{"table":"readonly","authorization":"creator",
          "insert_delete":false,"update":["set",[]]}},
        {"op":"insert","table":"fixed","row":{"name":"red","value":1}},
        {"op":"insert","table":"user","row":{"creator":"c1","name":"mine","value":1}},
        {"op":"insert","table":"other","row":{"creator":["map",[["chassis","c1"]]],"name":"mine","value":1}},
        {"op":"insert","table":"readonly","row":{"creator":"c1","name":"mine"}}
        """;

    private readonly Database _db;

    public RbacPolicyTests()
    {
        Assert.Null(DatabaseSchema.TryParse(Schema, out DatabaseSchema schema));
        _db = new Database(schema);
        Assert.DoesNotContain("error", Transact(Setup, null, null), StringComparison.Ordinal);
    }

    [Fact]
    public void Insertion_needs_permissions_for_the_table()
    {
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit row insertion into table \"fixed\".","error":"permission error"}]""",
            Transact("""{"op":"insert","table":"fixed","row":{"name":"blue"}}""", "r", "c1"));
    }

    [Fact]
    public void Insertion_needs_the_authorization_column_to_hold_the_client_id()
    {
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit row insertion into table \"user\".","error":"permission error"}]""",
            Transact("""{"op":"insert","table":"user","row":{"creator":"c2","name":"x"}}""", "r", "c1"));
        Assert.StartsWith("""[{"uuid":""", Transact("""{"op":"insert","table":"user","row":{"creator":"c1","name":"x"}}""", "r", "c1"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_key_pair_authorizes_by_the_map_value()
    {
        Assert.StartsWith(
            """[{"uuid":""",
            Transact("""{"op":"insert","table":"other","row":{"creator":["map",[["chassis","c2"]]],"name":"x"}}""", "r", "c2"),
            StringComparison.Ordinal);
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c2\" role \"r\" prohibit modification of table \"other\".","error":"permission error"}]""",
            Transact("""{"op":"update","table":"other","where":[["name","==","mine"]],"row":{"value":2}}""", "r", "c2"));
        Assert.Equal("""[{"count":1}]""", Transact("""{"op":"update","table":"other","where":[["name","==","mine"]],"row":{"value":2}}""", "r", "c1"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c2\" role \"r\" prohibit row deletion from table \"other\".","error":"permission error"}]""",
            Transact("""{"op":"delete","table":"other","where":[["name","==","mine"]]}""", "r", "c2"));
    }

    [Fact]
    public void Updates_and_mutations_are_limited_to_the_update_columns_of_authorized_rows()
    {
        Assert.Equal("""[{"count":1}]""", Transact("""{"op":"update","table":"user","where":[],"row":{"value":5}}""", "r", "c1"));
        Assert.Equal("""[{"count":1}]""", Transact("""{"op":"mutate","table":"user","where":[],"mutations":[["value","+=",1]]}""", "r", "c1"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit modification of table \"user\".","error":"permission error"}]""",
            Transact("""{"op":"update","table":"user","where":[],"row":{"creator":"c2"}}""", "r", "c1"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit mutate operation on table \"user\".","error":"permission error"}]""",
            Transact("""{"op":"mutate","table":"user","where":[],"mutations":[["tags","insert","x"]]}""", "r", "c1"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c2\" role \"r\" prohibit mutate operation on table \"user\".","error":"permission error"}]""",
            Transact("""{"op":"mutate","table":"user","where":[],"mutations":[["value","+=",1]]}""", "r", "c2"));
    }

    [Fact]
    public void Operations_matching_no_rows_are_allowed_to_a_client_with_permissions()
    {
        Assert.Equal("""[{"count":0}]""", Transact("""{"op":"delete","table":"user","where":[["name","==","none"]]}""", "r", "c2"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c2\" role \"r\" prohibit row deletion from table \"fixed\".","error":"permission error"}]""",
            Transact("""{"op":"delete","table":"fixed","where":[["name","==","none"]]}""", "r", "c2"));
    }

    [Fact]
    public void An_empty_authorization_string_authorizes_everyone()
    {
        Assert.StartsWith("""[{"uuid":""", Transact("""{"op":"insert","table":"open","row":{"name":"a"}}""", "r", "anyone"), StringComparison.Ordinal);
        Assert.Equal("""[{"count":1}]""", Transact("""{"op":"delete","table":"open","where":[]}""", "r", "someone else"));
    }

    [Fact]
    public void Without_insert_delete_an_authorized_client_may_neither_insert_nor_delete()
    {
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit row insertion into table \"readonly\".","error":"permission error"}]""",
            Transact("""{"op":"insert","table":"readonly","row":{"creator":"c1"}}""", "r", "c1"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit row deletion from table \"readonly\".","error":"permission error"}]""",
            Transact("""{"op":"delete","table":"readonly","where":[]}""", "r", "c1"));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"r\" prohibit modification of table \"readonly\".","error":"permission error"}]""",
            Transact("""{"op":"update","table":"readonly","where":[],"row":{"name":"x"}}""", "r", "c1"));
    }

    [Fact]
    public void A_client_without_an_id_or_with_an_unknown_role_is_refused_everything()
    {
        Assert.Equal(
            """[{"details":"RBAC rules for client \"(null)\" role \"r\" prohibit row insertion into table \"open\".","error":"permission error"}]""",
            Transact("""{"op":"insert","table":"open","row":{}}""", "r", null));
        Assert.Equal(
            """[{"details":"RBAC rules for client \"c1\" role \"nosuch\" prohibit modification of table \"user\".","error":"permission error"}]""",
            Transact("""{"op":"update","table":"user","where":[],"row":{"value":1}}""", "nosuch", "c1"));
    }

    [Fact]
    public void No_role_or_an_empty_role_is_unrestricted_and_reads_are_never_checked()
    {
        Assert.StartsWith("""[{"uuid":""", Transact("""{"op":"insert","table":"fixed","row":{}}""", null, null), StringComparison.Ordinal);
        Assert.StartsWith("""[{"uuid":""", Transact("""{"op":"insert","table":"fixed","row":{}}""", "", "c1"), StringComparison.Ordinal);
        Assert.StartsWith("""[{"rows":[""", Transact("""{"op":"select","table":"fixed","where":[]}""", "nosuch", null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_without_an_RBAC_Role_table_is_unrestricted()
    {
        Assert.Null(DatabaseSchema.TryParse("""{"name":"x","tables":{"t":{"columns":{"a":{"type":"integer"}}}}}""", out DatabaseSchema schema));
        ExecutionResult result = Executor.Execute(
            new Database(schema), [JsonParser.Parse("""{"op":"insert","table":"t","row":{}}""")], new ExecutionOptions { Role = "r" });
        Assert.StartsWith("""[{"uuid":""", result.Reply!.ToString(), StringComparison.Ordinal);
    }

    [RequiresOvsdbToolFact]
    public void Debian_ovsdb_tool_gives_the_same_replies_with_rbac_role()
    {
        using var dir = new TempDir();
        string db = dir.File("db");
        File.WriteAllText(dir.File("schema"), Schema);
        Assert.Equal(0, DebianTools.Tool(dir.Path, "create", db, dir.File("schema")).ExitCode);
        Assert.Equal(0, DebianTools.Tool(dir.Path, "transact", db, "[\"mydb\"," + Setup + "]").ExitCode);
        string[] operations =
        [
            """{"op":"insert","table":"user","row":{"creator":"c1"}}""",
            """{"op":"delete","table":"fixed","where":[]}""",
            """{"op":"update","table":"user","where":[],"row":{"value":1}}""",
            """{"op":"mutate","table":"user","where":[],"mutations":[["value","+=",1]]}""",
        ];
        foreach (string operation in operations)
        {
            var debian = DebianTools.Tool(dir.Path, "--rbac-role=r", "query", db, "[\"mydb\"," + operation + "]");
            Assert.Equal(debian.Stdout.TrimEnd('\n'), Transact(operation, "r", null));
        }
    }

    private string Transact(string operations, string? role, string? id)
    {
        ExecutionResult result = Executor.Execute(
            _db, JsonParser.Parse("[" + operations + "]").AsArray(), new ExecutionOptions { Role = role, ClientId = id, TriggersSupported = false });
        result.Transaction?.Apply();
        return result.Reply!.ToString(JsonWriteOptions.Sort);
    }
}
