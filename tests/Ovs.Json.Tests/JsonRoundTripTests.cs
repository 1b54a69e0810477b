// Expected texts below were observed from Debian's OVS 3.1.0 (ovsdb-tool transact / ovsdb-client --pretty).
using Ovs.Json;

namespace Ovs.Json.Tests;

public sealed class JsonRoundTripTests
{
    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("1e300", "1e+300")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("123456789012345678.5", "1.23456789012346e+17")]
    [InlineData("1.5e-7", "1.5e-07")]
    [InlineData("1.0e3", "1000")]
    [InlineData("1.0", "1")]
    [InlineData("-5", "-5")]
    [InlineData("12345678901234567", "12345678901234567")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("9223372036854775808", "9.22337203685478e+18")]
    public void NumbersSerializeAsUpstream(string input, string expected)
    {
        JsonValue v = JsonParser.Parse("[" + input + "]");
        Assert.Equal("[" + expected + "]", v.ToString());
    }

    [Fact]
    public void StringsEscapeOnlyWhatUpstreamEscapes()
    {
        JsonValue v = JsonParser.Parse("[\"a\\u0001/é\\\"\\\\\\n\\t\"]");
        Assert.Equal("[\"a\\u0001/é\\\"\\\\\\n\\t\"]", v.ToString());
    }

    [Fact]
    public void PrettyMatchesUpstreamLayout()
    {
        JsonValue v = JsonParser.Parse("[{\"rows\":[]},{\"rows\":[{\"s\":\"x\"}]},{}]");
        const string Expected = "[\n  {\n    \"rows\": []},\n  {\n    \"rows\": [\n      {\n        \"s\": \"x\"}]},\n  {\n    }]";
        Assert.Equal(Expected, v.ToString(JsonWriteOptions.Pretty));
    }

    [Fact]
    public void SortOrdersMembers()
    {
        JsonValue v = JsonParser.Parse("{\"b\":1,\"a\":2,\"b\":3}");
        Assert.Equal("{\"a\":2,\"b\":3}", v.ToString(JsonWriteOptions.Sort));
    }

    [Theory]
    [InlineData("1", "line 0, column 1, byte 1: syntax error at beginning of input")]
    [InlineData("\"x\"", "line 0, column 2, byte 2: syntax error at beginning of input")]
    [InlineData("[1] x", "line 0, column 5, byte 5: invalid keyword 'x'")]
    [InlineData("", "line 0, column 0, byte 0: empty input stream")]
    [InlineData("[01]", "line 0, column 3, byte 3: leading zeros not allowed")]
    [InlineData("[1,", "line 0, column 3, byte 3: unexpected end of input")]
    [InlineData("{\"a\":1", "line 0, column 7, byte 7: unexpected end of input")]
    [InlineData("[1", "line 0, column 3, byte 3: unexpected end of input")]
    [InlineData("[tru", "line 0, column 4, byte 4: invalid keyword 'tru'")]
    [InlineData("[\"abc", "line 0, column 5, byte 5: unexpected end of input in quoted string")]
    [InlineData("{\"a\" 1}", "line 0, column 6, byte 6: syntax error parsing object expecting ':'")]
    public void ErrorsMatchUpstream(string input, string expected)
    {
        Assert.False(JsonParser.TryParse(System.Text.Encoding.UTF8.GetBytes(input), out _, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void DeepNestingIsAnErrorNotACrash()
    {
        string deep = new string('[', 5000) + new string(']', 5000);
        Assert.False(JsonParser.TryParse(System.Text.Encoding.UTF8.GetBytes(deep), out _, out string? error));
        Assert.Contains("input exceeds maximum nesting depth 1000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamParserStopsAfterEachValue()
    {
        byte[] data = System.Text.Encoding.UTF8.GetBytes("{\"a\":1}{\"b\":[2]} ");
        var p = new JsonStreamParser();
        int used = p.Feed(data);
        Assert.Equal(7, used);
        Assert.Equal("{\"a\":1}", p.Finish(out string? e1)!.ToString());
        Assert.Null(e1);
        var q = new JsonStreamParser();
        int used2 = q.Feed(data.AsSpan(used));
        Assert.Equal(9, used2);
        Assert.Equal("{\"b\":[2]}", q.Finish(out _)!.ToString());
    }
}
