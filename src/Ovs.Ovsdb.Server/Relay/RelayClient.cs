// Upstream: ovsdb/relay.c and ovsdb/transaction-forward.c, on top of ovsdb/ovsdb-cs.c (OVS 3.1)
//
// The "relay" service model (ovsdb(7)): this server keeps an in-memory copy of database DB of a remote server
// and serves reads and monitors from it, forwarding every write transaction to the remote and relaying its reply.
// On each (re)connection it follows upstream's client-sync sequence:
//   get_schema ["_Server"], then monitor_cond on _Server's Database table (name, model, connected, leader,
//   schema, cid, index): the remote's row for DB gives the schema, and a schema change replaces the local copy;
//   monitor_cond_since on every table of DB (id ["monid", DB]) and set_db_change_aware; the reply's contents
//   become the copy (found = false resets it), and each update3 notification is applied as a local commit.
// Write transactions (any insert/update/mutate/delete) are sent unchanged as "transact" to the remote; the reply
// goes back to the client as is. Because the remote sends its monitor updates before its reply, the copy already
// holds a transaction's effects when the client gets the answer.
// Thread-safety: every session callback runs on the server's MainLoop; callbacks queued before Dispose are ignored.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Ovsdb.Server.Sessions;
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server.Relay;

internal sealed class RelayClient : IJsonRpcSessionHandler, IDisposable
{
    private const int OvsdbDefaultPort = 6640;
    private const string ZeroUuid = "00000000-0000-0000-0000-000000000000";

    private static readonly VlogModule s_log = VlogModule.Get("relay");
    private static readonly HashSet<string> s_writes = new(StringComparer.Ordinal) { "insert", "update", "mutate", "delete" };
    private static readonly string[] s_serverColumns = ["name", "model", "connected", "leader", "schema", "cid", "index"];

    private readonly OvsdbServer _server;
    private readonly ServedDatabase _db;
    private readonly JsonRpcSession _session;
    private readonly Dictionary<JsonValue, Action<JsonRpcMessage>> _pending = [];
    private string _lastTxnId = ZeroUuid;
    private bool _monitoring;
    private bool _disposed;

    public RelayClient(OvsdbServer server, ServedDatabase db, string remotes)
    {
        _server = server;
        _db = db;
        Remotes = remotes;

        // Upstream rotates through the listed remotes; this client uses the first one.
        string remote = remotes.Split(',', StringSplitOptions.RemoveEmptyEntries)[0];
        _session = JsonRpcSession.Open(remote, OvsdbDefaultPort, this, server.Loop.Post, server.Loop.Time);
    }

    /// <summary>The REMOTE[,REMOTE...] part of the relay specification.</summary>
    public string Remotes { get; }

    /// <summary>True once the remote's schema is known.</summary>
    public bool HasSchema { get; private set; }

    /// <summary>True while connected and holding the remote's current contents.</summary>
    public bool IsSynced { get; private set; }

    /// <summary>True if <paramref name="operations"/> must run on the remote server.</summary>
    public static bool HasWrites(IReadOnlyList<JsonValue> operations) =>
        operations.Any(o => o is JsonObject op && op["op"] is JsonString name && s_writes.Contains(name.Value));

    /// <summary>
    /// Sends <paramref name="trigger"/>'s transaction to the remote; its reply will answer the client. False if
    /// not connected now (the trigger then waits for the next synchronization).
    /// </summary>
    public bool TryForward(TransactTrigger trigger)
    {
        if (!IsSynced)
        {
            return false;
        }

        var parameters = new JsonArray(JsonValue.String(_db.Name));
        foreach (JsonValue op in trigger.Operations)
        {
            parameters.Add(op);
        }

        Request("transact", parameters, reply =>
        {
            if (reply.Type == JsonRpcMessageType.Error)
            {
                trigger.Session.ReplyError(trigger.Id, reply.Error!);
            }
            else
            {
                trigger.Session.Reply(trigger.Id, reply.Result!);
            }
        });
        return true;
    }

    public void OnConnected(JsonRpcSession session)
    {
        if (_disposed)
        {
            return;
        }

        _pending.Clear();
        _monitoring = false;
        Request("get_schema", [JsonValue.String(ServerSchema.Name)], _ =>
        {
            var columns = new JsonArray();
            foreach (string column in s_serverColumns)
            {
                columns.Add(JsonValue.String(column));
            }

            var request = new JsonObject { { "Database", new JsonArray(new JsonObject { { "columns", columns } }) } };
            Request("monitor_cond", [JsonValue.String(ServerSchema.Name), MonitorId(ServerSchema.Name), request], OnServerRows);
        });
    }

