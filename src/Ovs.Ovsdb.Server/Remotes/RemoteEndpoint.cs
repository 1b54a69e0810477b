// Upstream: ovsdb/jsonrpc-server.c, struct ovsdb_jsonrpc_remote (OVS 3.1)
//
// One remote target in use: for a passive target ("punix:", "ptcp:") a listener whose accept loop attaches every
// new connection as a session; for an active target ("unix:", "tcp:") a connector that keeps one session connected,
// retrying with exponential backoff up to max_backoff. Accepting and connecting run off the main loop; sessions
// are created on it. Disposing stops the loops and closes the sessions this endpoint made.
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Ovsdb.Server.Sessions;
using Ovs.Transport.Streams;

namespace Ovs.Ovsdb.Server.Remotes;

internal sealed class RemoteEndpoint : IDisposable
{
    private static readonly VlogModule s_log = VlogModule.Get("ovsdb_jsonrpc_server");
    private static readonly VlogRateLimit s_acceptRateLimit = new(5, 10);

    private readonly OvsdbServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ConnectionTransport> _connections = [];
    private OvsListener? _listener;

    private RemoteEndpoint(OvsdbServer server, string target, RemoteOptions options)
    {
        _server = server;
        Target = target;
        Options = options;
    }

    public string Target { get; }

    public RemoteOptions Options { get; }

    /// <summary>True for an active target with its connection up (what the is_connected column reports).</summary>
    public bool IsConnected => _listener is null && _connections.Count > 0;

    /// <summary>The TCP port a ptcp: target is bound to (useful with port 0), else 0.</summary>
    public int BoundPort => _listener?.BoundPort ?? 0;

    /// <summary>Starts serving <paramref name="target"/>. Must be called on the main loop.</summary>
    public static RemoteEndpoint Start(OvsdbServer server, string target, RemoteOptions options)
    {
        var endpoint = new RemoteEndpoint(server, target, options);
        if (StreamFactory.IsPassiveName(target))
        {
            StreamResult<OvsListener> listen = StreamFactory.Listen(target, StreamFactory.OvsdbPort);
            if (listen.Value is { } listener)
            {
                endpoint._listener = listener;
                if (listener.SocketPath is { } path)
                {
                    // Like upstream's fatal_signal_add_file_to_unlink(): a killed server leaves no stale socket.
                    FatalSignal.AddHook(() => DeleteIfPresent(path));
                }

                _ = Task.Run(endpoint.AcceptLoopAsync);
            }
            else
            {
                s_log.Err($"{target}: listen failed: {OvsErrno.StrError(listen.Error)}");
            }
        }
        else if (StreamFactory.IsActiveName(target))
        {
            _ = Task.Run(endpoint.ConnectLoopAsync);
        }
        else
        {
            s_log.Err($"{target}: invalid remote, or unknown connection method");
        }

        return endpoint;
    }

    /// <summary>Drops this endpoint's connections; active targets reconnect (ovsdb-server/reconnect).</summary>
    public void DropConnections()
    {
        foreach (ConnectionTransport connection in _connections.ToList())
        {
            connection.Close();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            StreamResult<OvsStream> accepted = await _listener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            if (accepted.Value is not { } stream)
            {
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                s_log.Warn(s_acceptRateLimit, $"{_listener.Name}: accept failed: {OvsErrno.StrError(accepted.Error)}");
                await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            _server.Loop.PostInput("accept:" + stream.Name, () => Attach(stream));
        }
    }

    private async Task ConnectLoopAsync()
    {
        int backoffMs = 1000;
        while (!_stop.IsCancellationRequested)
        {
            StreamResult<OvsStream> opened;
            try
            {
                opened = await StreamFactory.OpenAsync(Target, StreamFactory.OvsdbPort, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (opened.Value is { } stream)
            {
                s_log.Info($"{Target}: connected");
                backoffMs = 1000;
                var attached = new TaskCompletionSource<ConnectionTransport>(TaskCreationOptions.RunContinuationsAsynchronously);
                _server.Loop.PostInput("connect:" + stream.Name, () => attached.SetResult(Attach(stream)));
                ConnectionTransport connection = await attached.Task.ConfigureAwait(false);
                await connection.Completion.ConfigureAwait(false);
            }
            else
            {
                s_log.Info($"{Target}: connection attempt failed ({OvsErrno.StrError(opened.Error)})");
            }

            try
            {
                await Task.Delay(backoffMs, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoffMs = Math.Min(backoffMs * 2, Math.Max(1000, Options.MaxBackoffMs));
        }
    }

    private ConnectionTransport Attach(OvsStream stream)
    {
        ConnectionTransport connection = ConnectionTransport.Attach(_server, stream, Options.ReadOnly, Target, Options.Role);
        _connections.Add(connection);
        _ = connection.Completion.ContinueWith(_ => _server.Loop.Post(() => _connections.Remove(connection)), TaskScheduler.Default);
        if (_stop.IsCancellationRequested)
        {
            connection.Close();
        }

        return connection;
    }

    private static void DeleteIfPresent(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            s_log.Warn($"could not unlink \"{path}\" ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener?.Dispose();
        DropConnections();
    }
}
