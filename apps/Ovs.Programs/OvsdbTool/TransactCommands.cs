// Upstream: ovsdb/ovsdb-tool.c, do_query(), do_transact() and transact() (OVS 3.1)
//
// query and transact run an RFC 7047 "transact" operation list against a standalone database file and print
// the reply as compact JSON with sorted members. transact locks the file and appends the committed changes to
// it. query opens the file read-only without a lock and never writes: a query whose operations would change the
// database still gets its per-operation results, followed by the I/O error upstream's read-only log reports
// when the commit tries to write (upstream prints exactly that, so scripts and tests see the same reply).
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Engine.Execution;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Programs.OvsdbTool;

internal static class TransactCommands
{
    public static int Query(ToolContext context) => Run(context, readOnly: true);

    public static int Transact(ToolContext context) => Run(context, readOnly: false);

    private static int Run(ToolContext context, bool readOnly)
    {
        string db = context.Args.Count > 1 ? context.Args[0] : ToolContext.DefaultDb;
        string text = context.Args[^1];
        if (!JsonParser.TryParse(Encoding.UTF8.GetBytes(text), out JsonValue? request, out string? jsonError))
        {
            throw new ToolFailure($"\"{text}\": {jsonError}");
        }

        OvsdbError? error = StandaloneStorage.Open(db, readOnly, out StandaloneStorage? opened);
        if (error is not null)
        {
            throw new ToolFailure(error.ToString());
        }

        using StandaloneStorage storage = opened!;
        if (storage.TailError is not null)
        {
            throw new ToolFailure(storage.TailError.ToString());
        }

        // Without --rbac-role the transaction runs as the unrestricted "superuser" role; ovsdb-tool has no client ID.
        ExecutionOptions options = context.Options.RbacRole is { } role ? new ExecutionOptions { TriggersSupported = false, Role = role } : ExecutionOptions.Tool;
        JsonValue reply = Execute(storage, request!, readOnly, options);
        context.Out.Write(reply.ToString(JsonWriteOptions.Sort) + "\n");
        return 0;
    }

    private static JsonValue Execute(StandaloneStorage storage, JsonValue request, bool readOnly, ExecutionOptions options)
    {
        if (request is not JsonArray operations)
        {
            return OvsdbError.SyntaxError(request, null, "array expected").ToJson();
        }

        // A different database name gets the same answer as a missing one, as upstream gives.
        if (operations.Count == 0 || operations[0] is not JsonString name || name.Value != storage.Database.Schema.Name)
        {
            return OvsdbError.SyntaxError(request, null, "database name expected as first parameter").ToJson();
        }

        List<JsonValue> ops = [.. operations.Skip(1)];
        if (!readOnly)
        {
            return storage.Transact(ops, options).Reply ?? [];
        }

        ExecutionResult result = Executor.Execute(storage.Database, ops, options);
        JsonArray reply = result.Reply ?? [];
        if (result.Transaction is not null && TxnRecord.FromChanges(result.Changes, 0) is not null)
        {
            reply.Add(new OvsdbError(
                OvsdbErrorTags.IoError, $"{storage.Name}: cannot truncate to length {storage.Size}", null, "Invalid argument").ToJson());
        }

        return reply;
    }
}
