// Unit tests of SessionMonitors beyond the recorded scenarios: sharing of computed updates between sessions,
// the notification text, the pending-notification queue and database removal (monitor_canceled, whose format was
// recorded from Debian's ovsdb-server 3.1.0 with ovsdb-server/remove-db on a change-aware session).
using Ovs.Json;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Server.Monitors;

namespace Ovs.Ovsdb.Server.Tests;

public sealed class MonitorSessionTests
{
    private readonly Database _db = MonitorScript.NewDatabase();

    [Fact]
    public void Identical_unconditional_monitors_share_one_serialized_update()
    {
        SessionMonitors a = NewSessionWith("""["mon","a",{"T":{"columns":["i","s"]}}]""");
        SessionMonitors b = NewSessionWith("""["mon",["b"],{"T":[{"columns":["s","i"],"where":[true]}]}]""");
        SessionMonitors other = NewSessionWith("""["mon","c",{"T":{"columns":["i"]}}]""");

        CommitUpdates commit = Commit("""{"op":"insert","table":"T","row":{"i":7,"s":"x"}}""");
        foreach (SessionMonitors session in new[] { a, b, other })
        {
            session.OnCommit(commit);
        }

        MonitorNotification na = Assert.Single(a.TakeNotifications());
        MonitorNotification nb = Assert.Single(b.TakeNotifications());
        MonitorNotification nc = Assert.Single(other.TakeNotifications());
        Assert.Same(na.Updates, nb.Updates);
        Assert.NotSame(na.Updates, nc.Updates);
        Assert.Equal(new JsonArray("b"), nb.MonitorId);
    }

    [Fact]
    public void Conditional_monitors_share_row_updates_but_filter_rows()
    {
        SessionMonitors low = NewSessionWith("""["mon","m",{"T":[{"columns":["i"],"where":[["i","<",10]]}]}]""");
        SessionMonitors odd = NewSessionWith("""["mon","m",{"T":[{"columns":["i"],"where":[["i","==",7],["i","==",21]]}]}]""");

        CommitUpdates commit = Commit(
            """{"op":"insert","table":"T","row":{"i":7}}""",
            """{"op":"insert","table":"T","row":{"i":8}}""",
            """{"op":"insert","table":"T","row":{"i":21}}""");
        low.OnCommit(commit);
        odd.OnCommit(commit);

        SharedJson lowUpdates = Assert.Single(low.TakeNotifications()).Updates!;
        SharedJson oddUpdates = Assert.Single(odd.TakeNotifications()).Updates!;
        Assert.Equal(lowUpdates.Value.ToString(), lowUpdates.Text);
        Assert.Equal(oddUpdates.Value.ToString(), oddUpdates.Text);
        JsonObject lowRows = lowUpdates.Value.AsObject()["T"]!.AsObject();
        JsonObject oddRows = oddUpdates.Value.AsObject()["T"]!.AsObject();
        Assert.Equal([7L, 8L], lowRows.Select(r => r.Value.AsObject()["insert"]!.AsObject()["i"]!.AsInteger()).Order());
        Assert.Equal([7L, 21L], oddRows.Select(r => r.Value.AsObject()["insert"]!.AsObject()["i"]!.AsInteger()).Order());
        string shared = lowRows.Names.Intersect(oddRows.Names).Single();
        Assert.Same(lowRows[shared], oddRows[shared]);
    }

    [Fact]
    public void Update_text_built_from_cached_rows_equals_the_serialized_json()
    {
        SessionMonitors session = NewSessionWith("""["mon","m",{"T":[{"where":[["i",">",0]]}],"U":{}}]""");
        _ = Commit("""{"op":"insert","table":"T","row":{"i":1,"s":"a\"b"}}""", """{"op":"insert","table":"T","row":{"i":-1}}""");

        session.OnCommit(Commit(
            """{"op":"update","table":"T","where":[],"row":{"i":2,"map":["map",[["k","v"]]]}}""",
            """{"op":"insert","table":"U","row":{"name":"n"}}"""));

        SharedJson updates = Assert.Single(session.TakeNotifications()).Updates!;
        Assert.Equal(updates.Value.ToString(), updates.Text);
        Assert.Equal(["T", "U"], updates.Value.AsObject().Names);
        Assert.Equal(2, updates.Value.AsObject()["T"]!.AsObject().Count);
    }

