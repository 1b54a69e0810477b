// Type notation round trips. The canonical forms are those "ovsdb-tool create" writes into a database
// (see schema-cases.json "all_forms"): bare names for unconstrained scalars, {"key":...} otherwise.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class TypeTests
{
    [Theory]
    [InlineData("\"integer\"")]
    [InlineData("\"real\"")]
    [InlineData("\"boolean\"")]
    [InlineData("\"string\"")]
    [InlineData("\"uuid\"")]
    [InlineData("""{"key":{"type":"integer","minInteger":-5}}""")]
    [InlineData("""{"key":{"type":"integer","maxInteger":7}}""")]
    [InlineData("""{"key":{"type":"real","minReal":0.5,"maxReal":2}}""")]
    [InlineData("""{"key":{"type":"string","minLength":1,"maxLength":9}}""")]
    [InlineData("""{"key":{"type":"string","enum":["set",["a","z"]]}}""")]
    [InlineData("""{"key":{"type":"integer","enum":3}}""")]
    [InlineData("""{"key":{"type":"uuid","refTable":"T"}}""")]
    [InlineData("""{"key":{"type":"uuid","refTable":"T","refType":"weak"}}""")]
    [InlineData("""{"key":"integer","min":0}""")]
    [InlineData("""{"key":"integer","min":0,"max":"unlimited"}""")]
    [InlineData("""{"key":"string","max":3}""")]
    [InlineData("""{"key":"string","value":"boolean"}""")]
    [InlineData("""{"key":"string","value":{"type":"integer","minInteger":0},"min":0,"max":2}""")]
    [InlineData("""{"key":"uuid","max":"unlimited"}""")]
    public void CanonicalFormsRoundTrip(string text)
    {
        JsonValue json = Parse(text);
        Assert.Null(OvsdbType.TryFromJson(json, out OvsdbType type));
        Assert.Equal(text, type.ToJson().ToString());
    }

    [Theory]
    [InlineData("""{"key":"integer"}""", "\"integer\"")]
    [InlineData("""{"key":{"type":"integer"}}""", "\"integer\"")]
    [InlineData("""{"key":"integer","min":1,"max":1}""", "\"integer\"")]
    [InlineData("""{"key":{"type":"uuid","refTable":"T","refType":"strong"}}""", """{"key":{"type":"uuid","refTable":"T"}}""")]
    [InlineData("""{"key":{"type":"integer","minInteger":-9223372036854775808}}""", "\"integer\"")]
    [InlineData("""{"key":{"type":"string","minLength":0,"maxLength":4294967295}}""", "\"string\"")]
    [InlineData("""{"key":{"type":"real","minReal":1}}""", """{"key":{"type":"real","minReal":1}}""")]
    [InlineData("""{"key":{"type":"string","enum":["set",["b","a","c"]]},"min":0,"max":1}""", """{"key":{"type":"string","enum":["set",["a","b","c"]]},"min":0}""")]
    public void EquivalentFormsNormalize(string text, string canonical)
    {
        Assert.Null(OvsdbType.TryFromJson(Parse(text), out OvsdbType type));
        Assert.Equal(canonical, type.ToJson().ToString());
    }

    [Theory]
    [InlineData("""{"key":"integer"}""", "integer")]
    [InlineData("""{"key":"integer","min":0}""", "set of up to 1 integers")]
    [InlineData("""{"key":"integer","min":0,"max":"unlimited"}""", "set of integers")]
    [InlineData("""{"key":"string","min":1,"max":3}""", "set of 1 to 3 strings")]
    [InlineData("""{"key":"uuid","max":"unlimited"}""", "set of 1 or more uuids")]
    [InlineData("""{"key":"string","value":"string","min":0,"max":"unlimited"}""", "map of (string, string) pairs")]
    [InlineData("""{"key":"string","value":"integer","min":0,"max":2}""", "map of up to 2 (string, integer) pairs")]
    [InlineData("""{"key":"string","value":"real"}""", "map of 1 to 1 (string, real) pairs")]
    public void English(string text, string english)
    {
        Assert.Null(OvsdbType.TryFromJson(Parse(text), out OvsdbType type));
        Assert.Equal(english, type.ToEnglish());
    }

    [Fact]
    public void Predicates()
    {
        var optional = new OvsdbType(BaseType.Integer, null, 0, 1);
        Assert.True(optional.IsOptionalScalar);
        Assert.True(optional.IsSet);
        Assert.False(optional.IsScalar);
        Assert.True(OvsdbType.Integer.IsScalar);
        Assert.False(OvsdbType.Integer.IsSet);
        var map = new OvsdbType(BaseType.String, BaseType.String, 0, OvsdbType.Unlimited);
        Assert.True(map.IsMap);
        Assert.False(map.IsSet);
        Assert.True(map.IsComposite);
    }

    [Fact]
    public void WeakReferencesAreAlwaysMutable()
    {
        var weak = new OvsdbType(new BaseType(AtomicType.Uuid) { RefTableName = "T", RefType = RefType.Weak });
        Assert.True(new ColumnSchema("c", weak, mutable: false).Mutable);
        Assert.False(new ColumnSchema("c", OvsdbType.Uuid, mutable: false).Mutable);
    }

    /// <summary>Parses any JSON value; Ovs.Json, like upstream, accepts only an object or array at top level.</summary>
    private static JsonValue Parse(string text) => JsonParser.Parse("[" + text + "]").AsArray()[0];
}
