// Plays a monitor scenario from tests/testdata/ovsdb-monitor/*.script.json against SessionMonitors and the
// engine, the way tests/testdata/ovsdb-monitor/record.py played it against Debian's ovsdb-server, and writes the
// conversation in the same normalised form as the recorded *.golden file:
// - "transact" runs through the engine's Executor, commits, and gives the commit to the session (OnCommit);
// - the monitor requests go to the SessionMonitors methods;
// - after each request the pending notifications come first, then the reply (the ordering invariant);
// - row UUIDs are numbered in the order transact replies report them, "_version" values become "<version>",
//   other UUIDs "<uuid>", the elements of ["set", [...]] and object members are sorted, and each run of
//   consecutive notifications is sorted (Debian sends one notification per monitor in hash-table order).
using System.Text;
using System.Text.RegularExpressions;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Server.Monitors;

namespace Ovs.Ovsdb.Server.Tests;

internal sealed partial class MonitorScript
{
    private const string ZeroUuid = "00000000-0000-0000-0000-000000000000";

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public MonitorScript(Database database)
    {
        Database = database;
    }

    public Database Database { get; }

    public SessionMonitors Session { get; } = new();

    public static string RepoRoot
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? throw new DirectoryNotFoundException("repository root not found");
        }
    }

    public static string DataFile(string name) => Path.Combine(RepoRoot, "tests", "testdata", "ovsdb-monitor", name);

    /// <summary>A fresh database of tests/testdata/ovsdb-monitor/monitor.ovsschema.</summary>
    public static Database NewDatabase()
    {
        OvsdbError? error = DatabaseSchema.TryParse(File.ReadAllText(DataFile("monitor.ovsschema")), out DatabaseSchema schema);
        Assert.Null(error);
        return new Database(schema);
    }

    /// <summary>Plays every message of <paramref name="script"/> and returns the normalised conversation.</summary>
    public string Play(JsonArray script)
    {
        var lines = new StringBuilder();
        foreach (JsonValue message in script)
        {
            lines.Append(">> ").Append(Normalise(message)).Append('\n');
            List<JsonObject> received = Handle(message.AsObject());
            foreach (JsonObject r in received)
            {
                CollectRowUuids(r);
            }

            foreach (string line in BatchLines(received))
            {
                lines.Append(line).Append('\n');
            }
        }

        return lines.ToString();
    }

    /// <summary>Handles one request and returns what the session would send: notifications, then the reply.</summary>
    public List<JsonObject> Handle(JsonObject request)
    {
        JsonValue id = request["id"]!;
        JsonValue parameters = request["params"]!;
        MonitorReply reply = request["method"]!.AsString() switch
        {
            "transact" => Transact(parameters.AsArray()),
            "monitor" => Session.Monitor(MonitorProtocol.V1, parameters, FindDatabase),
            "monitor_cond" => Session.Monitor(MonitorProtocol.V2, parameters, FindDatabase),
            "monitor_cond_since" => Session.Monitor(MonitorProtocol.V3, parameters, FindDatabase),
            "monitor_cond_change" => Session.ConditionChange(parameters),
            "monitor_cancel" => Session.Cancel(parameters),
            string method => throw new InvalidOperationException($"script uses unsupported method {method}"),
        };

        // Notifications go through their text form, so the shared serialization is what gets compared.
        var received = Session.TakeNotifications().Select(n => JsonParser.Parse(n.ToString()).AsObject()).ToList();
        received.Add(reply.IsError
            ? new JsonObject { { "error", reply.Error! }, { "id", id } }
            : new JsonObject { { "error", JsonValue.Null }, { "id", id }, { "result", reply.Result! } });
        return received;
    }

    private Database? FindDatabase(string name) => name == Database.Name ? Database : null;

    private MonitorReply Transact(JsonArray parameters)
    {
        ExecutionResult result = Executor.Execute(Database, [.. parameters.Skip(1)], new ExecutionOptions());
        if (result.Transaction is not null)
        {
            result.Transaction.Apply();
            Session.OnCommit(Database, result.Changes);
        }

        return MonitorReply.Success(result.Reply!);
    }

    private void CollectRowUuids(JsonObject message)
    {
        if (message["result"] is JsonArray results)
        {
            foreach (JsonValue op in results)
            {
                if (op is JsonObject o && o["uuid"] is JsonArray { Count: 2 } uuid && uuid[1] is JsonString s)
                {
                    _names.TryAdd(s.Value, $"<{_names.Count}>");
                }
            }
        }
    }

    private List<string> BatchLines(List<JsonObject> received)
    {
        var output = new List<string>();
        var run = new List<string>();
        foreach (JsonObject r in received)
        {
            string text = "<< " + Normalise(r);
            if (r["id"] is { IsNull: true } && r.ContainsKey("method"))
            {
                run.Add(text);
                continue;
            }

            run.Sort(StringComparer.Ordinal);
            output.AddRange(run);
            run.Clear();
            output.Add(text);
        }

        run.Sort(StringComparer.Ordinal);
        output.AddRange(run);
        return output;
    }

    private string Normalise(JsonValue value) => Rewrite(value, null).ToString(JsonWriteOptions.Sort);

    private JsonValue Rewrite(JsonValue value, string? key)
    {
        switch (value)
        {
            case JsonObject o:
                var copy = new JsonObject();
                foreach ((string name, JsonValue member) in o)
                {
                    copy.Add(_names.GetValueOrDefault(name, name), Rewrite(member, name));
                }

                return copy;
            case JsonArray a:
                if (key == "_version" && a.Count == 2 && a[0] is JsonString { Value: "uuid" })
                {
                    return new JsonArray("uuid", "<version>");
                }

                if (a.Count == 2 && a[0] is JsonString { Value: "set" } && a[1] is JsonArray elements)
                {
                    // Sets of UUIDs are ordered by the (random) UUID values: compare them as sets.
                    JsonValue[] sorted = [.. elements.Select(v => Rewrite(v, null))];
                    Array.Sort(sorted, (x, y) => string.CompareOrdinal(x.ToString(JsonWriteOptions.Sort), y.ToString(JsonWriteOptions.Sort)));
                    return new JsonArray("set", new JsonArray(sorted));
                }

                return new JsonArray(a.Select(v => Rewrite(v, null)));
            case JsonString s when UuidPattern().IsMatch(s.Value) && s.Value != ZeroUuid:
                return _names.GetValueOrDefault(s.Value, "<uuid>");
            default:
                return value;
        }
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();
}
