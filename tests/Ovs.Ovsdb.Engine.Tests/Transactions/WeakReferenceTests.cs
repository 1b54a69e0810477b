using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;

namespace Ovs.Ovsdb.Engine.Tests.Transactions;

/// <summary>
/// Weak references with a minimum size, on a small schema of our own. Expected texts recorded from Debian's
/// ovsdb-tool 3.1.0 on the same schema and transactions.
/// </summary>
public sealed class WeakReferenceTests
{
    private const string Schema = """
        {"name":"w","tables":{
         "A":{"isRoot":true,"columns":{"name":{"type":"string"},"w":{"type":{"key":{"type":"uuid","refTable":"B","refType":"weak"},"min":1,"max":"unlimited"}},"m":{"type":{"key":"string","value":{"type":"uuid","refTable":"B","refType":"weak"},"min":0,"max":"unlimited"}}}},
         "B":{"isRoot":true,"columns":{"name":{"type":"string"}}}}}
        """;

    private const string B1 = "11111111-2222-3333-4444-555555555555";

    private readonly Database _db;

    public WeakReferenceTests()
    {
        Assert.Null(DatabaseSchema.TryParse(Schema, out DatabaseSchema schema));
        _db = new Database(schema);
    }

    [Fact]
    public void Default_all_zeros_weak_reference_that_must_not_be_empty()
    {
        string reply = Run("""{"op":"insert","table":"A","uuid":"aaaaaaaa-0000-0000-0000-000000000001","row":{"name":"a0"}}""");
        Assert.Equal(
            """[{"uuid":["uuid","aaaaaaaa-0000-0000-0000-000000000001"]},{"details":"Weak reference column \"w\" in \"A\" row aaaaaaaa-0000-0000-0000-000000000001 (inserted within this transaction) contained all-zeros UUID (probably as the default value for this column) but deleting this value caused a constraint volation because this column is not allowed to be empty.","error":"constraint violation"}]""",
            reply);
    }

    [Fact]
    public void Dangling_weak_references_are_dropped_from_maps_and_block_deletion_below_min()
    {
        Run($$$"""{"op":"insert","table":"B","uuid":"{{{B1}}}","row":{"name":"b"}},{"op":"insert","table":"A","uuid":"aaaaaaaa-0000-0000-0000-000000000002","row":{"name":"a1","w":["uuid","{{{B1}}}"],"m":["map",[["k",["uuid","{{{B1}}}"]],["z",["uuid","11111111-2222-3333-4444-555555555556"]]]]}}""");
        Assert.Equal(
            $$$"""[{"rows":[{"m":["map",[["k",["uuid","{{{B1}}}"]]]],"name":"a1"}]}]""",
            Run("""{"op":"select","table":"A","where":[],"columns":["name","m"]}"""));
        Assert.Equal(
            """[{"count":1},{"details":"Deletion of 1 weak reference(s) to deleted (or never-existing) rows from column \"w\" in \"A\" row aaaaaaaa-0000-0000-0000-000000000002 caused this column to become empty, but constraints on this column disallow an empty column.","error":"constraint violation"}]""",
            Run("""{"op":"delete","table":"B","where":[]}"""));
        Assert.Equal(
            """[{"uuid":["uuid","aaaaaaaa-0000-0000-0000-000000000003"]},{"details":"Deletion of 1 weak reference(s) to deleted (or never-existing) rows from column \"w\" in \"A\" row aaaaaaaa-0000-0000-0000-000000000003 (inserted within this transaction) caused this column to become empty, but constraints on this column disallow an empty column.","error":"constraint violation"}]""",
            Run("""{"op":"insert","table":"A","uuid":"aaaaaaaa-0000-0000-0000-000000000003","row":{"name":"a2","w":["uuid","11111111-2222-3333-4444-555555555557"]}}"""));
    }

    private string Run(string operations)
    {
        ExecutionResult result = Executor.Execute(_db, JsonParser.Parse("[" + operations + "]").AsArray(), ExecutionOptions.Tool);
        result.Transaction?.Apply();
        return result.Reply!.ToString(JsonWriteOptions.Sort);
    }
}
