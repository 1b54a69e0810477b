// Upstream: lib/jsonrpc.h, struct jsonrpc_msg (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Client.Rpc;

/// <summary>
/// The answer to a request: the result, or the error the server returned, or — when <see cref="ConnectionError"/>
/// is nonzero — the errno that ended the connection before a reply arrived (-1 for end of file).
/// </summary>
public sealed record RpcReply(JsonValue? Result, JsonValue? Error, int ConnectionError)
{
    public bool IsSuccess => ConnectionError == 0 && Error is null && Result is not null;

    internal static RpcReply Failed(int error) => new(null, null, error);
}

/// <summary>
/// A notification from the server ("update", "update2", "update3", "locked", "stolen", ...). When
/// <see cref="Reply"/> is set, the entry is instead the reply to a request sent with
/// <see cref="RpcConnection.SendRequestAsync"/>: <see cref="Method"/> is the request's method, queued in arrival
/// order among the notifications.
/// </summary>
public sealed record RpcNotification(string Method, JsonArray Params, RpcReply? Reply = null);
