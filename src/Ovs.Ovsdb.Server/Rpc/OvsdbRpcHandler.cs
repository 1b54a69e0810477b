// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_session_got_request() (OVS 3.1); RFC 7047 section 4.1
//
// The JSON-RPC methods of ovsdb-server, dispatched through one table. Each handler checks the shape of its params
// and returns an RpcOutcome: a result, an error (upstream's exact texts: a bare string such as "unknown method",
// or an OVSDB error object whose "syntax" is the params array), or Deferred when the reply comes later. Handlers
// never throw for a client's mistake. The "cancel" notification is handled by the server, not here.
using System.Collections.Frozen;
using Ovs.Json;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Monitors;
using Ovs.Ovsdb.Server.Sessions;
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server.Rpc;

internal static partial class OvsdbRpcHandler
{
    private delegate RpcOutcome Method(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id);

    private static readonly FrozenDictionary<string, Method> s_methods = new Dictionary<string, Method>
    {
        ["transact"] = Transact,
        ["monitor"] = (s, ss, p, _) => Monitor(s, ss, p, MonitorProtocol.V1),
        ["monitor_cond"] = (s, ss, p, _) => Monitor(s, ss, p, MonitorProtocol.V2),
        ["monitor_cond_since"] = (s, ss, p, _) => Monitor(s, ss, p, MonitorProtocol.V3),
        ["monitor_cond_change"] = (_, ss, p, _) => FromMonitorReply(ss.Monitors.ConditionChange(p)),
        ["monitor_cancel"] = (_, ss, p, _) => FromMonitorReply(ss.Monitors.Cancel(p)),
        ["get_schema"] = GetSchema,
        ["list_dbs"] = ListDatabases,
        ["get_server_id"] = (s, _, _, _) => RpcOutcome.Reply(JsonValue.String(s.ServerId.ToString())),
        ["lock"] = (s, ss, p, _) => Lock(s, ss, p, "lock"),
        ["steal"] = (s, ss, p, _) => Lock(s, ss, p, "steal"),
        ["unlock"] = Unlock,
        ["set_db_change_aware"] = SetDbChangeAware,
        ["echo"] = (_, _, p, _) => RpcOutcome.Reply(p),
        ["convert"] = Convert,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly RpcOutcome s_unknownMethod = RpcOutcome.Error(JsonValue.String("unknown method"));

    public static RpcOutcome Dispatch(OvsdbServer server, ServerSession session, JsonRpcMessage request)
    {
        string name = request.Method!;
        if (!s_methods.TryGetValue(name, out Method? method)
            || (server.MonitorCondDisabled && name is "monitor_cond" or "monitor_cond_since"))
        {
            return s_unknownMethod;
        }

        return method(server, session, request.Params ?? [], request.Id!);
    }

    /// <summary>
    /// The database named by params[0], or the error upstream gives for <paramref name="method"/> when params do not
    /// begin with a string or name no database.
    /// </summary>
    private static ServedDatabase? FindDatabase(OvsdbServer server, JsonArray parameters, string method, out RpcOutcome error)
    {
        error = default;
        if (parameters.Count == 0 || parameters[0] is not JsonString name)
        {
            error = RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, $"{method} request params must begin with <db-name>"));
            return null;
        }

        ServedDatabase? db = server.FindDatabase(name.Value);
        if (db is null)
        {
            error = RpcOutcome.Error(OvsdbError.SyntaxError(parameters, OvsdbErrorTags.UnknownDatabase, $"{method} request specifies unknown database {name.Value}"));
        }

        return db;
    }

    private static RpcOutcome GetSchema(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id)
    {
        ServedDatabase? db = FindDatabase(server, parameters, "get_schema", out RpcOutcome error);
        if (db is null)
        {
            return error;
        }

        return RpcOutcome.Reply(db.IsReserved ? JsonParser.Parse(ServerSchema.Text) : db.Database.Schema.ToJson());
    }

    private static RpcOutcome ListDatabases(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id)
    {
        // Upstream lists its hash table in bucket order; for the usual names that is reverse byte order.
        var names = new JsonArray();
        foreach (ServedDatabase db in server.Databases.Reverse())
        {
            names.Add(JsonValue.String(db.Name));
        }

        return RpcOutcome.Reply(names);
    }

    private static RpcOutcome SetDbChangeAware(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id)
    {
        if (parameters.Count != 1 || !parameters[0].IsBoolean)
        {
            return RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, "set_db_change_aware: true or false parameter expected"));
        }

        session.DbChangeAware = parameters[0].AsBoolean();
        return RpcOutcome.Reply(new JsonObject());
    }

    private static RpcOutcome Monitor(OvsdbServer server, ServerSession session, JsonArray parameters, MonitorProtocol protocol) =>
        FromMonitorReply(session.Monitors.Monitor(protocol, parameters, name => server.FindDatabase(name)?.Database));

    private static RpcOutcome FromMonitorReply(MonitorReply reply) =>
        reply.IsError ? RpcOutcome.Error(reply.Error!) : RpcOutcome.Reply(reply.Result!);
}
