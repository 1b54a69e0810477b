// Upstream: ovsdb/jsonrpc-server.c, ovsdb_jsonrpc_monitor_flush_all() and the monitor_canceled notification
// (OVS 3.1)
using System.Text;
using Ovs.Json;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>
/// A JSON-RPC notification a session must send: "update", "update2" or "update3" with a monitor's table-updates,
/// or "monitor_canceled". The table-updates part may be shared with other sessions (see <see cref="SharedJson"/>).
/// </summary>
internal sealed class MonitorNotification
{
    private MonitorNotification(string method, JsonValue monitorId, SharedJson? updates, string? lastTxnId)
    {
        Method = method;
        MonitorId = monitorId;
        Updates = updates;
        LastTxnId = lastTxnId;
    }

    public string Method { get; }

    /// <summary>The monitor's id as the client chose it (any JSON value).</summary>
    public JsonValue MonitorId { get; }

    /// <summary>The &lt;table-updates&gt; (or updates2), or null for monitor_canceled.</summary>
    public SharedJson? Updates { get; }

    /// <summary>The transaction id of update3 (the all-zeros UUID for a database without history).</summary>
    public string? LastTxnId { get; }

    public static MonitorNotification Update(MonitorProtocol protocol, JsonValue monitorId, SharedJson updates, Guid lastTxnId = default) =>
        new(protocol.NotificationMethod(), monitorId, updates, protocol == MonitorProtocol.V3 ? lastTxnId.ToString("D") : null);

    public static MonitorNotification Canceled(JsonValue monitorId) => new("monitor_canceled", monitorId, null, null);

    /// <summary>The params array: [id, updates], [id, last-txn-id, updates] or [id].</summary>
    public JsonArray Params
    {
        get
        {
            var result = new JsonArray(MonitorId);
            if (LastTxnId is not null)
            {
                result.Add(LastTxnId);
            }

            if (Updates is not null)
            {
                result.Add(Updates.Value);
            }

            return result;
        }
    }

    /// <summary>The whole JSON-RPC message, <c>{"id":null,"method":...,"params":[...]}</c>.</summary>
    public JsonObject ToJson() => new() { { "id", JsonValue.Null }, { "method", Method }, { "params", Params } };

    /// <summary>
    /// Writes the compact text of <see cref="ToJson"/>, reusing the shared serialization of the table-updates.
    /// </summary>
    public void WriteTo(StringBuilder sb)
    {
        sb.Append("{\"id\":null,\"method\":");
        JsonWriter.WriteString(sb, Method);
        sb.Append(",\"params\":[");
        JsonWriter.Write(sb, MonitorId);
        if (LastTxnId is not null)
        {
            sb.Append(',');
            JsonWriter.WriteString(sb, LastTxnId);
        }

        if (Updates is not null)
        {
            sb.Append(',').Append(Updates.Text);
        }

        sb.Append("]}");
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteTo(sb);
        return sb.ToString();
    }
}
