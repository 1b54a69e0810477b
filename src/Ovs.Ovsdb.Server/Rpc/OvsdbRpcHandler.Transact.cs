// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_trigger_create() (OVS 3.1); RFC 7047 4.1.3
using Ovs.Json;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server.Rpc;

internal static partial class OvsdbRpcHandler
{
    private static RpcOutcome Transact(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id)
    {
        ServedDatabase? db = FindDatabase(server, parameters, "transact", out RpcOutcome error);
        if (db is null)
        {
            return error;
        }

        if (session.Triggers.ContainsKey(id))
        {
            return RpcOutcome.Error(JsonValue.String("duplicate request ID"));
        }

        var operations = new List<JsonValue>(parameters.Count - 1);
        for (int i = 1; i < parameters.Count; i++)
        {
            operations.Add(parameters[i]);
        }

        var trigger = new TransactTrigger(session, db, id, operations, server.Loop.MonotonicMs);
        server.StartTrigger(trigger);
        return RpcOutcome.Deferred;
    }

    private static RpcOutcome Convert(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id)
    {
        ServedDatabase? db = FindDatabase(server, parameters, "convert", out RpcOutcome error);
        if (db is null)
        {
            return error;
        }

        // Any role at all may not convert: only the unrestricted root role may (checked before the parameters).
        if (!string.IsNullOrEmpty(session.Role))
        {
            return RpcOutcome.Error(new OvsdbError(
                OvsdbErrorTags.PermissionError,
                $"RBAC rules for client \"{session.ClientId ?? "(null)"}\" role \"{session.Role}\" prohibit \"convert\" of database {db.Name} " +
                "(only the root role may convert databases)").ToJson());
        }

        if (parameters.Count != 2)
        {
            return RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, "convert request params must be <db-name>, <schema>"));
        }

        OvsdbError? failure = DatabaseSchema.TryFromJson(parameters[1], out DatabaseSchema schema)
            ?? server.ConvertDatabase(db, schema);
        return failure is null ? RpcOutcome.Reply(new JsonObject()) : RpcOutcome.Error(failure);
    }
}