    [Fact]
    public void Commit_outside_the_monitored_tables_queues_nothing()
    {
        SessionMonitors session = NewSessionWith("""["mon","m",{"T":{}}]""");

        session.OnCommit(Commit("""{"op":"insert","table":"U","row":{"name":"n"}}"""));

        Assert.False(session.HasPendingNotifications);
        Assert.Empty(session.TakeNotifications());
    }

    [Fact]
    public void Update3_notification_text_is_its_json_form()
    {
        var session = new SessionMonitors();
        MonitorReply reply = session.Monitor(
            MonitorProtocol.V3, Json("""["mon","s",{"T":{"columns":["i"]}},"00000000-0000-0000-0000-000000000000"]"""), FindDatabase);
        Assert.False(reply.IsError);

        session.OnCommit(Commit("""{"op":"insert","table":"T","row":{"i":1}}"""));

        MonitorNotification n = Assert.Single(session.TakeNotifications());
        Assert.Equal(n.ToJson().ToString(), n.ToString());
        Assert.StartsWith("""{"id":null,"method":"update3","params":["s","00000000-0000-0000-0000-000000000000",{"T":{""", n.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\":{\"insert\":{\"i\":1}}}}]}", n.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_change_queues_its_update_before_the_reply_is_returned()
    {
        _ = Commit("""{"op":"insert","table":"T","row":{"i":1}}""");
        SessionMonitors session = NewSessionWith("""["mon","c",{"T":[{"columns":["i"],"where":[false]}]}]""");

        MonitorReply reply = session.ConditionChange(Json("""["c","d",{"T":[{"where":[true]}]}]"""));

        Assert.Equal("{}", reply.Result!.ToString());
        MonitorNotification n = Assert.Single(session.TakeNotifications());
        Assert.Equal("update2", n.Method);
        Assert.Equal("d", n.MonitorId.AsString());
        Assert.Equal("insert", Assert.Single(n.Updates!.Value.AsObject()["T"]!.AsObject()).Value.AsObject().Names.Single());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Removing_a_database_cancels_its_monitors(bool changeAware)
    {
        var session = new SessionMonitors();
        Assert.False(session.Monitor(MonitorProtocol.V2, Json("""["mon","x",{"T":{}}]"""), FindDatabase).IsError);
        Assert.False(session.Monitor(MonitorProtocol.V1, Json("""["mon",["y"],{"U":{}}]"""), FindDatabase).IsError);
        Database otherDb = MonitorScript.NewDatabase();
        Assert.False(session.Monitor(MonitorProtocol.V1, Json("""["mon","z",{"U":{}}]"""), _ => otherDb).IsError);

        int canceled = session.OnDatabaseRemoved(_db, changeAware);

        Assert.Equal(2, canceled);
        Assert.Equal(1, session.Count);
        string[] texts = [.. session.TakeNotifications().Select(n => n.ToString())];
        string[] expected = changeAware
            ? ["""{"id":null,"method":"monitor_canceled","params":["x"]}""", """{"id":null,"method":"monitor_canceled","params":[["y"]]}"""]
            : [];
        Assert.Equal(expected, texts);
        Assert.Equal("\"unknown monitor\"", session.Cancel(Json("""["x"]""")).Error!.ToString());
    }

    private static JsonValue Json(string text) => JsonParser.Parse(text);

    private Database? FindDatabase(string name) => name == _db.Name ? _db : null;

    private SessionMonitors NewSessionWith(string monitorCondParams)
    {
        var session = new SessionMonitors();
        MonitorReply reply = session.Monitor(MonitorProtocol.V2, Json(monitorCondParams), FindDatabase);
        Assert.False(reply.IsError, reply.Error?.ToString());
        return session;
    }

    private CommitUpdates Commit(params string[] operations)
    {
        ExecutionResult result = Executor.Execute(_db, [.. operations.Select(Json)], new ExecutionOptions());
        Assert.NotNull(result.Transaction);
        result.Transaction.Apply();
        return EngineMonitorSource.ToCommitUpdates(_db, result.Changes);
    }
}
