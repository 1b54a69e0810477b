// Unit tests of the pieces behind active-backup replication and relays that need no second process: the
// exclusion list, the schema check, and how the backup's and the relay's writers turn what the active/remote
// server sends (monitor v1 "update" rows, update2/update3 "table-updates2") into commits on a served database.
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Relay;
using Ovs.Ovsdb.Server.Replication;

namespace Ovs.Ovsdb.Server.Tests;

[Trait("upstream", "tests/ovsdb-server.at")]
public sealed class ReplicationUnitTests
{
    private const string RowA = "6a0d9d0f-1111-4c1e-9b35-6d5d8a1f0001";
    private const string RowB = "6a0d9d0f-1111-4c1e-9b35-6d5d8a1f0002";

    [Theory]
    [InlineData("mydb:b", "mydb:b")]
    [InlineData("mydb:b,foo:c,mydb:a", "foo:c,mydb:a,mydb:b")]
    [InlineData("foo", "foo:")]
    [InlineData("", "")]
    public void ExclusionListReadsBackSortedAsUpstream(string given, string expected)
    {
        // Recorded from Debian's ovsdb-server 3.1.0: set-sync-exclude-tables, then get-sync-exclude-tables.
        ExcludedTables tables = ExcludedTables.Parse(given);
        Assert.Equal(expected, tables.Text);
        Assert.Equal(given.Length == 0, tables.IsEmpty);
    }

    [Fact]
    public void ExclusionListMatchesDatabaseAndTable()
    {
        ExcludedTables tables = ExcludedTables.Parse("mydb:b,other:a");
        Assert.True(tables.Contains("mydb", "b"));
        Assert.False(tables.Contains("mydb", "a"));
        Assert.True(tables.Contains("other", "a"));
    }

    [Fact]
    public void SchemaCheckAcceptsASupersetOnlyOnTheBackup()
    {
        DatabaseSchema subset = Parse("""{"name":"mydb","version":"1.0.0","tables":{"a":{"columns":{"n":{"type":"integer"}}}}}""");
        DatabaseSchema superset = Parse("""{"name":"mydb","version":"1.1.0","tables":{"a":{"columns":{"n":{"type":"integer"},"s":{"type":"string"}}},"c":{"columns":{"x":{"type":"integer"}}}}}""");
        DatabaseSchema retyped = Parse("""{"name":"mydb","version":"1.0.0","tables":{"a":{"columns":{"n":{"type":"string"}}}}}""");
        Assert.True(SchemaCompatibility.CanReplicate(superset, subset));
        Assert.False(SchemaCompatibility.CanReplicate(subset, superset));
        Assert.False(SchemaCompatibility.CanReplicate(retyped, subset));
    }

    [Fact]
    public void BackupResetReplacesOnlyTheReplicatedTables()
    {
        using var server = new InProcessServer();
        ServedDatabase db = server.OnLoop(() => server.Server.FindDatabase("db")!);
        Transact(server, """["db",{"op":"insert","table":"r","row":{"target":"local"}},{"op":"insert","table":"c","row":{"targets":"kept"}}]""");

        JsonValue contents = Json("""{"r":{"ROW_A":{"new":{"target":"remote","n":7,"read_only":false,"_version":["uuid","ROW_B"]}}}}""");
        Assert.Null(server.OnLoop(() => ReplicaWriter.Reset(server.Server, db, ["r"], contents)));

        Row row = Assert.Single(db.Database.GetTable("r")!.Rows);
        Assert.Equal(Guid.Parse(RowA), row.Uuid);
        Assert.Equal("\"remote\"", Column(row, "target"));
        Assert.NotEqual(Guid.Parse(RowB), row.Version);
        Assert.Single(db.Database.GetTable("c")!.Rows);
    }

