// Upstream: ovsdb/jsonrpc-server.c, the replies of the monitor requests (OVS 3.1)
using Ovs.Json;
using Ovs.Ovsdb;

namespace Ovs.Ovsdb.Server.Monitors;

/// <summary>
/// The outcome of a monitor request: a result or an error, to be sent as the JSON-RPC reply. An error is either an
/// OVSDB error object or, for monitor_cancel, a bare string ("unknown monitor", "invalid parameters").
/// </summary>
internal readonly record struct MonitorReply(JsonValue? Result, JsonValue? Error)
{
    public bool IsError => Error is not null;

    public static MonitorReply Success(JsonValue result) => new(result, null);

    public static MonitorReply Failure(OvsdbError error) => new(null, error.ToJson());

    public static MonitorReply Failure(string error) => new(null, new JsonString(error));
}
