// Upstream: ovsdb/jsonrpc-server.c, the jsonrpc_session under each struct ovsdb_jsonrpc_session (OVS 3.1)
using Ovs.Transport.JsonRpc;

namespace Ovs.Ovsdb.Server.Sessions;

/// <summary>
/// Where a session's outgoing messages go. The real one wraps a JsonRpcConnection; unit tests capture messages.
/// Called only from the server's main loop.
/// </summary>
internal interface ISessionTransport
{
    /// <summary>The connection's name ("unix#3", "tcp:127.0.0.1:5678"), the prefix of log messages about it.</summary>
    string Name { get; }

    /// <summary>
    /// The client's ID for RBAC: the common name of its SSL certificate, known once the handshake is done; null
    /// for connections without one (unix, tcp).
    /// </summary>
    string? PeerId { get; }

    void Send(JsonRpcMessage message);

    /// <summary>Drops the connection; the server then forgets the session.</summary>
    void Close();
}
