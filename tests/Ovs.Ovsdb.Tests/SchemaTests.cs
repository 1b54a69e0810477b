// Schema parsing and serialization against tests/testdata/ovsdb/schema-cases.json: for each schema, either the
// exact message "ovsdb-tool create" printed, or the schema record it wrote to the new database.
using System.Text.RegularExpressions;
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed partial class SchemaTests
{
    public static IEnumerable<object[]> Cases => TestData.Indexes("schema-cases.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOvsdbToolCreate(int index)
    {
        JsonObject c = TestData.Case("schema-cases.json", index);
        OvsdbError? error = DatabaseSchema.TryFromJson(c["schema"]!, out DatabaseSchema schema);
        if (c["error"] is JsonString expected)
        {
            Assert.NotNull(error);
            string actual = "ovsdb-tool: " + error.Wrap("failed to parse \"x.ovsschema\" as ovsdb schema");

            // With several unexpected members upstream names the first in hash-table order; we name the first in
            // document order. Compare everything else.
            Assert.Equal(OtherMembers().Replace(expected.Value, "Member '*' and"), OtherMembers().Replace(actual, "Member '*' and"));
        }
        else
        {
            Assert.Null(error);
            JsonObject written = c["written"]!.AsObject();
            AssertJson.Equal(written, schema.ToJson());

            // What we write parses back to the same schema.
            Assert.Null(DatabaseSchema.TryFromJson(schema.ToJson(), out DatabaseSchema again));
            Assert.True(schema.JsonEquals(again));
        }
    }

    [Fact]
    public void VswitchSchemaMatchesWhatOvsdbToolWrites()
    {
        string text = File.ReadAllText(Path.Combine(TestData.RepoRoot, "schemas", "vswitch.ovsschema"));
        Assert.Null(DatabaseSchema.TryParse(text, out DatabaseSchema schema));
        Assert.Equal("Open_vSwitch", schema.Name);
        Assert.Equal("8.3.1", schema.Version);
        Assert.Equal("3012963480 26720", schema.Cksum);
        AssertJson.Equal(TestData.Load("vswitch-written.json"), schema.ToJson());

        Assert.True(schema.GetTable("Open_vSwitch")!.IsRoot);
        TableSchema bridge = schema.GetTable("Bridge")!;
        Assert.False(bridge.IsRoot);
        Assert.Equal("_uuid", bridge.Columns[0].Name);
        Assert.Equal("_version", bridge.Columns[1].Name);
        Assert.True(bridge.VersionColumn.Ephemeral);
        Assert.False(bridge.UuidColumn.Mutable);
        Assert.Equal(["name"], bridge.Indexes.Single().Select(c => c.Name));
        Assert.Equal(["id", "bridge"], schema.GetTable("Flow_Sample_Collector_Set")!.Indexes.Single().Select(c => c.Name));
    }

    [Fact]
    public void VswitchChecksumMatchesTheCksumMember()
    {
        string text = File.ReadAllText(Path.Combine(TestData.RepoRoot, "schemas", "vswitch.ovsschema"));
        Assert.Equal("3012963480 26720", SchemaChecksum.Compute(text));
    }

    [Theory]
    [InlineData("", 4294967295u)]
    [InlineData("a", 1220704766u)]
    [InlineData("hello world\n", 3733384285u)]
    public void PosixCksumMatchesCoreutils(string text, uint expected)
    {
        // Expected values from `printf '%s' TEXT | cksum`.
        Assert.Equal(expected, SchemaChecksum.PosixCksum(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void TypeTestSchemaRoundTrips()
    {
        DatabaseSchema schema = TestData.TypeTestSchema();
        Assert.Equal("TypeTest", schema.Name);
        Assert.Equal(["Atoms", "Limits", "Sets", "Target"], schema.Tables.Select(t => t.Name));
        Assert.False(schema.GetTable("Target")!.IsRoot);
        Assert.Equal(5u, schema.GetTable("Limits")!.MaxRows);
        ColumnSchema weak = schema.GetTable("Sets")!.GetColumn("weak")!;
        Assert.True(weak.Type.Key.IsWeakReference);

        Assert.Null(DatabaseSchema.TryFromJson(schema.ToJson(), out DatabaseSchema again));
        AssertJson.Equal(schema.ToJson(), again.ToJson());
    }

    [Fact]
    public void ColumnSetErrors()
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Atoms")!;
        Assert.Null(table.TryParseColumnSet(JsonParser.Parse("""["count","_uuid"]"""), out IReadOnlyList<ColumnSchema> columns));
        Assert.Equal(["count", "_uuid"], columns.Select(c => c.Name));
        Assert.Equal(
            """{"error":"syntax error","details":"x is not a valid column name","syntax":"[\"x\"]"}""",
            table.TryParseColumnSet(JsonParser.Parse("""["x"]"""), out _)!.ToJson().ToString());
        Assert.Equal(
            "array of distinct column names expected",
            table.TryParseColumnSet(JsonParser.Parse("""["count","count"]"""), out _)!.Details);
        Assert.Equal("array of distinct column names expected", table.TryParseColumnSet(new JsonInteger(1), out _)!.Details);
    }

    [Theory]
    [InlineData("1.2.3", true)]
    [InlineData("01.2.3", true)]
    [InlineData("99999999999.0.0", true)]
    [InlineData("1.2", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData("1..3", false)]
    [InlineData("a.b.c", false)]
    [InlineData("1.2.3a", false)]
    [InlineData("", false)]
    public void VersionFormat(string version, bool valid) => Assert.Equal(valid, OvsdbVersion.IsValid(version));

    [Fact]
    public void VersionsCompareNumerically()
    {
        Assert.True(OvsdbVersion.TryParse("1.2.3", out OvsdbVersion a));
        Assert.True(OvsdbVersion.TryParse("1.10.0", out OvsdbVersion b));
        Assert.True(a < b);
        Assert.True(OvsdbVersion.TryParse("01.2.3", out OvsdbVersion c));
        Assert.Equal(a, c);
        Assert.Equal("1.2.3", c.ToString());
        Assert.False(OvsdbVersion.TryParse("1.2", out _));
    }

    [Fact]
    public void MalformedSchemaTextIsASyntaxError()
    {
        OvsdbError? error = DatabaseSchema.TryParse("{", out _);
        Assert.NotNull(error);
        Assert.Equal("syntax error", error.Tag);
    }

    [GeneratedRegex("Member '[^']*' and")]
    private static partial Regex OtherMembers();
}