    public void OnDisconnected(JsonRpcSession session, int error)
    {
        if (_disposed)
        {
            return;
        }

        foreach (Action<JsonRpcMessage> waiter in _pending.Values.ToList())
        {
            waiter(JsonRpcMessage.CreateError(JsonValue.String("canceled"), JsonValue.Null));
        }

        _pending.Clear();
        _monitoring = false;
        SetSynced(false);
    }

    public void OnMessage(JsonRpcSession session, JsonRpcMessage message)
    {
        if (_disposed)
        {
            return;
        }

        if (message.Type is JsonRpcMessageType.Reply or JsonRpcMessageType.Error
            && message.Id is { } id && _pending.Remove(id, out Action<JsonRpcMessage>? next))
        {
            next(message);
        }
        else if (message.Type == JsonRpcMessageType.Notification && message.Params is { } p)
        {
            if (message.Method == "update2" && p.Count == 2)
            {
                OnServerUpdate(p[1]);
            }
            else if (message.Method == "update3" && p.Count == 3 && _monitoring)
            {
                _lastTxnId = (p[1] as JsonString)?.Value ?? ZeroUuid;
                Apply(p[2], reset: false);
            }
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = _session.DisposeAsync().AsTask();
        }
    }

    private static JsonArray MonitorId(string db) => [JsonValue.String("monid"), JsonValue.String(db)];

    private void Request(string method, JsonArray parameters, Action<JsonRpcMessage> onReply)
    {
        JsonRpcMessage request = JsonRpcMessage.CreateRequest(method, parameters);
        _pending[request.Id!] = onReply;
        _session.Send(request);
    }

    private void OnServerRows(JsonRpcMessage reply)
    {
        if (reply.Type == JsonRpcMessageType.Error)
        {
            s_log.Warn($"{_session.Name}: monitoring {ServerSchema.Name} failed: {reply.Error}");
            return;
        }

        OnServerUpdate(reply.Result!);
    }

    /// <summary>Looks for DB's schema in _Server row updates; a new or changed schema (re)starts the data monitor.</summary>
    private void OnServerUpdate(JsonValue updates)
    {
        if (updates is not JsonObject tables || tables["Database"] is not JsonObject rows)
        {
            return;
        }

        foreach (KeyValuePair<string, JsonValue> row in rows)
        {
            if (row.Value is not JsonObject change || change.FirstOrDefault().Value is not JsonObject values
                || values["schema"] is not JsonString { Value.Length: > 0 } text
                || DatabaseSchema.TryParse(text.Value, out DatabaseSchema schema) is not null || schema.Name != _db.Name)
            {
                continue;
            }

            bool changed = !HasSchema || !schema.JsonEquals(_db.Database.Schema);
            if (changed)
            {
                HasSchema = true;
                _server.SetRelaySchema(_db, schema);
            }

            if (changed || !_monitoring)
            {
                StartMonitor();
            }
        }
    }

    private void StartMonitor()
    {
        _monitoring = true;
        var request = new JsonObject();
        foreach (TableSchema table in _db.Database.Schema.Tables)
        {
            request.Add(table.Name, new JsonArray(new JsonObject()));
        }

        JsonValue name = JsonValue.String(_db.Name);
        Request("monitor_cond_since", [name, MonitorId(_db.Name), request, JsonValue.String(_lastTxnId)], reply =>
        {
            if (reply.Result is not JsonArray { Count: 3 } result)
            {
                s_log.Warn($"{_session.Name}: monitoring {_db.Name} failed: {reply.Error}");
                return;
            }

            _lastTxnId = (result[1] as JsonString)?.Value ?? ZeroUuid;
            Apply(result[2], reset: !result[0].IsBoolean || !result[0].AsBoolean());
            SetSynced(true);
        });
        Request("set_db_change_aware", [JsonValue.Boolean(true)], _ => { });
    }

    private void Apply(JsonValue updates, bool reset)
    {
        Guid.TryParse(_lastTxnId, out Guid txnId);
        if (RelayWriter.Apply(_server, _db, updates, reset, txnId) is { } error)
        {
            s_log.Warn($"{_session.Name}: failed to apply update to {_db.Name}: {error}");
        }
    }

    private void SetSynced(bool synced)
    {
        if (IsSynced != synced)
        {
            IsSynced = synced;
            _server.OnRelayStateChanged(_db);
        }
    }
}
