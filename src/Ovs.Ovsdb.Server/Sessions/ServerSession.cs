// Upstream: ovsdb/jsonrpc-server.c, struct ovsdb_jsonrpc_session (OVS 3.1)
//
// The server's state for one JSON-RPC client connection: its monitors (owned by Monitors/SessionMonitors), the
// locks it waits for or owns, its deferred "transact" requests, and the per-session flags (read-only remote,
// change awareness). Every outgoing message goes through Send, which first flushes the monitor notifications that
// are already queued: a client therefore always sees the update for a commit before the reply to its own
// transaction that caused it (ovsdb-server(7), "update2" notes), which is the ordering invariant of upstream's
// jsonrpc-server.c.
// Thread-safety: none; only the server's main loop touches a session.
using Ovs.Json;
using Ovs.Ovsdb.Server.Locks;
using Ovs.Ovsdb.Server.Monitors;
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server.Sessions;

/// <summary>One client connection's server-side state.</summary>
internal sealed class ServerSession
{
    private readonly ISessionTransport _transport;

    public ServerSession(ISessionTransport transport, bool readOnly, string? remoteName = null)
    {
        _transport = transport;
        ReadOnly = readOnly;
        RemoteName = remoteName;
    }

    public string Name => _transport.Name;

    /// <summary>True for sessions accepted on a remote configured read-only: writes and locks are refused.</summary>
    public bool ReadOnly { get; }

    /// <summary>The --remote (or db: remote target) this session came from, if any.</summary>
    public string? RemoteName { get; }

    /// <summary>The RBAC role of the remote this session came from; null or empty for none (unrestricted).</summary>
    public string? Role { get; init; }

    /// <summary>The client's ID for RBAC (its SSL certificate's common name), or null.</summary>
    public string? ClientId => _transport.PeerId;

    /// <summary>Set by set_db_change_aware: the client handles monitor_canceled instead of being disconnected.</summary>
    public bool DbChangeAware { get; set; }

    public bool IsClosed { get; private set; }

    public SessionMonitors Monitors { get; } = new();

    /// <summary>The session's place in each lock queue it joined, by lock name.</summary>
    public Dictionary<string, LockWaiter> Locks { get; } = new(StringComparer.Ordinal);

    /// <summary>Deferred "transact" requests by request id, waiting for a commit, a timeout or "cancel".</summary>
    public Dictionary<JsonValue, TransactTrigger> Triggers { get; } = [];

    /// <summary>True if this session currently owns <paramref name="name"/> (answers "assert").</summary>
    public bool OwnsLock(string name) => Locks.TryGetValue(name, out LockWaiter? w) && w.IsOwner;

    public void Reply(JsonValue id, JsonValue result) => Send(JsonRpcMessage.CreateReply(result, id));

    public void ReplyError(JsonValue id, JsonValue error) => Send(JsonRpcMessage.CreateError(error, id));

    public void Notify(string method, JsonArray parameters) =>
        Send(JsonRpcMessage.CreateNotification(method, parameters));

    /// <summary>Sends the queued monitor notifications, oldest first.</summary>
    public void FlushMonitors()
    {
        if (IsClosed || !Monitors.HasPendingNotifications)
        {
            return;
        }

        foreach (MonitorNotification n in Monitors.TakeNotifications())
        {
            _transport.Send(JsonRpcMessage.CreateNotification(n.Method, n.Params));
        }
    }

    public void Send(JsonRpcMessage message)
    {
        if (IsClosed)
        {
            return;
        }

        FlushMonitors();
        _transport.Send(message);
    }

    /// <summary>Marks the session closed and drops the connection. The server releases its locks and triggers.</summary>
    public void Close()
    {
        if (!IsClosed)
        {
            IsClosed = true;
            _transport.Close();
        }
    }
}
