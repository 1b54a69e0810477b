using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Tests.Execution;

/// <summary>
/// Behaviours that upstream's ovsdb-execution.at scenarios (run through ovsdb-tool.at) caught. Each test replays a
/// sequence of "transact" requests against small schemas of our own; the expected replies, UUIDs normalised in
/// order of appearance, were recorded by running the same requests through Debian's ovsdb-tool 3.1.0 transact.
/// </summary>
[Trait("upstream", "tests/ovsdb-execution.at")]
public sealed class UpstreamRegressionTests
{
    private const string OrdinalsSchema = """
        {"name": "ordinals", "tables": {"ordinals": {"columns": {"number": {"type": "integer"}, "name": {"type": "string"}}, "indexes": [["number"]]}}}
        """;

    private const string GcSchema = """
        {"name": "gc", "tables": {
          "root": {"columns": {"a": {"type": {"key": {"type": "uuid", "refTable": "a"}, "min": 0, "max": "unlimited"}}}, "isRoot": true},
          "a": {"columns": {"a": {"type": "integer"}, "a2a": {"type": {"key": {"type": "uuid", "refTable": "a"}, "min": 0, "max": "unlimited"}}}}}}
        """;

    private const string ConstraintsSchema = """
        {"name": "con", "tables": {
          "i": {"columns": {"x": {"type": {"key": {"type": "integer", "minInteger": 1}}}, "y": {"type": "integer"}}},
          "e": {"columns": {"x": {"type": {"key": {"type": "string", "enum": ["set", ["a", "b"]]}}}}},
          "two": {"columns": {"x": {"type": {"key": {"type": "integer", "maxInteger": -1}}}, "z": {"type": {"key": {"type": "string", "minLength": 2}}}}}}}
        """;

    [Fact]
    public void Select_sort_orders_rows_and_validates_columns()
    {
        Replay(
            OrdinalsSchema,
            ("""{"op":"insert","table":"ordinals","row":{"number":2,"name":"two"}},{"op":"insert","table":"ordinals","row":{"number":0,"name":"zero"}},{"op":"insert","table":"ordinals","row":{"number":1,"name":"one"}}""",
             """[{"uuid":["uuid","<0>"]},{"uuid":["uuid","<1>"]},{"uuid":["uuid","<2>"]}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"columns":["number","name"],"sort":["number"]}""",
             """[{"rows":[{"name":"zero","number":0},{"name":"one","number":1},{"name":"two","number":2}]}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"columns":["name"],"sort":["name"]}""",
             """[{"rows":[{"name":"one"},{"name":"two"},{"name":"zero"}]}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"sort":["number"]}""",
             """[{"rows":[{"_uuid":["uuid","<1>"],"_version":["uuid","<3>"],"name":"zero","number":0},{"_uuid":["uuid","<2>"],"_version":["uuid","<4>"],"name":"one","number":1},{"_uuid":["uuid","<0>"],"_version":["uuid","<5>"],"name":"two","number":2}]}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"sort":"number"}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Type mismatch for member 'sort'.","error":"syntax error","syntax":"{\"op\":\"select\",\"sort\":\"number\",\"table\":\"ordinals\",\"where\":[]}"}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"sort":["nosuch"]}""",
             """[{"details":"nosuch is not a valid column name","error":"syntax error","syntax":"[\"nosuch\"]"}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"sort":["name","name"]}""",
             """[{"details":"array of distinct column names expected","error":"syntax error","syntax":"[\"name\",\"name\"]"}]"""));
    }

    [Fact]
    public void Select_without_uuid_column_returns_distinct_rows_and_sorts_sets_by_size_first()
    {
        Replay(
            GcSchema,
            ("""{"op":"insert","table":"a","row":{"a":3,"a2a":["set",[["named-uuid","x"],["named-uuid","y"]]]},"uuid-name":"x"},{"op":"insert","table":"a","row":{"a":4,"a2a":["named-uuid","x"]},"uuid-name":"y"}""",
             """[{"uuid":["uuid","<0>"]},{"uuid":["uuid","<1>"]}]"""),
            ("""{"op":"insert","table":"a","row":{"a":5},"uuid-name":"p"},{"op":"insert","table":"a","row":{"a":5},"uuid-name":"q"},{"op":"insert","table":"root","row":{"a":["set",[["named-uuid","p"],["named-uuid","q"]]]}}""",
             """[{"uuid":["uuid","<2>"]},{"uuid":["uuid","<3>"]},{"uuid":["uuid","<4>"]}]"""),
            ("""{"op":"select","table":"a","where":[],"columns":["a"],"sort":["a"]}""",
             """[{"rows":[{"a":3},{"a":4},{"a":5}]}]"""),
            ("""{"op":"select","table":"a","where":[],"columns":["a"],"sort":["a2a"]}""",
             """[{"rows":[{"a":5},{"a":4},{"a":3}]}]"""));
    }

