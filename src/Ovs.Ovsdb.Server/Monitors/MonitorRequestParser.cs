// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_parse_monitor_request() and ovsdb_jsonrpc_monitor_create()
// (OVS 3.1)
//
// Parses <monitor-requests> (RFC 7047 4.1.5) and <monitor-cond-requests> (ovsdb-server(7) 4.1.12): an object
// mapping table names to one request object or an array of them. The behaviour and messages below were checked
// against Debian's ovsdb-server 3.1.0 (tests/testdata/ovsdb-monitor/errors*.golden):
// - a request may have "columns", "select" and, for monitor_cond and monitor_cond_since only, "where";
// - without "columns" every column except _uuid is monitored (_version included); _uuid may be named;
// - a column named by two requests of the same table is an error, so each column has exactly one select;
// - when several requests of one table carry conditions, the first request's "where" (or its absence, meaning
//   true) is the table's condition and the others are ignored.
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>A parsed table of a monitor request: what to report, and for which rows.</summary>
internal sealed record ParsedMonitorTable(MonitorTableSpec Spec, MonitorCondition Condition);

/// <summary>Parses the monitor-requests parameter of monitor, monitor_cond and monitor_cond_since.</summary>
internal static class MonitorRequestParser
{
    public static OvsdbError? Parse(
        JsonValue requests, DatabaseSchema schema, bool conditional, out List<ParsedMonitorTable> tables)
    {
        tables = [];
        if (requests is not JsonObject byTable)
        {
            return OvsdbError.SyntaxError(requests, null, "monitor-requests must be object");
        }

        foreach ((string tableName, JsonValue value) in byTable)
        {
            if (!schema.TryGetTable(tableName, out TableSchema? table))
            {
                return new OvsdbError(OvsdbErrorTags.SyntaxError, $"no table named {tableName}");
            }

            OvsdbError? error = ParseTable(table, value, conditional, out ParsedMonitorTable? parsed);
            if (error is not null)
            {
                return error;
            }

            tables.Add(parsed!);
        }

        return null;
    }

    private static OvsdbError? ParseTable(
        TableSchema table, JsonValue value, bool conditional, out ParsedMonitorTable? parsed)
    {
        parsed = null;
        var columns = new List<MonitoredColumn>();
        MonitorSelect tableSelect = MonitorSelect.None;
        var seen = new HashSet<ColumnSchema>();
        JsonValue? where = null;
        bool haveCondition = false;
        IEnumerable<JsonValue> requests = value is JsonArray array ? array : [value];
        foreach (JsonValue request in requests)
        {
            var members = new MemberChecker(request, $"table {table.Name}");
            JsonValue? columnsJson = members.Optional("columns", JsonType.Array);
            JsonValue? selectJson = members.Optional("select", JsonType.Object);
            JsonValue? whereJson = conditional ? members.Optional("where", JsonType.Array) : null;
            MonitorSelect select = MonitorSelect.All;
            OvsdbError? error = members.Finish()
                ?? MonitorSelectParser.Parse(selectJson, table.Name, out select)
                ?? AddColumns(table, columnsJson, select, columns, seen);
            if (error is not null)
            {
                return error;
            }

            tableSelect |= select;
            if (!haveCondition)
            {
                // The first request decides the table's condition, as upstream creates it only once.
                where = whereJson;
                haveCondition = true;
            }
        }

        OvsdbError? conditionError = MonitorCondition.Parse(where, table, out MonitorCondition condition);
        if (conditionError is not null)
        {
            return conditionError;
        }

        parsed = new ParsedMonitorTable(new MonitorTableSpec(table, columns, tableSelect), condition);
        return null;
    }

    private static OvsdbError? AddColumns(
        TableSchema table, JsonValue? columnsJson, MonitorSelect select, List<MonitoredColumn> columns,
        HashSet<ColumnSchema> seen)
    {
        if (columnsJson is null)
        {
            foreach (ColumnSchema column in table.Columns)
            {
                if (column != table.UuidColumn && !Add(column))
                {
                    return OvsdbError.SyntaxError(null, null, $"column {column.Name} mentioned more than once");
                }
            }

            return null;
        }

        foreach (JsonValue name in columnsJson.AsArray())
        {
            if (name is not JsonString s)
            {
                return OvsdbError.SyntaxError(columnsJson, null, "array of column names expected");
            }

            if (!table.TryGetColumn(s.Value, out ColumnSchema? column))
            {
                return OvsdbError.SyntaxError(columnsJson, null, $"{s.Value} is not a valid column name");
            }

            if (!Add(column))
            {
                return OvsdbError.SyntaxError(columnsJson, null, $"column {s.Value} mentioned more than once");
            }
        }

        return null;

        bool Add(ColumnSchema column)
        {
            if (!seen.Add(column))
            {
                return false;
            }

            columns.Add(new MonitoredColumn(column, select));
            return true;
        }
    }
}
