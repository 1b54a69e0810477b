// Schema conversion on in-memory contents: what survives, what gets defaults, and the errors for values that do
// not fit the new column type (texts as Debian's ovsdb-tool convert prints them).
using Ovs.Json;
using Ovs.Ovsdb.Engine.Conversion;

namespace Ovs.Ovsdb.Engine.Tests.Conversion;

public sealed class SchemaConverterTests
{
    private static readonly Guid s_row1 = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid s_row2 = Guid.Parse("66666666-7777-8888-9999-000000000000");

    [Fact]
    public void KeepsSharedColumnsDropsRemovedOnesAndDefaultsNewOnes()
    {
        DatabaseContents source = Contents("""{"name":"n","number":1}""", """{"name":"m","number":2}""");
        DatabaseSchema newSchema = Schema("""{"number":{"type":"real"},"extra":{"type":"string"}}""");

        Assert.Null(SchemaConverter.Convert(source, newSchema, out DatabaseContents result));

        JsonObject record = result.ToRecord(comment: null, DateTimeOffset.UnixEpoch);
        Assert.Equal(
            """{"_date":0,"t":{"11111111-2222-3333-4444-555555555555":{"number":1},"66666666-7777-8888-9999-000000000000":{"number":2}}}""",
            record.ToString());
    }

    [Fact]
    public void ValueThatDoesNotParseUnderTheNewTypeFails()
    {
        DatabaseContents source = Contents("""{"name":"a","number":1}""");
        OvsdbError? error = SchemaConverter.Convert(source, Schema("""{"name":{"type":"integer"}}"""), out _);
        Assert.Equal("syntax \"\"a\"\": syntax error: expected integer", error?.ToString());
    }

    [Fact]
    public void ValueOutsideANewEnumIsAConstraintViolation()
    {
        DatabaseContents source = Contents("""{"name":"a","number":1}""");
        DatabaseSchema newSchema = Schema("""{"name":{"type":{"key":{"type":"string","enum":["set",["b"]]}}}}""");
        OvsdbError? error = SchemaConverter.Convert(source, newSchema, out _);
        Assert.Equal("constraint violation: a is not one of the allowed values ([b])", error?.ToString());
    }

    [Fact]
    public void ScalarBecomesOneElementSet()
    {
        DatabaseContents source = Contents("""{"name":"a","number":1}""");
        DatabaseSchema newSchema = Schema("""{"name":{"type":{"key":"string","min":0,"max":"unlimited"}}}""");
        Assert.Null(SchemaConverter.Convert(source, newSchema, out DatabaseContents result));
        Datum name = result.Rows("t")[s_row1]["name"];
        Assert.Equal("[a]", name.ToDisplayString(newSchema.GetTable("t")!.GetColumn("name")!.Type));
    }

    [Fact]
    public void DiffRecordsReplayOntoEarlierRows()
    {
        DatabaseSchema schema = Schema("""{"s":{"type":{"key":"string","min":0,"max":"unlimited"}},"i":{"type":"integer"}}""");
        var contents = new DatabaseContents(schema);
        Assert.Null(contents.Apply(Parse("""{"t":{"11111111-2222-3333-4444-555555555555":{"s":["set",["x","y"]],"i":1}}}""")));
        Assert.Null(contents.Apply(Parse("""{"_is_diff":true,"t":{"11111111-2222-3333-4444-555555555555":{"s":["set",["y","z"]],"i":2}}}""")));

        Dictionary<string, Datum> row = contents.Rows("t")[s_row1];
        Assert.Equal("[x, z]", row["s"].ToDisplayString(schema.GetTable("t")!.GetColumn("s")!.Type));
        Assert.Equal("2", row["i"].ToDisplayString(OvsdbType.Integer));

        Assert.Null(contents.Apply(Parse("""{"t":{"11111111-2222-3333-4444-555555555555":null}}""")));
        Assert.Empty(contents.Rows("t"));
    }

    [Fact]
    public void UnknownTableInARecordIsReported()
    {
        var contents = new DatabaseContents(Schema("""{"i":{"type":"integer"}}"""));
        OvsdbError? error = contents.Apply(Parse("""{"nope":{}}"""));
        Assert.Equal("unknown table", error?.Tag);
        Assert.Equal("No table named nope.", error?.Details);
    }

    private static DatabaseContents Contents(params string[] rows)
    {
        DatabaseSchema schema = Schema("""{"name":{"type":"string"},"number":{"type":"integer"}}""");
        var contents = new DatabaseContents(schema);
        Guid[] ids = [s_row1, s_row2];
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Null(contents.Apply(Parse("{\"t\":{\"" + ids[i] + "\":" + rows[i] + "}}")));
        }

        return contents;
    }

    private static DatabaseSchema Schema(string columns)
    {
        Assert.Null(DatabaseSchema.TryFromJson(Parse("{\"name\":\"d\",\"tables\":{\"t\":{\"columns\":" + columns + "}}}"), out DatabaseSchema schema));
        return schema;
    }

    private static JsonObject Parse(string text) => (JsonObject)JsonParser.Parse(text);
}