    [Fact]
    public void BackupUpdatesInsertModifyAndDelete()
    {
        using var server = new InProcessServer();
        ServedDatabase db = server.OnLoop(() => server.Server.FindDatabase("db")!);
        Update(server, db, """{"r":{"ROW_A":{"new":{"target":"a","n":1,"read_only":false}},"ROW_B":{"new":{"target":"b","n":2,"read_only":false}}}}""");
        Update(server, db, """{"r":{"ROW_A":{"new":{"target":"a2","n":1,"read_only":true},"old":{"target":"a"}},"ROW_B":{"old":{"target":"b","n":2,"read_only":false}}}}""");

        Row row = Assert.Single(db.Database.GetTable("r")!.Rows);
        Assert.Equal(Guid.Parse(RowA), row.Uuid);
        Assert.Equal("\"a2\"", Column(row, "target"));

        // The commits reached the database file.
        Assert.Contains("\"a2\"", File.ReadAllText(server.DbPath), StringComparison.Ordinal);
    }

    [Fact]
    public void RelayAppliesUpdate2DiffsAndResets()
    {
        using var server = new InProcessServer();
        ServedDatabase db = server.OnLoop(() => server.Server.FindDatabase("db")!);
        Apply(server, db, """{"c":{"ROW_A":{"initial":{"targets":["set",["x","y"]]}}}}""", reset: true);
        Apply(server, db, """{"c":{"ROW_A":{"modify":{"targets":["set",["x","z"]]}}}}""", reset: false);

        Row row = Assert.Single(db.Database.GetTable("c")!.Rows);
        Assert.Equal("""["set",["y","z"]]""", Column(row, "targets"));

        Apply(server, db, """{"c":{"ROW_A":{"delete":null}},"r":{"ROW_B":{"insert":{"target":"t"}}}}""", reset: false);
        Assert.Empty(db.Database.GetTable("c")!.Rows);
        Assert.Single(db.Database.GetTable("r")!.Rows);

        Apply(server, db, "{}", reset: true);
        Assert.Empty(db.Database.GetTable("r")!.Rows);
    }

    [Fact]
    public void RelayForwardsOnlyWritingTransactions()
    {
        Assert.True(RelayClient.HasWrites([JsonParser.Parse("""{"op":"select","table":"r","where":[]}"""), JsonParser.Parse("""{"op":"mutate"}""")]));
        Assert.False(RelayClient.HasWrites([JsonParser.Parse("""{"op":"select","table":"r","where":[]}"""), JsonParser.Parse("""{"op":"wait"}""")]));
    }

    [Fact]
    public void BackupRefusesWritesAndLocksWithUpstreamsErrors()
    {
        using var server = new InProcessServer();
        server.OnLoop(() => server.Server.ReadOnly = true);
        InProcessServer.Client client = server.Connect();
        JsonObject reply = client.Call("transact", """["db",{"op":"insert","table":"r","row":{"target":"x"}}]""");
        Assert.Equal(
            JsonParser.Parse("""[{"details":"insert operation not allowed when database server is in read only mode","error":"not allowed"}]"""),
            reply["result"]);
        Assert.Equal("\"lock and unlock methods not allowed, DB server is read only.\"", client.Call("lock", """["l"]""")["error"]!.ToString());
    }

    /// <summary>Parses <paramref name="text"/> after putting the test's row UUIDs in place of ROW_A and ROW_B.</summary>
    private static JsonValue Json(string text) =>
        JsonParser.Parse(text.Replace("ROW_A", RowA, StringComparison.Ordinal).Replace("ROW_B", RowB, StringComparison.Ordinal));

    private static string Column(Row row, string name)
    {
        ColumnSchema column = row.Schema.GetColumn(name)!;
        return row[column].ToJson(column.Type).ToString();
    }

    private static DatabaseSchema Parse(string text)
    {
        Assert.Null(DatabaseSchema.TryParse(text, out DatabaseSchema schema));
        return schema;
    }

    private static void Transact(InProcessServer server, string request)
    {
        JsonObject reply = server.Connect().Call("transact", request);
        Assert.Equal(JsonValue.Null, reply["error"]);
        Assert.DoesNotContain("\"error\"", reply["result"]!.ToString(), StringComparison.Ordinal);
    }

    private static void Update(InProcessServer server, ServedDatabase db, string updates) =>
        Assert.Null(server.OnLoop(() => ReplicaWriter.Update(server.Server, db, Json(updates))));

    private static void Apply(InProcessServer server, ServedDatabase db, string updates, bool reset) =>
        Assert.Null(server.OnLoop(() => RelayWriter.Apply(server.Server, db, Json(updates), reset)));
}
