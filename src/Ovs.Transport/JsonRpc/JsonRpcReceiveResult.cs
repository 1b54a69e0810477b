// Upstream: lib/jsonrpc.c, jsonrpc_recv() return values (OVS 3.1)
namespace Ovs.Transport.JsonRpc;

/// <summary>
/// A received message, or the errno that ended the connection: OvsErrno.EOF when the peer closed it, EPROTO for
/// unparsable input or an invalid message, another errno for an I/O error.
/// </summary>
public readonly record struct JsonRpcReceiveResult(JsonRpcMessage? Message, int Error);
