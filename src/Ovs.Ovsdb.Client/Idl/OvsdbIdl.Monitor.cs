// Upstream: lib/ovsdb-cs.c (monitor requests and fallbacks) and lib/ovsdb-idl.c (applying updates) (OVS 3.1)
using Ovs.Common.Collections;
using Ovs.Json;
using Ovs.Ovsdb;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Ovsdb.Client.Idl;

public sealed partial class OvsdbIdl
{
    private static readonly JsonValue s_monitorId = new JsonArray("monid", JsonValue.String("idl"));

    /// <summary>Fetches the schema, asks for the lock and starts the monitor; returns an error text or null.</summary>
    private async Task<string?> StartMonitorAsync(OvsdbClient client, CancellationToken cancellationToken)
    {
        RpcReply schemaReply = await client.GetSchemaAsync(Database, cancellationToken).ConfigureAwait(false);
        if (!schemaReply.IsSuccess)
        {
            return schemaReply.Error is { } e ? $"error getting schema: {e}" : "connection closed while getting schema";
        }

        string? schemaError = CompiledSchema is { } compiled
            ? UseCompiledSchema(compiled, schemaReply.Result!)
            : UseServerSchema(schemaReply.Result!);
        if (schemaError is not null)
        {
            return schemaError;
        }

        if (LockName is { } lockName)
        {
            RpcReply lockReply = await client.LockAsync(lockName, cancellationToken).ConfigureAwait(false);
            if (lockReply.IsSuccess && lockReply.Result is JsonObject lockResult)
            {
                HasLock = lockResult["locked"] is { Type: JsonType.True };
                IsLockContended = !HasLock;
            }
        }

        JsonObject requests = BuildMonitorRequests();
        while (true)
        {
            string method = _monitorMethod;
            RpcReply reply = await client.MonitorAsync(method, Database, s_monitorId, requests, _lastId, cancellationToken).ConfigureAwait(false);
            if (reply.ConnectionError != 0)
            {
                return "connection closed while starting monitor";
            }

            if (reply.Error is JsonString { Value: "unknown method" } && method != "monitor")
            {
                // Older servers: fall back as upstream does (monitor_cond_since, then monitor_cond, then monitor).
                _monitorMethod = method == "monitor_cond_since" ? "monitor_cond" : "monitor";
                if (_monitorMethod == "monitor")
                {
                    requests = BuildMonitorRequests();
                }

                continue;
            }

            if (reply.Error is { } error)
            {
                return $"error starting monitor: {error}";
            }

            string? applyError = ApplyMonitorReply(method, reply.Result!);
            if (applyError is not null)
            {
                return applyError;
            }

            _synced = true;
            return null;
        }
    }

    private string? UseServerSchema(JsonValue json)
    {
        if (DatabaseSchema.TryFromJson(json, out DatabaseSchema schema) is { } error)
        {
            return $"error parsing schema: {error}";
        }

        if (Schema is null || !Schema.JsonEquals(schema))
        {
            Schema = schema;
            BuildTables(schema, null);
            _lastId = Guid.Empty;
        }

        return null;
    }

    /// <summary>Takes only the table and column names from the server's schema, as upstream's IDL does.</summary>
    private string? UseCompiledSchema(DatabaseSchema compiled, JsonValue json)
    {
        if (json is not JsonObject schema || schema["tables"] is not JsonObject tables)
        {
            return "error parsing schema: Required 'tables' member is missing.";
        }

        var present = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonValue> table in tables)
        {
            present[table.Key] = table.Value is JsonObject t && t["columns"] is JsonObject columns
                ? new HashSet<string>(columns.Names, StringComparer.Ordinal)
                : [];
        }