    [Fact]
    public void Index_violation_names_committed_or_later_row_first()
    {
        const string Prefix = "Transaction causes multiple rows in \\\"ordinals\\\" table to have identical values";
        Replay(
            OrdinalsSchema,
            ("""{"op":"insert","table":"ordinals","row":{"number":2,"name":"two"}},{"op":"insert","table":"ordinals","row":{"number":0,"name":"zero"}},{"op":"insert","table":"ordinals","row":{"number":1,"name":"one"}}""",
             """[{"uuid":["uuid","<0>"]},{"uuid":["uuid","<1>"]},{"uuid":["uuid","<2>"]}]"""),
            ("""{"op":"insert","table":"ordinals","row":{"number":1,"name":"another one"}}""",
             "[{\"uuid\":[\"uuid\",\"<3>\"]},{\"details\":\"" + Prefix + " (1) for index on column \\\"number\\\".  First row, with UUID <2>, existed in the database before this transaction and was not modified by the transaction.  Second row, with UUID <3>, was inserted by this transaction.\",\"error\":\"constraint violation\"}]"),
            ("""{"op":"delete","table":"ordinals","where":[["number","==",1]]},{"op":"insert","table":"ordinals","row":{"number":1,"name":"x"}},{"op":"insert","table":"ordinals","row":{"number":1,"name":"y"}}""",
             "[{\"count\":1},{\"uuid\":[\"uuid\",\"<4>\"]},{\"uuid\":[\"uuid\",\"<5>\"]},{\"details\":\"" + Prefix + " (1) for index on column \\\"number\\\".  First row, with UUID <5>, was inserted by this transaction.  Second row, with UUID <4>, was inserted by this transaction.\",\"error\":\"constraint violation\"}]"),
            ("""{"op":"update","table":"ordinals","where":[["number","==",2]],"row":{"name":"deux"}},{"op":"insert","table":"ordinals","row":{"number":2,"name":"dos"}}""",
             "[{\"count\":1},{\"uuid\":[\"uuid\",\"<6>\"]},{\"details\":\"" + Prefix + " (2) for index on column \\\"number\\\".  First row, with UUID <6>, was inserted by this transaction.  Second row, with UUID <0>, existed in the database before this transaction, which modified some of the row's columns but not any columns in this index.\",\"error\":\"constraint violation\"}]"));
    }

    [Fact]
    public void Rows_referenced_only_by_themselves_are_garbage()
    {
        Replay(
            GcSchema,
            ("""{"op":"insert","table":"a","row":{"a":1,"a2a":["named-uuid","self"]},"uuid-name":"self"}""", """[{"uuid":["uuid","<0>"]}]"""),
            ("""{"op":"select","table":"a","where":[],"columns":["a"]}""", """[{"rows":[]}]"""),
            ("""{"op":"insert","table":"a","row":{"a":2,"a2a":["named-uuid","x"]},"uuid-name":"x"},{"op":"insert","table":"root","row":{"a":["named-uuid","x"]}}""",
             """[{"uuid":["uuid","<1>"]},{"uuid":["uuid","<2>"]}]"""),
            ("""{"op":"select","table":"a","where":[],"columns":["a"]}""", """[{"rows":[{"a":2}]}]"""),
            ("""{"op":"delete","table":"root","where":[]}""", """[{"count":1}]"""),
            ("""{"op":"select","table":"a","where":[],"columns":["a"]}""", """[{"rows":[]}]"""),
            ("""{"op":"insert","table":"a","row":{"a":3,"a2a":["set",[["named-uuid","x"],["named-uuid","y"]]]},"uuid-name":"x"},{"op":"insert","table":"a","row":{"a":4,"a2a":["named-uuid","x"]},"uuid-name":"y"}""",
             """[{"uuid":["uuid","<3>"]},{"uuid":["uuid","<4>"]}]"""),
            ("""{"op":"select","table":"a","where":[],"columns":["a"],"sort":["a"]}""", """[{"rows":[{"a":3},{"a":4}]}]"""));
    }

