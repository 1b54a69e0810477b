using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Transactions;

namespace Ovs.Ovsdb.Engine.Tests.Transactions;

/// <summary>
/// Commit-time rules on the vswitch schema. Expected texts follow what Debian's ovsdb-tool 3.1.0 printed for the
/// same transactions (recorded by hand; UUIDs here are fixed by explicit "uuid" members).
/// </summary>
[Trait("upstream", "tests/ovsdb-execution.at")]
public sealed class CommitRulesTests
{
    private const string Ovs = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string Br = "bbbbbbbb-0000-0000-0000-000000000001";
    private const string Port = "cccccccc-0000-0000-0000-000000000001";
    private const string Iface = "dddddddd-0000-0000-0000-000000000001";

    private readonly EngineFixture _db = new();

    public CommitRulesTests()
    {
        string reply = _db.Transact(
            $$$"""
            {"op":"insert","table":"Open_vSwitch","uuid":"{{{Ovs}}}","row":{"bridges":["uuid","{{{Br}}}"]}},
            {"op":"insert","table":"Bridge","uuid":"{{{Br}}}","row":{"name":"br0","ports":["uuid","{{{Port}}}"]}},
            {"op":"insert","table":"Port","uuid":"{{{Port}}}","row":{"name":"p0","interfaces":["uuid","{{{Iface}}}"]}},
            {"op":"insert","table":"Interface","uuid":"{{{Iface}}}","row":{"name":"i0"}}
            """);
        Assert.DoesNotContain("error", reply, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_referenced_row_fails_with_remaining_reference_count()
    {
        Assert.Equal(
            $$$"""[{"count":1},{"details":"cannot delete Interface row {{{Iface}}} because of 1 remaining reference(s)","error":"referential integrity violation"}]""",
            _db.Transact("""{"op":"delete","table":"Interface","where":[]}"""));
        Assert.Equal(1, _db.Table("Interface").Count);
    }

    [Fact]
    public void Deleting_the_root_row_collects_the_whole_tree()
    {
        Assert.Equal("""[{"count":1}]""", _db.Transact("""{"op":"delete","table":"Open_vSwitch","where":[]}"""));
        foreach (string table in new[] { "Open_vSwitch", "Bridge", "Port", "Interface" })
        {
            Assert.Equal(0, _db.Table(table).Count);
        }

        Assert.Equal(4, _db.LastChanges.Tables.Count);
        Assert.All(_db.LastChanges.Tables, t => Assert.All(t.Rows, r => Assert.True(r.IsDelete)));
    }

    [Fact]
    public void Unreferenced_inserts_into_non_root_tables_are_collected_but_still_reported()
    {
        Assert.Matches("""^\[\{"uuid":\["uuid","[0-9a-f-]{36}"\]\}\]$""", _db.Transact("""{"op":"insert","table":"Bridge","row":{"name":"lonely"}}"""));
        Assert.Equal(1, _db.Table("Bridge").Count);
        Assert.True(_db.LastChanges.IsEmpty);
    }

    [Fact]
    public void Deleting_a_weakly_referenced_row_removes_the_reference()
    {
        string mirror = "eeeeeeee-0000-0000-0000-000000000001";
        _db.Transact(
            $$$"""
            {"op":"insert","table":"Mirror","uuid":"{{{mirror}}}","row":{"name":"m","select_src_port":["uuid","{{{Port}}}"]}},
            {"op":"update","table":"Bridge","where":[],"row":{"mirrors":["uuid","{{{mirror}}}"]}}
            """);
        Assert.Equal(1, _db.Table("Mirror").Find(Guid.Parse(mirror))!.Values[_db.Table("Mirror").Schema.GetColumn("select_src_port")!.Index].Count);

        // Removing the port from the bridge garbage-collects it (and its interface); the mirror loses its weak ref.
        _db.Transact("""{"op":"update","table":"Bridge","where":[],"row":{"ports":["set",[]]}}""");
        Assert.Equal(0, _db.Table("Port").Count);
        Assert.Equal(0, _db.Table("Interface").Count);
        TableChanges mirrorChanges = Assert.Single(_db.LastChanges.Tables, t => t.Table.Name == "Mirror");
        RowChange change = Assert.Single(mirrorChanges.Rows);
        ColumnSchema column = mirrorChanges.Table.Schema.GetColumn("select_src_port")!;
        Assert.True(change.Changed[column.Index]);
        Assert.False(change.Changed[mirrorChanges.Table.Schema.GetColumn("name")!.Index]);
        Assert.Equal(1, change.Old![column].Count);
        Assert.Equal(0, change.New![column].Count);
    }

    [Fact]
    public void Version_changes_only_when_a_row_really_changes()
    {
        Row before = _db.Table("Bridge").Find(Guid.Parse(Br))!;
        _db.Transact("""{"op":"update","table":"Bridge","where":[],"row":{"name":"br0"}}""".Replace("\"name\":\"br0\"", "\"datapath_type\":\"\"", StringComparison.Ordinal));
        Assert.True(_db.LastChanges.IsEmpty);
        Assert.Same(before, _db.Table("Bridge").Find(Guid.Parse(Br)));

        _db.Transact("""{"op":"update","table":"Bridge","where":[],"row":{"datapath_type":"netdev"}}""");
        Row after = _db.Table("Bridge").Find(Guid.Parse(Br))!;
        Assert.NotEqual(before.Version, after.Version);
        Assert.Equal("", before[before.Schema.GetColumn("datapath_type")!].Keys[0].AsString);
    }

    [Fact]
    public void Unique_index_conflict_with_an_untouched_row()
    {
        // The committed bridge first loses its port, so that the two rows differ only in _uuid: the error then names
        // the greater UUID first. (With the port kept, Debian still names the new row first, because upstream
        // compares the rows' columns in hash-table order and happens to reach _uuid before "ports"; we compare
        // ordinary columns first. See Transaction.Indexes.cs.)
        Assert.Equal("""[{"count":1}]""", _db.Transact("""{"op":"update","table":"Bridge","where":[],"row":{"ports":["set",[]]}}"""));
        string reply = _db.Transact(
            """
            {"op":"insert","table":"Bridge","uuid":"bbbbbbbb-0000-0000-0000-000000000002","row":{"name":"br0"}},
            {"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["uuid","bbbbbbbb-0000-0000-0000-000000000002"]]]}
            """);
        Assert.Equal(
            """[{"uuid":["uuid","bbbbbbbb-0000-0000-0000-000000000002"]},{"count":1},{"details":"Transaction causes multiple rows in \"Bridge\" table to have identical values (br0) for index on column \"name\".  First row, with UUID bbbbbbbb-0000-0000-0000-000000000002, was inserted by this transaction.  Second row, with UUID bbbbbbbb-0000-0000-0000-000000000001, existed in the database before this transaction and was not modified by the transaction.","error":"constraint violation"}]""",
            reply);
    }

    [Fact]
    public void Unique_index_conflict_with_a_modified_row()
    {
        string reply = _db.Transact(
            """
            {"op":"update","table":"Bridge","where":[],"row":{"datapath_type":"x"}},
            {"op":"insert","table":"Bridge","uuid":"bbbbbbbb-0000-0000-0000-000000000002","row":{"name":"br0"}},
            {"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["uuid","bbbbbbbb-0000-0000-0000-000000000002"]]]}
            """);
        Assert.Contains(
            "First row, with UUID bbbbbbbb-0000-0000-0000-000000000001, existed in the database before this transaction, which modified some of the row's columns but not any columns in this index.  Second row, with UUID bbbbbbbb-0000-0000-0000-000000000002, was inserted by this transaction.",
            reply,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Unique_index_spanning_two_columns_lists_both()
    {
        const string insert = """{"op":"insert","table":"Flow_Sample_Collector_Set","row":{"id":1,"bridge":["uuid","bbbbbbbb-0000-0000-0000-000000000001"]}}""";
        Assert.DoesNotContain("error", _db.Transact(insert), StringComparison.Ordinal);
        Assert.Contains(
            """identical values (1 and bbbbbbbb-0000-0000-0000-000000000001) for index on columns \"id\" and \"bridge\".""",
            _db.Transact(insert),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Max_rows_is_enforced()
    {
        Assert.Contains(
            "{\"details\":\"transaction causes \\\"Open_vSwitch\\\" table to contain 2 rows, greater than the schema-defined limit of 1 row(s)\",\"error\":\"constraint violation\"}",
            _db.Transact("""{"op":"insert","table":"Open_vSwitch","row":{}}"""),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Blocked_wait_asks_for_a_retry_until_its_timeout()
    {
        const string wait = """{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[],"timeout":1000}""";
        ExecutionResult pending = _db.Execute(wait, new ExecutionOptions { ElapsedMs = 10 });
        Assert.True(pending.IsRetry);
        Assert.Equal(1000, pending.RetryAfterMs);

        ExecutionResult expired = _db.Execute(wait, new ExecutionOptions { ElapsedMs = 1004 });
        Assert.Equal("""[{"details":"\"wait\" timed out after 1004 ms","error":"timed out"}]""", expired.Reply!.ToString(JsonWriteOptions.Sort));

        ExecutionResult forever = _db.Execute("""{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[]}""", new ExecutionOptions());
        Assert.True(forever.IsRetry);
        Assert.Null(forever.RetryAfterMs);
    }

    [Fact]
    public void Assert_consults_the_lock_callback_and_commit_records_durability()
    {
        var options = new ExecutionOptions { IsLockOwned = name => name == "mine" };
        ExecutionResult result = _db.Execute("""{"op":"assert","lock":"mine"},{"op":"commit","durable":true}""", options);
        Assert.Equal("[{},{}]", result.Reply!.ToString());
        Assert.True(result.Durable);
        Assert.Equal(
            """[{"details":"Asserted lock theirs not held.","error":"not owner"}]""",
            _db.Execute("""{"op":"assert","lock":"theirs"}""", options).Reply!.ToString(JsonWriteOptions.Sort));
    }

    [Fact]
    public void Integrity_is_checked_before_garbage_collection()
    {
        // Recorded from ovsdb-tool 3.1: the port still counts its reference from the bridge that deleting the root
        // row would collect, and a modified (not re-pointed) referrer does not turn this into a dangling-ref error.
        string cannotDelete = $$$"""{"details":"cannot delete Port row {{{Port}}} because of 1 remaining reference(s)","error":"referential integrity violation"}""";
        Assert.Equal(
            $$$"""[{"count":1},{"count":1},{{{cannotDelete}}}]""",
            _db.Execute("""{"op":"delete","table":"Open_vSwitch","where":[]},{"op":"delete","table":"Port","where":[]}""").Reply!.ToString(JsonWriteOptions.Sort));
        Assert.Equal(
            $$$"""[{"count":1},{"count":1},{{{cannotDelete}}}]""",
            _db.Execute("""{"op":"update","table":"Bridge","where":[],"row":{"datapath_type":"x"}},{"op":"delete","table":"Port","where":[]}""").Reply!.ToString(JsonWriteOptions.Sort));
        Assert.EndsWith(
            """references nonexistent row cccccccc-0000-0000-0000-000000000001 in table Port.","error":"referential integrity violation"}]""",
            _db.Execute("""{"op":"delete","table":"Port","where":[]},{"op":"insert","table":"Bridge","row":{"name":"zz","ports":["uuid","cccccccc-0000-0000-0000-000000000001"]}}""").Reply!.ToString(JsonWriteOptions.Sort),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_to_the_row_itself_is_not_checked_even_into_another_table()
    {
        // Recorded from Debian's ovsdb-server 3.1: Flow_Sample_Collector_Set.bridge refers to Bridge, yet a row whose
        // bridge is its own UUID is accepted and stored; the same reference to another new row is refused.
        string self = "ffffffff-0000-0000-0000-000000000001";
        Assert.Equal(
            $$$"""[{"uuid":["uuid","{{{self}}}"]}]""",
            _db.Transact($$$"""{"op":"insert","table":"Flow_Sample_Collector_Set","uuid":"{{{self}}}","row":{"id":1,"bridge":["uuid","{{{self}}}"]}}"""));
        Assert.Equal(1, _db.Table("Flow_Sample_Collector_Set").Count);

        string other = "ffffffff-0000-0000-0000-000000000002";
        Assert.EndsWith(
            $$$"""references nonexistent row {{{other}}} in table Bridge.","error":"referential integrity violation"}]""",
            _db.Execute($$$"""
                {"op":"insert","table":"Flow_Sample_Collector_Set","uuid":"{{{other}}}","row":{"id":2,"bridge":["uuid","{{{other}}}"]}},
                {"op":"insert","table":"Flow_Sample_Collector_Set","row":{"id":3,"bridge":["uuid","{{{other}}}"]}}
                """).Reply!.ToString(JsonWriteOptions.Sort),
            StringComparison.Ordinal);
    }
}
