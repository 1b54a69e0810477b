// Upstream: the client half of RFC 7047 as ovsdb-client and the IDL use it (lib/ovsdb-session.c, lib/jsonrpc.c)
//
// A thin, typed layer over one JSON-RPC connection to an OVSDB server: each RFC 7047 method (and upstream's
// extensions monitor_cond, monitor_cond_since, set_db_change_aware) is one call that returns the server's reply
// as a value. Nothing here throws for a server-side error or a dropped connection: callers inspect RpcReply,
// because ovsdb-client reports each case with its own message. Update, lock and stolen notifications arrive in
// order on Notifications; the server's echo keepalives are answered automatically.
using System.Threading.Channels;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Ovsdb.Client;

public sealed partial class OvsdbClient : IAsyncDisposable
{
    private readonly RpcConnection _rpc;

    /// <summary>Wraps a connected stream and starts reading from it.</summary>
    /// <param name="pumped">No background reader: waits read the stream on the caller's thread (see <see cref="RpcConnection"/>).</param>
    public OvsdbClient(Stream stream, string name, bool pumped = false)
    {
        _rpc = new RpcConnection(stream, name, pumped);
        _rpc.Start();
    }

    public string Name => _rpc.Name;

    /// <summary>Notifications ("update", "update2", "update3", "locked", "stolen") in arrival order.</summary>
    public ChannelReader<RpcNotification> Notifications => _rpc.Notifications;

    /// <summary>Waits until a notification is queued (true) or the connection ended with none left (false).</summary>
    public ValueTask<bool> WaitForNotificationsAsync(CancellationToken cancellationToken) => _rpc.WaitToReadAsync(cancellationToken);

    /// <summary>Nonzero once the connection has ended (errno, or -1 for end of file).</summary>
    public int ClosedError => _rpc.ClosedError;

    /// <summary>How many messages arrived so far (see <see cref="RpcConnection.MessagesReceived"/>).</summary>
    public long MessagesReceived => _rpc.MessagesReceived;

    public Task<RpcReply> RequestAsync(string method, JsonArray parameters, CancellationToken cancellationToken) =>
        _rpc.RequestAsync(method, parameters, cancellationToken);

    /// <summary>Sends a request whose reply is queued on <see cref="Notifications"/>; returns an errno or 0.</summary>
    public Task<int> SendRequestAsync(string method, JsonArray parameters, CancellationToken cancellationToken) =>
        _rpc.SendRequestAsync(method, parameters, cancellationToken);

    /// <summary>Stops or resumes receiving from the server (nothing is read while paused).</summary>
    public void SetPaused(bool paused) => _rpc.SetPaused(paused);

    public Task<RpcReply> ListDbsAsync(CancellationToken cancellationToken) =>
        _rpc.RequestAsync("list_dbs", [], cancellationToken);

    public Task<RpcReply> GetSchemaAsync(string database, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("get_schema", [database], cancellationToken);

    /// <summary>"transact" with the given params: the database name followed by the operations.</summary>
    public Task<RpcReply> TransactAsync(JsonArray parameters, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("transact", parameters, cancellationToken);

    /// <summary>
    /// Starts a monitor. <paramref name="method"/> is "monitor", "monitor_cond" or "monitor_cond_since";
    /// <paramref name="requests"/> maps table names to monitor requests; <paramref name="lastId"/> is only used by
    /// monitor_cond_since.
    /// </summary>
    public Task<RpcReply> MonitorAsync(string method, string database, JsonValue monitorId, JsonObject requests, Guid? lastId, CancellationToken cancellationToken)
    {
        JsonArray parameters = [database, monitorId, requests];
        if (method == "monitor_cond_since")
        {
            parameters.Add((lastId ?? Guid.Empty).ToString());
        }

        return _rpc.RequestAsync(method, parameters, cancellationToken);
    }

    public Task<RpcReply> MonitorCancelAsync(JsonValue monitorId, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("monitor_cancel", [monitorId], cancellationToken);

    public Task<RpcReply> LockAsync(string lockName, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("lock", [lockName], cancellationToken);

    public Task<RpcReply> StealAsync(string lockName, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("steal", [lockName], cancellationToken);

    public Task<RpcReply> UnlockAsync(string lockName, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("unlock", [lockName], cancellationToken);

    public Task<RpcReply> SetDbChangeAwareAsync(bool aware, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("set_db_change_aware", [aware], cancellationToken);

    public Task<RpcReply> EchoAsync(JsonArray parameters, CancellationToken cancellationToken) =>
        _rpc.RequestAsync("echo", parameters, cancellationToken);

    /// <summary>Closes the connection at once; queued notifications stay readable (see <see cref="RpcConnection.Shutdown"/>).</summary>
    public void Shutdown() => _rpc.Shutdown();

    /// <summary>Half-closes the connection: the server sees us gone, what it sent before still arrives (see <see cref="RpcConnection.CloseOutput"/>).</summary>
    public void CloseOutput() => _rpc.CloseOutput();

    public ValueTask DisposeAsync() => _rpc.DisposeAsync();
}
