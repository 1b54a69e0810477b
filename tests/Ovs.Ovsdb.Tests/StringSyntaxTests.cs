// The command-line datum syntax against string-cases.json: each input given to "ovs-vsctl set" on a vswitch
// database, with either the error ovs-vsctl printed or the value "ovs-vsctl get" then showed.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class StringSyntaxTests
{
    private static readonly Lazy<DatabaseSchema> s_vswitch = new(() =>
    {
        string text = File.ReadAllText(Path.Combine(TestData.RepoRoot, "schemas", "vswitch.ovsschema"));
        Assert.Null(DatabaseSchema.TryParse(text, out DatabaseSchema schema));
        return schema;
    });

    public static IEnumerable<object[]> Cases => TestData.Indexes("string-cases.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOvsVsctl(int index)
    {
        JsonObject c = TestData.Case("string-cases.json", index);
        ColumnSchema column = s_vswitch.Value.GetTable(c["table"]!.AsString())!.GetColumn(c["column"]!.AsString())!;
        string? error = Datum.TryParseString(c["input"]!.AsString(), column.Type, new TestSymbolTable(), out Datum datum);
        if (c["error"] is JsonString expected)
        {
            Assert.Equal(expected.Value, "ovs-vsctl: " + error);
        }
        else
        {
            Assert.Null(error);
            Assert.Equal(c["result"]!.AsString(), datum.ToDisplayString(column.Type));
        }
    }

    [Fact]
    public void AtSignNamesResolveThroughTheSymbolTable()
    {
        var symbols = new TestSymbolTable();
        var type = new OvsdbType(BaseType.Uuid, null, 0, OvsdbType.Unlimited);
        Assert.Equal("[@a, @b, @a]: set contains duplicate value", Datum.TryParseString("[@a, @b, @a]", type, symbols, out _));
        Assert.Null(Datum.TryParseString("[@a, @b]", type, symbols, out Datum datum));
        Assert.Equal(2, datum.Count);
        Assert.Equal("@a", symbols.Uses[0].Name);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2", -2.0)]
    [InlineData(".5", 0.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData("-0", 0.0)]
    public void RealsParseAsStrtod(string text, double expected)
    {
        Assert.Null(Atom.TryParseString(text, BaseType.Real, null, out Atom atom));
        Assert.Equal(expected, atom.AsReal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("1e")]
    [InlineData("1e999")]
    [InlineData("")]
    public void BadRealsAreRejected(string text) =>
        Assert.Equal($"\"{text}\" is not a valid real number", Atom.TryParseString(text, BaseType.Real, null, out _));

    [Fact]
    public void DisplayFormParsesBack()
    {
        var type = new OvsdbType(BaseType.String, BaseType.String, 0, OvsdbType.Unlimited);
        Datum original = Datum.CreateMap([
            new(Atom.String("plain"), Atom.String("a b")),
            new(Atom.String("quote\"d"), Atom.String("")),
            new(Atom.String("true"), Atom.String("tab\there")),
        ]);
        string text = original.ToDisplayString(type);
        Assert.Null(Datum.TryParseString(text, type, null, out Datum parsed));
        Assert.Equal(original, parsed);
    }
}
