// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_session_got_request/got_notify and session teardown (OVS 3.1)
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Server.Locks;
using Ovs.Ovsdb.Server.Rpc;
using Ovs.Ovsdb.Server.Sessions;
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server;

internal sealed partial class OvsdbServer
{
    private static readonly VlogModule s_rpcLog = VlogModule.Get("ovsdb_jsonrpc_server");
    private static readonly VlogRateLimit s_rateLimit = new(5, 5);

    /// <summary>Registers a new connection's session.</summary>
    public ServerSession AddSession(ISessionTransport transport, bool readOnly, string? remoteName = null, string? role = null)
    {
        var session = new ServerSession(transport, readOnly, remoteName) { Role = role };
        _sessions.Add(session);
        return session;
    }

    /// <summary>Handles one received message (request, notification or an unexpected reply).</summary>
    public void HandleMessage(ServerSession session, JsonRpcMessage message)
    {
        if (session.IsClosed)
        {
            return;
        }

        switch (message.Type)
        {
            case JsonRpcMessageType.Request:
                RpcOutcome outcome = OvsdbRpcHandler.Dispatch(this, session, message);
                switch (outcome.Kind)
                {
                    case RpcOutcomeKind.Reply:
                        session.Reply(message.Id!, outcome.Value!);
                        break;
                    case RpcOutcomeKind.Error:
                        session.ReplyError(message.Id!, outcome.Value!);
                        break;
                    case RpcOutcomeKind.Deferred:
                        break;
                }

                break;
            case JsonRpcMessageType.Notification:
                if (message.Method == "cancel")
                {
                    CancelTrigger(session, message);
                }

                break;
            default:
                // A reply (to our echo, for instance) needs no action; anything else is a protocol error.
                if (!(message.Type == JsonRpcMessageType.Reply && message.Id is JsonString { Value: "echo" }))
                {
                    s_rpcLog.Warn(s_rateLimit, $"{session.Name}: received unexpected {JsonRpcMessage.TypeName(message.Type)} message");
                    CloseSession(session);
                }

                break;
        }
    }

    /// <summary>Forgets a session: its locks pass to the next waiters, its deferred transactions are dropped.</summary>
    public void CloseSession(ServerSession session)
    {
        session.Close();
        if (!_sessions.Remove(session))
        {
            return;
        }

        foreach (LockWaiter waiter in session.Locks.Values.ToList())
        {
            ReleaseLock(session, waiter);
        }

        foreach (TransactTrigger trigger in session.Triggers.Values.ToList())
        {
            DropTrigger(trigger);
        }
    }

    /// <summary>Leaves a lock queue, telling the next owner (if the lock passed to someone) with "locked".</summary>
    public void ReleaseLock(ServerSession session, LockWaiter waiter)
    {
        session.Locks.Remove(waiter.Name);
        if (Locks.Release(waiter) is { Owner: ServerSession next } newOwner)
        {
            next.Notify("locked", new JsonArray(JsonValue.String(newOwner.Name)));
        }
    }

    private void CancelTrigger(ServerSession session, JsonRpcMessage message)
    {
        if (message.Params is { Count: 1 } p && session.Triggers.TryGetValue(p[0], out TransactTrigger? trigger))
        {
            DropTrigger(trigger);
        }
    }

    private static void DropTrigger(TransactTrigger trigger)
    {
        trigger.IsDone = true;
        trigger.Timer?.Dispose();
        trigger.Database.Triggers.Remove(trigger);
        trigger.Session.Triggers.Remove(trigger.Id);
    }
}
