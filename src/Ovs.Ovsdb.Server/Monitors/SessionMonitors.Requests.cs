// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_monitor_create(), ovsdb_jsonrpc_monitor_cond_change() and
// ovsdb_jsonrpc_monitor_cancel() (OVS 3.1)
//
// Parameter checks and error texts follow Debian's ovsdb-server 3.1.0 (tests/testdata/ovsdb-monitor/errors*).
// Where that server crashes (monitor with fewer than three params, monitor_cond_change with a request lacking
// "where") we answer "invalid parameters" and treat a missing "where" as true, respectively. monitor_cond_since
// consults the database's transaction history (TxnHistory; clustered and relay databases only): if the client's
// last transaction is there it gets found=true and only the changes since, otherwise found=false and the whole
// initial contents. The reply's transaction id is the history's newest (all-zeros without history, as Debian's
// server answers for a standalone database).
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

internal sealed partial class SessionMonitors
{
    /// <summary>
    /// Handles monitor (<see cref="MonitorProtocol.V1"/>), monitor_cond (V2) or monitor_cond_since (V3).
    /// <paramref name="findDatabase"/> maps a database name to the database, or null if there is none.
    /// </summary>
    public MonitorReply Monitor(MonitorProtocol protocol, JsonValue parameters, Func<string, IMonitorSource?> findDatabase)
    {
        int expected = protocol == MonitorProtocol.V3 ? 4 : 3;
        if (parameters is not JsonArray p || p.Count != expected)
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(parameters, null, "invalid parameters"));
        }

        if (p[0] is not JsonString dbName)
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(p, null, "monitor request params must begin with <db-name>"));
        }

        IMonitorSource? database = findDatabase(dbName.Value);
        if (database is null)
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(
                p, OvsdbErrorTags.UnknownDatabase, $"monitor request specifies unknown database {dbName.Value}"));
        }

        JsonValue id = p[1];
        if (_byId.ContainsKey(id))
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(id, null, "duplicate monitor ID"));
        }

        OvsdbError? error = MonitorRequestParser.Parse(p[2], database.Schema, protocol.IsConditional(), out List<ParsedMonitorTable> tables);
        Guid lastId = Guid.Empty;
        if (error is null && protocol == MonitorProtocol.V3)
        {
            error = CheckLastTxnId(p[3], out lastId);
        }

        if (error is not null)
        {
            return MonitorReply.Failure(error);
        }

        var monitor = new ClientMonitor(id, protocol, database, tables);
        _monitors.Add(monitor);
        _byId.Add(id, monitor);
        if (protocol != MonitorProtocol.V3)
        {
            return MonitorReply.Success(monitor.ComposeInitial());
        }

        // A client that names a transaction still in the history only needs what changed after it.
        TxnHistory? history = database.History;
        string last = (history?.LastId ?? Guid.Empty).ToString("D");
        if (lastId != Guid.Empty && history is not null && history.TryGetChangesAfter(lastId, out List<MonitorTableChanges> since))
        {
            JsonValue updates = monitor.ComposeUpdates(new CommitUpdates(database, since))?.Value ?? new JsonObject();
            return MonitorReply.Success(new JsonArray(JsonValue.True, last, updates));
        }

        return MonitorReply.Success(new JsonArray(JsonValue.False, last, monitor.ComposeInitial()));
    }

    /// <summary>
    /// Handles monitor_cond_change [old-id, new-id, requests]. On success the update for rows entering or leaving
    /// the conditions is queued (under the new id) before the reply is returned.
    /// </summary>
    public MonitorReply ConditionChange(JsonValue parameters)
    {
        if (parameters is not JsonArray { Count: 3 } p)
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(parameters, null, "invalid parameters"));
        }

        if (!_byId.TryGetValue(p[0], out ClientMonitor? monitor))
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(p[0], null, "unknown monitor session"));
        }

        JsonValue newId = p[1];
        if (!newId.Equals(monitor.Id) && _byId.ContainsKey(newId))
        {
            return MonitorReply.Failure(OvsdbError.SyntaxError(newId, null, "duplicate monitor ID"));
        }

        OvsdbError? error = ParseConditionChanges(monitor, p[2], out List<(MonitorTableState, MonitorCondition)> changes);
        if (error is not null)
        {
            return MonitorReply.Failure(error);
        }

        // A monitor created by plain "monitor" accepts the request (Debian renames it) but keeps reporting every
        // row: conditions apply only to monitor_cond and monitor_cond_since monitors.
        JsonObject updates = new();
        if (monitor.Protocol.IsConditional())
        {
            updates = monitor.ComposeConditionChange(changes);
            foreach ((MonitorTableState table, MonitorCondition condition) in changes)
            {
                table.Condition = condition;
            }
        }

        _byId.Remove(monitor.Id);
        monitor.Id = newId;
        _byId.Add(newId, monitor);
        if (updates.Count > 0)
        {
            _pending.Add(MonitorNotification.Update(monitor.Protocol, newId, new SharedJson(updates), monitor.Database.History?.LastId ?? Guid.Empty));
        }

        return MonitorReply.Success(new JsonObject());
    }

    /// <summary>Handles monitor_cancel [id]. Its errors are bare strings, as upstream's.</summary>
    public MonitorReply Cancel(JsonValue parameters)
    {
        if (parameters is not JsonArray { Count: 1 } p)
        {
            return MonitorReply.Failure("invalid parameters");
        }

        if (!_byId.TryGetValue(p[0], out ClientMonitor? monitor))
        {
            return MonitorReply.Failure("unknown monitor");
        }

        Remove(monitor);
        return MonitorReply.Success(new JsonObject());
    }

    private static OvsdbError? CheckLastTxnId(JsonValue json, out Guid lastId)
    {
        lastId = Guid.Empty;
        if (json is not JsonString s)
        {
            return OvsdbError.SyntaxError(json, null, "last-txn-id must be string");
        }

        return Atom.TryParseUuid(s.Value, out lastId) ? null : OvsdbError.SyntaxError(json, null, "last-txn-id must be UUID format.");
    }

    private static OvsdbError? ParseConditionChanges(
        ClientMonitor monitor, JsonValue requests, out List<(MonitorTableState, MonitorCondition)> changes)
    {
        changes = [];
        if (requests is not JsonObject byTable)
        {
            return new OvsdbError(OvsdbErrorTags.SyntaxError, "monitor-cond-change-requests must be object");
        }

        foreach ((string tableName, JsonValue value) in byTable)
        {
            if (monitor.Database.Schema.GetTable(tableName) is null)
            {
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"no table named {tableName}");
            }

            MonitorTableState? table = monitor.FindTable(tableName);
            if (table is null)
            {
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"no table named {tableName} in monitor session");
            }

            if (value is not JsonArray array)
            {
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"table {tableName} no monitor-cond-change JSON array");
            }

            // Each request replaces the table's condition, so the last one counts.
            foreach (JsonValue request in array)
            {
                var members = new MemberChecker(request, $"table {tableName}");
                JsonValue? columns = members.Optional("columns", JsonType.Array);
                JsonValue? where = members.Optional("where", JsonType.Array);
                OvsdbError? error = members.Finish();
                if (error is null && columns is not null)
                {
                    error = OvsdbError.SyntaxError(request, null, "changing columns is unsupported");
                }

                if (error is not null)
                {
                    return error;
                }

                error = MonitorCondition.Parse(where, table.Spec.Table, out MonitorCondition condition);
                if (error is not null)
                {
                    return error;
                }

                changes.RemoveAll(c => c.Item1 == table);
                changes.Add((table, condition));
            }
        }

        return null;
    }
}
