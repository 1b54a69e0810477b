// Upstream: ovsdb/replication.c, replication_run() and its request/reply state machine (OVS 3.1)
//
// The backup side of active-backup replication: an OVSDB client of the active server over a reconnecting
// JsonRpcSession. On every (re)connection it walks upstream's sequence:
//   get_server_id  – refuse to replicate from ourselves ("Self replicating is not allowed");
//   list_dbs       – the active server's databases;
//   get_schema     – for each one this server also serves, check that its rows fit the local schema;
//   monitor        – one monitor per replicated database (id = the database name), all columns of every table
//                    that is not excluded; the reply's initial contents replace the local ones;
// then applies each "update" notification as a local transaction (ReplicaWriter).
// Thread-safety: the session delivers every callback through the server's MainLoop, so all state is loop-owned.
// A callback that arrives after Dispose (already queued) is ignored.
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Server.Databases;
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server.Replication;

internal sealed class ActiveServerClient : IJsonRpcSessionHandler, IDisposable
{
    private const int OvsdbDefaultPort = 6640;

    private static readonly VlogModule s_log = VlogModule.Get("replication");
    private static readonly VlogModule s_errorLog = VlogModule.Get("ovsdb_error");

    private readonly OvsdbServer _server;
    private readonly ExcludedTables _excluded;
    private readonly Action<ActiveServerClient> _onFatal;
    private readonly JsonRpcSession _session;
    private readonly Dictionary<JsonValue, Action<JsonRpcMessage>> _pending = [];
    private readonly SortedDictionary<string, string[]> _databases = new(StringComparer.Ordinal);
    private int _schemasAwaited;
    private int _monitorsAwaited;
    private bool _disposed;

    public ActiveServerClient(OvsdbServer server, string remote, ExcludedTables excluded, int probeIntervalMs, Action<ActiveServerClient> onFatal)
    {
        _server = server;
        _excluded = excluded;
        _onFatal = onFatal;
        Remote = remote;
        _session = JsonRpcSession.Open(remote, OvsdbDefaultPort, this, server.Loop.Post, server.Loop.Time);
        _session.SetProbeInterval(probeIntervalMs);
    }

    public string Remote { get; }

    /// <summary>True once every replicated database has received its initial contents.</summary>
    public bool IsReplicating { get; private set; }

    /// <summary>The databases being replicated, in name order.</summary>
    public IEnumerable<string> Databases => _databases.Keys;

    public void SetProbeInterval(int milliseconds) => _session.SetProbeInterval(milliseconds);

    public void OnConnected(JsonRpcSession session)
    {
        if (_disposed)
        {
            return;
        }

        Restart();
        Request("get_server_id", [], OnServerId);
    }

    public void OnDisconnected(JsonRpcSession session, int error)
    {
        if (!_disposed)
        {
            Restart();
        }
    }

    public void OnMessage(JsonRpcSession session, JsonRpcMessage message)
    {
        if (_disposed)
        {
            return;
        }

        switch (message.Type)
        {
            case JsonRpcMessageType.Reply or JsonRpcMessageType.Error when message.Id is { } id && _pending.Remove(id, out Action<JsonRpcMessage>? next):
                if (message.Type == JsonRpcMessageType.Error)
                {
                    s_log.Err($"{Remote}: error reply to request: {message.Error}");
                    _session.ForceReconnect();
                    return;
                }

                next(message);
                break;
            case JsonRpcMessageType.Notification when message.Method == "update":
                OnUpdate(message.Params);
                break;
            default:
                break;
        }
    }

    /// <summary>Asks the session to drop the connection and start again (the exclusion list or databases changed).</summary>
    public void Reconnect() => _session.ForceReconnect();

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _ = _session.DisposeAsync().AsTask();
        }
    }

    private void Restart()
    {
        _pending.Clear();
        _databases.Clear();
        _schemasAwaited = 0;
        _monitorsAwaited = 0;
        IsReplicating = false;
    }

    private void Request(string method, JsonArray parameters, Action<JsonRpcMessage> onReply)
    {
        JsonRpcMessage request = JsonRpcMessage.CreateRequest(method, parameters);
        _pending[request.Id!] = onReply;
        _session.Send(request);
    }

    private void OnServerId(JsonRpcMessage reply)
    {
        if (reply.Result is JsonString id && Guid.TryParse(id.Value, out Guid serverId) && serverId == _server.ServerId)
        {
            s_errorLog.Err($"unexpected ovsdb error: Server ID check failed: Self replicating is not allowed");
            _onFatal(this);
            return;
        }

        Request("list_dbs", [], OnDatabaseList);
    }

    private void OnDatabaseList(JsonRpcMessage reply)
    {
        if (reply.Result is not JsonArray names)
        {
            return;
        }

        foreach (JsonValue name in names)
        {
            if (name is JsonString { Value: var db } && db != ServerSchema.Name && _server.FindDatabase(db) is { IsReserved: false })
            {
                _schemasAwaited++;
                Request("get_schema", [name], r => OnSchema(db, r));
            }
        }

        if (_schemasAwaited == 0)
        {
            SendMonitors();
        }
    }

    private void OnSchema(string name, JsonRpcMessage reply)
    {
        _schemasAwaited--;
        if (_server.FindDatabase(name) is not { } db || reply.Result is null
            || DatabaseSchema.TryFromJson(reply.Result, out DatabaseSchema remote) is not null)
        {
            return;
        }

        DatabaseSchema local = db.Database.Schema;
        bool usable = true;
        if (!local.JsonEquals(remote))
        {
            s_log.Info($"Schema version mismatch, checking if {name} can still be replicated or not.");
            usable = SchemaCompatibility.CanReplicate(local, remote);
            s_log.Info(usable ? $"{name} can be replicated." : $"{name} cannot be replicated.");
        }

        if (usable)
        {
            _databases[name] = remote.Tables.Select(t => t.Name).Where(t => !_excluded.Contains(name, t)).ToArray();
        }

        if (_schemasAwaited == 0)
        {
            SendMonitors();
        }
    }

    private void SendMonitors()
    {
        if (_databases.Count == 0)
        {
            // Nothing this server serves can be replicated: give up and serve as an active server.
            s_log.Info("Nothing to replicate.");
            _onFatal(this);
            return;
        }

        foreach ((string name, string[] tables) in _databases)
        {
            var request = new JsonObject();
            foreach (string table in tables)
            {
                request.Add(table, new JsonArray(new JsonObject()));
            }

            _monitorsAwaited++;
            JsonValue db = JsonValue.String(name);
            Request("monitor", [db, db, request], r => OnMonitorReply(name, tables, r));
        }
    }

    private void OnMonitorReply(string name, string[] tables, JsonRpcMessage reply)
    {
        _monitorsAwaited--;
        s_log.Info($"Monitor request received. Resetting the database");
        if (_server.FindDatabase(name) is { } db && ReplicaWriter.Reset(_server, db, tables, reply.Result!) is { } error)
        {
            s_log.Err($"{name}: resetting the database failed ({error})");
        }

        IsReplicating = _monitorsAwaited == 0;
    }

    private void OnUpdate(JsonArray? parameters)
    {
        if (parameters is not { Count: 2 } || parameters[0] is not JsonString { Value: var name }
            || !_databases.ContainsKey(name) || _server.FindDatabase(name) is not { } db)
        {
            return;
        }

        if (ReplicaWriter.Update(_server, db, parameters[1]) is { } error)
        {
            s_log.Err($"{name}: applying an update from the active server failed ({error})");
        }
    }
}
