// Upstream: ovsdb/execution.c, the read-only checks of ovsdb_execute_insert/update/mutate/delete (OVS 3.1)
//
// Runs a "transact" operation list through the engine's Executor, adding the two server-only refusals that the
// engine does not know about: writes to the reserved _Server database and writes from a session on a read-only
// remote. Both fail at the first writing operation with "not allowed", after the operations before it have run
// (and produced their results), exactly like an operation error inside the engine: the operations before it are
// executed alone, their results kept, then the refusal and a null for every later operation are appended.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Server.Databases;

namespace Ovs.Ovsdb.Server.Rpc;

internal static class ServerExecutor
{
    private static readonly HashSet<string> s_writes = new(StringComparer.Ordinal) { "insert", "update", "mutate", "delete" };

    public static ExecutionResult Execute(ServedDatabase db, IReadOnlyList<JsonValue> operations, ExecutionOptions options, bool readOnlySession)
    {
        string op = "";
        int firstWrite = (readOnlySession || db.IsReserved) ? FindFirstWrite(operations, out op) : -1;
        if (firstWrite < 0)
        {
            return Executor.Execute(db.Database, operations, options);
        }

        ExecutionResult prefix = Executor.Execute(db.Database, operations.Take(firstWrite).ToList(), options);
        if (prefix.IsRetry)
        {
            return prefix;
        }

        var reply = new JsonArray((IEnumerable<JsonValue>)prefix.Reply!);
        if (prefix.Transaction is not null)
        {
            string details = db.IsReserved
                ? $"{op} operation not allowed on table in reserved database {db.Name}"
                : $"{op} operation not allowed when database server is in read only mode";
            reply.Add(new OvsdbError("not allowed", details).ToJson());
        }

        while (reply.Count < operations.Count)
        {
            reply.Add(JsonValue.Null);
        }

        return new ExecutionResult { Reply = reply };
    }

    private static int FindFirstWrite(IReadOnlyList<JsonValue> operations, out string op)
    {
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i] is JsonObject o && o["op"] is JsonString name && s_writes.Contains(name.Value))
            {
                op = name.Value;
                return i;
            }
        }

        op = "";
        return -1;
    }
}
