// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_session_lock() and _unlock() (OVS 3.1); RFC 7047 4.1.8-4.1.10
using Ovs.Json;
using Ovs.Ovsdb.Server.Locks;
using Ovs.Ovsdb.Server.Sessions;

namespace Ovs.Ovsdb.Server.Rpc;

internal static partial class OvsdbRpcHandler
{
    private static readonly RpcOutcome s_readOnlyLock =
        RpcOutcome.Error(JsonValue.String("lock and unlock methods not allowed, DB server is read only."));

    private static RpcOutcome Lock(OvsdbServer server, ServerSession session, JsonArray parameters, string method)
    {
        if (session.ReadOnly || server.ReadOnly)
        {
            return s_readOnlyLock;
        }

        if (parameters.Count != 1 || parameters[0] is not JsonString name)
        {
            return RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, $"{method} request params must be <id>"));
        }

        if (session.Locks.ContainsKey(name.Value))
        {
            return RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, $"must issue \"unlock\" before new \"{method}\""));
        }

        LockWaiter waiter = server.Locks.Acquire(name.Value, session, method == "steal", out LockWaiter? victim);
        session.Locks.Add(name.Value, waiter);
        if (victim?.Owner is ServerSession loser)
        {
            loser.Notify("stolen", new JsonArray(name));
        }

        return RpcOutcome.Reply(new JsonObject { { "locked", JsonValue.Boolean(waiter.IsOwner) } });
    }

    private static RpcOutcome Unlock(OvsdbServer server, ServerSession session, JsonArray parameters, JsonValue id)
    {
        if (session.ReadOnly || server.ReadOnly)
        {
            return s_readOnlyLock;
        }

        if (parameters.Count != 1 || parameters[0] is not JsonString name)
        {
            return RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, "unlock request params must be <id>"));
        }

        if (!session.Locks.TryGetValue(name.Value, out LockWaiter? waiter))
        {
            return RpcOutcome.Error(OvsdbError.SyntaxError(parameters, null, "unlock: \"unlock\" without \"lock\" or \"steal\""));
        }

        server.ReleaseLock(session, waiter);
        return RpcOutcome.Reply(new JsonObject());
    }
}
