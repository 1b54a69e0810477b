// Mutation parsing and application against mutation-cases.json: a row inserted with "ovsdb-tool transact",
// mutated by one "mutate" operation, then read back; "after" holds the row's columns after the mutation.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class MutationTests
{
    public static IEnumerable<object[]> Cases => TestData.Indexes("mutation-cases.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOvsdbToolTransact(int index)
    {
        JsonObject c = TestData.Case("mutation-cases.json", index);
        TableSchema table = TestData.TypeTestSchema().GetTable(c["table"]!.AsString())!;
        Datum[] row = TestData.Row(table, c["row"]!.AsObject());
        Datum[] before = [.. row];

        OvsdbError? error = MutationSet.TryFromJson(table, c["mutations"]!, null, out MutationSet mutations)
            ?? mutations.Apply(row);
        if (c["error"] is JsonObject expected)
        {
            Assert.NotNull(error);
            AssertJson.Equal(expected, error.ToJson());
            Assert.Equal(before, row);
            return;
        }

        Assert.Null(error);
        foreach (KeyValuePair<string, JsonValue> member in c["after"]!.AsObject())
        {
            ColumnSchema column = table.GetColumn(member.Key)!;
            AssertJson.Equal(member.Value, row[column.Index].ToJson(column.Type));
        }
    }

    [Fact]
    public void MutationsSerialize()
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Sets")!;
        JsonValue json = JsonParser.Parse("""[["numbers","+=",1],["tags","delete",["set",["k"]]],["names","insert",["set",["b","a"]]]]""");
        Assert.Null(MutationSet.TryFromJson(table, json, null, out MutationSet mutations));
        Assert.Equal("""[["numbers","+=",1],["tags","delete","k"],["names","insert",["set",["a","b"]]]]""", mutations.ToJson().ToString());
        Assert.Equal([Mutator.Add, Mutator.Delete, Mutator.Insert], mutations.Mutations.Select(m => m.Mutator));
    }

    [Fact]
    public void NonArrayIsAParseError()
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Sets")!;
        Assert.Equal("Parse error in mutation.", MutationSet.TryFromJson(table, new JsonObject(), null, out _)!.Details);
    }

    [Theory]
    [InlineData(long.MaxValue, 1, "+=")]
    [InlineData(long.MinValue, 1, "-=")]
    [InlineData(4611686018427387904, 2, "*=")]
    [InlineData(-1, long.MinValue, "*=")]
    [InlineData(long.MinValue, -1, "/=")]
    public void IntegerOverflowIsARangeError(long x, long y, string mutator)
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Atoms")!;
        Datum[] row = TestData.Row(table, new JsonObject { { "count", x } });
        var json = new JsonArray();
        json.Add(new JsonArray("count", mutator, y));
        Assert.Null(MutationSet.TryFromJson(table, json, null, out MutationSet set));
        OvsdbError? error = set.Apply(row);
        Assert.Equal($"range error: Result of \"{mutator}\" operation is out of range.", error?.ToString());
    }
}