    [Fact]
    public void Insert_checks_defaults_of_omitted_columns_and_requires_row()
    {
        Replay(
            ConstraintsSchema,
            ("""{"op":"insert","table":"i","row":{}}""", """[{"details":"0 is less than minimum allowed value 1","error":"constraint violation"}]"""),
            ("""{"op":"insert","table":"i","row":{"y":3}}""", """[{"details":"0 is less than minimum allowed value 1","error":"constraint violation"}]"""),
            ("""{"op":"insert","table":"i","row":{"x":1}},{"op":"insert","table":"i","row":{"y":1}}""",
             """[{"uuid":["uuid","<0>"]},{"details":"0 is less than minimum allowed value 1","error":"constraint violation"}]"""),
            ("""{"op":"insert","table":"e","row":{}}""", """[{"details":"\"\" is not one of the allowed values ([a, b])","error":"constraint violation"}]"""),
            ("""{"op":"insert","table":"two","row":{}}""", """[{"details":"0 is greater than maximum allowed value -1","error":"constraint violation"}]"""),
            ("""{"op":"insert","table":"two","row":{"x":-3}}""", """[{"details":"\"\" length 0 is less than minimum allowed length 2","error":"constraint violation"}]"""),
            ("""{"op":"insert","table":"two","row":{"x":-3,"z":"ab"}}""", """[{"uuid":["uuid","<1>"]}]"""),
            ("""{"op":"insert","table":"i"}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Required 'row' member is missing.","error":"syntax error","syntax":"{\"op\":\"insert\",\"table\":\"i\"}"}]"""));
    }

    [Fact]
    public void Rows_inserted_together_get_distinct_versions()
    {
        Replay(
            ConstraintsSchema,
            ("""{"op":"insert","table":"i","row":{"x":1}},{"op":"insert","table":"i","row":{"x":2}},{"op":"select","table":"i","where":[],"sort":["x"]}""",
             """[{"uuid":["uuid","<0>"]},{"uuid":["uuid","<1>"]},{"rows":[{"_uuid":["uuid","<0>"],"_version":["uuid","<2>"],"x":1,"y":0},{"_uuid":["uuid","<1>"],"_version":["uuid","<3>"],"x":2,"y":0}]}]"""));
    }

    [Fact]
    public void Member_errors_take_precedence_over_errors_inside_members()
    {
        Replay(
            OrdinalsSchema,
            ("""{"op":"select","table":"ordinals","where":[["zz","==",1]],"columns":"x"}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Type mismatch for member 'columns'.","error":"syntax error","syntax":"{\"columns\":\"x\",\"op\":\"select\",\"table\":\"ordinals\",\"where\":[[\"zz\",\"==\",1]]}"}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"columns":"x","sort":["yy"]}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Type mismatch for member 'columns'.","error":"syntax error","syntax":"{\"columns\":\"x\",\"op\":\"select\",\"sort\":[\"yy\"],\"table\":\"ordinals\",\"where\":[]}"}]"""),
            ("""{"op":"update","table":"ordinals","where":[["zz","==",1]],"row":1}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Type mismatch for member 'row'.","error":"syntax error","syntax":"{\"op\":\"update\",\"row\":1,\"table\":\"ordinals\",\"where\":[[\"zz\",\"==\",1]]}"}]"""),
            ("""{"op":"delete","table":"ordinals","where":[["zz","==",1]],"x":1}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Member 'x' is present but not allowed here.","error":"syntax error","syntax":"{\"op\":\"delete\",\"table\":\"ordinals\",\"where\":[[\"zz\",\"==\",1]],\"x\":1}"}]"""),
            ("""{"op":"insert","table":"ordinals","row":{"number":"x"},"x":1}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Member 'x' is present but not allowed here.","error":"syntax error","syntax":"{\"op\":\"insert\",\"row\":{\"number\":\"x\"},\"table\":\"ordinals\",\"x\":1}"}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"columns":["zz"],"x":1}""",
             """[{"details":"Parsing ovsdb operation 1 of 1 failed: Member 'x' is present but not allowed here.","error":"syntax error","syntax":"{\"columns\":[\"zz\"],\"op\":\"select\",\"table\":\"ordinals\",\"where\":[],\"x\":1}"}]"""),
            ("""{"op":"select","table":"ordinals","where":[],"columns":["zz"],"sort":["yy"]}""",
             """[{"details":"zz is not a valid column name","error":"syntax error","syntax":"[\"zz\"]"}]"""));
    }

    /// <summary>Runs each step as its own transaction, committing the successful ones, and compares the replies.</summary>
    private static void Replay(string schemaJson, params (string Operations, string Expected)[] steps)
    {
        OvsdbError? error = DatabaseSchema.TryParse(schemaJson, out DatabaseSchema schema);
        Assert.Null(error);
        var database = new Database(schema);
        var normalizer = new UuidNormalizer();
        foreach ((string operations, string expected) in steps)
        {
            ExecutionResult result = Executor.Execute(database, JsonParser.Parse("[" + operations + "]").AsArray(), ExecutionOptions.Tool);
            Transaction? transaction = result.Transaction;
            transaction?.Apply();
            Assert.Equal(expected, normalizer.Normalize(result.Reply!.ToString(JsonWriteOptions.Sort)));
        }
    }
}
