// Condition parsing and evaluation against condition-cases.json: three rows of the TypeTest "Sets" table,
// selected by "ovsdb-tool query" with each condition; "match" lists the "names" of the rows it returned.
using Ovs.Json;

namespace Ovs.Ovsdb.Tests;

public sealed class ConditionTests
{
    public static IEnumerable<object[]> Cases => TestData.Indexes("condition-cases.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOvsdbToolQuery(int index)
    {
        JsonObject file = TestData.Load("condition-cases.json").AsObject();
        TableSchema table = TestData.TypeTestSchema().GetTable(file["table"]!.AsString())!;
        JsonObject c = TestData.Case("condition-cases.json", index);
        OvsdbError? error = Condition.TryFromJson(table, c["where"]!, null, out Condition condition);
        if (c["error"] is JsonObject expected)
        {
            Assert.NotNull(error);
            AssertJson.Equal(expected, error.ToJson());
            return;
        }

        Assert.Null(error);
        ColumnSchema names = table.GetColumn("names")!;
        var matched = new List<string>();
        var matchedByLookup = new List<string>();
        foreach (JsonValue rowJson in file["rows"]!.AsArray())
        {
            Datum[] row = TestData.Row(table, rowJson.AsObject());
            string name = row[names.Index].ToJson(names.Type).ToString();
            if (condition.Evaluate(row))
            {
                matched.Add(name);
            }

            if (condition.Evaluate(column => row[column.Index]))
            {
                matchedByLookup.Add(name);
            }
        }

        string[] expectedNames = [.. c["match"]!.AsArray().Select(j => j.ToString())];
        Assert.Equal(expectedNames.Order(StringComparer.Ordinal), matched.Order(StringComparer.Ordinal));
        Assert.Equal(matched, matchedByLookup);
    }

    [Fact]
    public void ClausesAreSortedAndSerialized()
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Sets")!;
        JsonValue where = JsonParser.Parse("""[["numbers","excludes",["set",[2,1]]],true,["maybe","==",5],["maybe","<",9]]""");
        Assert.Null(Condition.TryFromJson(table, where, null, out Condition condition));
        Assert.Equal("""[true,["maybe","==",5],["maybe","<",9],["numbers","excludes",["set",[1,2]]]]""", condition.ToJson().ToString());
        Assert.False(condition.IsTrue);
        Assert.False(condition.IsFalse);
    }

    [Fact]
    public void ConstantConditions()
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Sets")!;
        Assert.True(Condition.Empty.IsTrue);
        Assert.Null(Condition.TryFromJson(table, JsonParser.Parse("[true,true]"), null, out Condition allTrue));
        Assert.True(allTrue.IsTrue);
        Assert.Null(Condition.TryFromJson(table, JsonParser.Parse("[true,false]"), null, out Condition withFalse));
        Assert.True(withFalse.IsFalse);
    }

    [Fact]
    public void NonArrayIsAParseError()
    {
        TableSchema table = TestData.TypeTestSchema().GetTable("Sets")!;
        Assert.Equal("Parse error in condition.", Condition.TryFromJson(table, new JsonString("x"), null, out _)!.Details);
    }

    [Fact]
    public void ConstantNamesAreNotFunctions()
    {
        // Upstream's ovsdb-tool aborts on these; we report an unknown function instead.
        TableSchema table = TestData.TypeTestSchema().GetTable("Sets")!;
        OvsdbError? error = Condition.TryFromJson(table, JsonParser.Parse("""[["maybe","true",1]]"""), null, out _);
        Assert.Equal("""{"error":"unknown function","details":"No function named true."}""", error!.ToJson().ToString());
    }
}
