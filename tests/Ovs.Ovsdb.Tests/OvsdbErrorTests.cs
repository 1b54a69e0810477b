using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class OvsdbErrorTests
{
    [Fact]
    public void SyntaxErrorRecordsSortedCompactJson()
    {
        JsonValue json = JsonParser.Parse("""{"type":"integer","minInteger":1.5}""");
        OvsdbError error = OvsdbError.SyntaxError(json, null, "boom");
        Assert.Equal("syntax error", error.Tag);
        Assert.Equal("""{"minInteger":1.5,"type":"integer"}""", error.Syntax);
        Assert.Equal("""syntax "{"minInteger":1.5,"type":"integer"}": syntax error: boom""", error.ToString());
    }

    [Fact]
    public void ToJsonOmitsAbsentMembers()
    {
        Assert.Equal("""{"error":"aborted"}""", new OvsdbError("aborted").ToJson().ToString());
        Assert.Equal(
            """{"error":"constraint violation","details":"d"}""",
            OvsdbError.ConstraintViolation("d").ToJson().ToString());
        Assert.Equal(
            """{"error":"syntax error","details":"x","syntax":"1"}""",
            OvsdbError.SyntaxError(new JsonInteger(1), null, "x").ToJson().ToString());
        Assert.Equal(
            """{"error":"I/O error","details":"d","io-error":"No such file or directory"}""",
            new OvsdbError("I/O error", "d", null, "No such file or directory").ToJson().ToString());
    }

    [Fact]
    public void ToStringForms()
    {
        Assert.Equal("aborted", new OvsdbError("aborted").ToString());
        Assert.Equal("ovsdb error: set contains duplicate", OvsdbError.Create(null, "set contains duplicate").ToString());
        Assert.Equal("I/O error: d (No such file or directory)", new OvsdbError("I/O error", "d", null, "No such file or directory").ToString());
    }

    [Fact]
    public void WrapPrefixesDetails()
    {
        OvsdbError error = OvsdbError.SyntaxError(new JsonString("int"), null, "\"int\" is not an atomic-type")
            .Wrap("failed to parse \"x.ovsschema\" as ovsdb schema");
        Assert.Equal(
            "syntax \"\"int\"\": syntax error: failed to parse \"x.ovsschema\" as ovsdb schema: \"int\" is not an atomic-type",
            error.ToString());
    }

    [Fact]
    public void FromJsonRoundTrips()
    {
        var error = new OvsdbError("syntax error", "d", "[1]");
        Assert.Equal(error, OvsdbError.FromJson(error.ToJson()));
        Assert.Null(OvsdbError.FromJson(new JsonArray()));
        Assert.Null(OvsdbError.FromJson(new JsonObject { { "error", 1 } }));
    }
}
