// Online conversion of an in-memory Database: rows keep their UUIDs and converted values, and the source is left
// as it was.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Conversion;
using Ovs.Ovsdb.Engine.Storage;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Tests.Conversion;

public sealed class DatabaseConverterTests
{
    private const string RowId = "11111111-2222-3333-4444-555555555555";

    [Fact]
    public void ConvertsRowsIntoANewDatabase()
    {
        Database source = Load(
            """{"name":"d","tables":{"t":{"columns":{"name":{"type":"string"},"number":{"type":"integer"}}}}}""",
            """{"t":{"11111111-2222-3333-4444-555555555555":{"name":"one","number":1}}}""");
        DatabaseSchema newSchema = Schema(
            """{"name":"d","tables":{"t":{"columns":{"number":{"type":"real"},"extra":{"type":"boolean"}}}}}""");

        Assert.Null(DatabaseConverter.Convert(source, newSchema, out Database? converted));

        Row row = Assert.Single(converted!.GetTable("t")!.Rows);
        Assert.Equal(Guid.Parse(RowId), row.Uuid);
        TableSchema table = newSchema.GetTable("t")!;
        Assert.Equal("1", row[table.GetColumn("number")!].ToDisplayString(OvsdbType.Real));
        Assert.Equal("false", row[table.GetColumn("extra")!].ToDisplayString(OvsdbType.Boolean));
        Assert.Single(source.GetTable("t")!.Rows);
        Assert.Equal(2, source.Schema.GetTable("t")!.UserColumns.Count());
    }

    [Fact]
    public void ReportsValuesThatDoNotConvert()
    {
        Database source = Load(
            """{"name":"d","tables":{"t":{"columns":{"name":{"type":"string"}}}}}""",
            """{"t":{"11111111-2222-3333-4444-555555555555":{"name":"one"}}}""");
        DatabaseSchema newSchema = Schema("""{"name":"d","tables":{"t":{"columns":{"name":{"type":"integer"}}}}}""");

        OvsdbError? error = DatabaseConverter.Convert(source, newSchema, out Database? converted);

        Assert.Equal("syntax \"\"one\"\": syntax error: expected integer", error?.ToString());
        Assert.Null(converted);
    }

    private static Database Load(string schemaJson, string record)
    {
        var database = new Database(Schema(schemaJson));
        var transaction = new Transaction(database);
        Assert.Null(TxnRecord.Replay(transaction, (JsonObject)JsonParser.Parse(record)) ?? transaction.Precommit(out _));
        transaction.Apply();
        return database;
    }

    private static DatabaseSchema Schema(string json)
    {
        Assert.Null(DatabaseSchema.TryFromJson(JsonParser.Parse(json), out DatabaseSchema schema));
        return schema;
    }
}
