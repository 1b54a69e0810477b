// Upstream: lib/jsonrpc.c, the jsonrpc_session_recv()/get_seqno() polling that callers do (OVS 3.1)
namespace Ovs.Transport.JsonRpc;

/// <summary>
/// What a <see cref="JsonRpcSession"/> reports to its owner. Calls arrive through the session's dispatcher (the
/// owner's main loop), one at a time and in order. "echo" requests and replies to the session's own inactivity
/// probes are handled by the session and never reach OnMessage.
/// </summary>
public interface IJsonRpcSessionHandler
{
    /// <summary>A connection is up (again); state that depends on the peer should be re-sent now.</summary>
    void OnConnected(JsonRpcSession session);

    void OnMessage(JsonRpcSession session, JsonRpcMessage message);

    /// <summary>The connection was lost; <paramref name="error"/> is an errno, OvsErrno.EOF, or 0.</summary>
    void OnDisconnected(JsonRpcSession session, int error);
}