        string names = string.Join(';', present.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + ":" + string.Join(',', p.Value.Order(StringComparer.Ordinal))));
        if (Schema is null || names != _serverNames)
        {
            _serverNames = names;
            Schema = compiled;
            BuildTables(compiled, present);
            _lastId = Guid.Empty;
        }

        return null;
    }

    /// <param name="present">The server's tables and their columns, or null when the schema is the server's.</param>
    private void BuildTables(DatabaseSchema schema, Dictionary<string, HashSet<string>>? present)
    {
        _tables.Clear();
        foreach (TableSchema table in schema.Tables)
        {
            // Every table gets a replica, as upstream's IDL has one per table of its class; only tables with
            // registered columns are monitored, the others stay empty but accept inserted rows.
            bool all = RegisterAll;
            HashSet<string>? columns = null;
            bool registered = all || _registrations.TryGetValue(table.Name, out columns);
            all |= registered && columns is null;
            columns ??= [];
            HashSet<string>? serverColumns = null;
            bool onServer = present is null || present.TryGetValue(table.Name, out serverColumns);

            bool[] monitored = new bool[table.Columns.Count];
            for (int i = 2; i < monitored.Length; i++)
            {
                string name = table.Columns[i].Name;
                monitored[i] = all || columns!.Contains(name);
                if (monitored[i] && onServer && serverColumns is not null && !serverColumns.Contains(name))
                {
                    s_log.Warn($"{table.Name} table in {Database} database lacks {name} column (database needs upgrade?)");
                    monitored[i] = false;
                }
            }

            _tables[table.Name] = new IdlTable(table, monitored) { OnServer = onServer };
        }

        // As upstream's IDL does, a table that a replicated column refers to is monitored too, with no columns:
        // its rows then exist in the replica, so references to them resolve (and a transaction that replaces the
        // row of a singleton table knows the table is not empty).
        foreach (IdlTable table in _tables.Values)
        {
            for (int i = 2; i < table.Monitored.Length; i++)
            {
                if (table.Monitored[i])
                {
                    OvsdbType type = table.Schema.Columns[i].Type;
                    NeedTable(type.Key.RefTableName);
                    NeedTable(type.Value.RefTableName);
                }
            }
        }
    }

    private void NeedTable(string? name)
    {
        if (name is not null && _tables.TryGetValue(name, out IdlTable? table))
        {
            table.NeedTable = true;
        }
    }

    /// <summary>Whether the table is monitored; a table the server lacks is not, with upstream's warning.</summary>
    private bool IsRequested(IdlTable table)
    {
        bool wanted = table.NeedTable || Array.Exists(table.Monitored, m => m);
        if (wanted && !table.OnServer)
        {
            s_log.Warn($"{Database} database lacks {table.Name} table (database needs upgrade?)");
            return false;
        }

        return wanted;
    }

    private JsonObject BuildMonitorRequests()
    {
        var requests = new JsonObject();
        foreach (IdlTable table in _tables.Values)
        {
            if (!IsRequested(table))
            {
                continue;
            }

            var columns = new JsonArray();
            for (int i = 2; i < table.Monitored.Length; i++)
            {
                if (table.Monitored[i])
                {
                    columns.Add(table.Schema.Columns[i].Name);
                }
            }

            var request = new JsonObject { { "columns", columns } };
            requests.Add(table.Name, _monitorMethod == "monitor" ? request : new JsonArray(request));
        }

        return requests;
    }

    private string? ApplyMonitorReply(string method, JsonValue result)
    {
        if (method == "monitor_cond_since")
        {
            if (result is not JsonArray { Count: 3 } parts || parts[0].Type is not (JsonType.True or JsonType.False)
                || parts[1] is not JsonString lastId || !Guid.TryParse(lastId.Value, out Guid id))
            {
                return "malformed monitor_cond_since reply";
            }

            if (parts[0].Type == JsonType.False)
            {
                ClearReplica();
            }

            _lastId = id;
            return ApplyTableUpdates(parts[2], 2);
        }

        ClearReplica();
        return ApplyTableUpdates(result, method == "monitor" ? 1 : 2);
    }

    private void ClearReplica()
    {
        foreach (IdlTable table in _tables.Values)
        {
            table.ClearCommitted();
        }
    }

    /// <summary>Applies the queued notifications; returns whether there were any.</summary>
    private bool ApplyQueued()
    {
        if (_client is not { } client)
        {
            return false;
        }

        bool any = false;
        while (client.Notifications.TryRead(out RpcNotification? note))
        {
            any = true;
            ApplyNotification(note);
        }

        return any;
    }

    private void ApplyNotification(RpcNotification note)
    {
        string? error = null;
        switch (note.Method)
        {
            case "update" when note.Params.Count == 2:
                error = ApplyTableUpdates(note.Params[1], 1);
                break;
            case "update2" when note.Params.Count == 2:
                error = ApplyTableUpdates(note.Params[1], 2);
                break;
            case "update3" when note.Params.Count == 3:
                if (note.Params[1] is JsonString { Value: var id } && Guid.TryParse(id, out Guid lastId))
                {
                    _lastId = lastId;
                }

                error = ApplyTableUpdates(note.Params[2], 2);
                break;
            case "locked":
                HasLock = true;
                IsLockContended = false;
                break;
            case "stolen":
                HasLock = false;
                IsLockContended = true;
                break;
            default:
                return;
        }

        if (error is not null)
        {
            s_log.Warn($"{CurrentRemote}: {error}");
        }

        ChangeSeqNo++;
    }

    /// <summary>Applies table-updates (version 1) or table-updates2 (version 2) to the replica.</summary>
    private string? ApplyTableUpdates(JsonValue updates, int version)
    {
        if (updates is not JsonObject tables)
        {
            return "table updates is not an object";
        }

        // Upstream walks JSON objects in hash-map order; that order decides where new rows enter the replica.
        foreach (string tableName in OvsHash.StringMapOrder(tables.Names))
        {
            if (!_tables.TryGetValue(tableName, out IdlTable? table))
            {
                return $"update for unknown table {tableName}";
            }

            if (tables[tableName] is not JsonObject rows)
            {
                return $"<table-update> for table {table.Name} is not an object";
            }

            foreach (string rowName in OvsHash.StringMapOrder(rows.Names))
            {
                if (!Guid.TryParse(rowName, out Guid uuid) || rows[rowName] is not JsonObject change)
                {
                    return $"bad <row-update> in table {table.Name}";
                }

                string? error = version == 1 ? ApplyRowUpdate1(table, uuid, change) : ApplyRowUpdate2(table, uuid, change);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private string? ApplyRowUpdate1(IdlTable table, Guid uuid, JsonObject change)
    {
        if (change["new"] is not JsonObject newRow)
        {
            table.RemoveCommitted(uuid);
            return null;
        }

        Datum[] values = table.DefaultValues();
        return ReadColumns(table, newRow, values, diff: false) ?? Commit(table, uuid, values);
    }

    private string? ApplyRowUpdate2(IdlTable table, Guid uuid, JsonObject change)
    {
        if (change.ContainsKey("delete"))
        {
            table.RemoveCommitted(uuid);
            return null;
        }

        if ((change["initial"] ?? change["insert"]) is JsonObject row)
        {
            Datum[] values = table.DefaultValues();
            return ReadColumns(table, row, values, diff: false) ?? Commit(table, uuid, values);
        }

        if (change["modify"] is JsonObject modify)
        {
            if (table.FindCommitted(uuid)?.Old is not { } old)
            {
                return $"modify for unknown row {uuid} in table {table.Name}";
            }

            Datum[] values = (Datum[])old.Clone();
            return ReadColumns(table, modify, values, diff: true) ?? Commit(table, uuid, values);
        }

        return $"bad <row-update2> for row {uuid} in table {table.Name}";
    }

    private string? Commit(IdlTable table, Guid uuid, Datum[] values)
    {
        table.SetCommitted(uuid, values);
        AddPlaceholders(table, values);
        return null;
    }

    /// <summary>
    /// Gives rows that <paramref name="values"/> refers to a place in their table's order now, as upstream's IDL
    /// does when it parses a reference to a row it has not received yet: columns in name order, references in
    /// datum order.
    /// </summary>
    private void AddPlaceholders(IdlTable table, Datum[] values)
    {
        foreach (int index in table.ReferenceColumnsByName)
        {
            ColumnSchema column = table.Schema.Columns[index];
            Datum datum = values[index];
            AddPlaceholders(column.Type.Key.RefTableName, datum.Keys);
            if (datum.IsMap)
            {
                AddPlaceholders(column.Type.Value.RefTableName, datum.Values);
            }
        }
    }

    private void AddPlaceholders(string? tableName, ReadOnlySpan<Atom> atoms)
    {
        if (tableName is null || !_tables.TryGetValue(tableName, out IdlTable? target))
        {
            return;
        }

        foreach (Atom atom in atoms)
        {
            target.EnsurePlaceholder(atom.AsUuid);
        }
    }

    private static string? ReadColumns(IdlTable table, JsonObject row, Datum[] values, bool diff)
    {
        foreach (KeyValuePair<string, JsonValue> member in row)
        {
            if (table.Schema.GetColumn(member.Key) is not { } column)
            {
                continue;
            }

            OvsdbType type = diff && column.Type.Max != 1 ? column.Type.WithCounts(0, OvsdbType.Unlimited) : column.Type;
            if (Datum.TryFromJson(member.Value, type, null, out Datum datum) is { } error)
            {
                return $"error parsing column {column.Name} in table {table.Name}: {error}";
            }

            if (!diff)
            {
                values[column.Index] = datum;
            }
            else if (Datum.ApplyDiff(values[column.Index], datum, column.Type, out Datum applied) is { } diffError)
            {
                return $"error applying diff to column {column.Name} in table {table.Name}: {diffError}";
            }
            else
            {
                values[column.Index] = applied;
            }
        }

        return null;
    }
}
