// Upstream: lib/stream.c, struct pstream (OVS 3.1)
//
// A listening socket. AcceptAsync names each accepted stream as upstream does: "unix#N" with one counter shared
// by all Unix listeners in the process, or "tcp:IP:PORT" with the peer's address. A punix: listener removes its
// socket file when disposed.
using System.Net;
using System.Net.Sockets;
using Ovs.Transport.Streams.Replay;

namespace Ovs.Transport.Streams;

/// <summary>A passive stream made by <see cref="StreamFactory.Listen"/>.</summary>
public sealed class OvsListener : IDisposable
{
    private static int s_unixCounter = -1;

    private readonly Socket? _socket;
    private readonly Queue<(string File, string Name)>? _replayAccepts;
    private readonly CancellationTokenSource _closed = new();
    private readonly string _acceptPrefix;
    private readonly string? _socketPath;
    private readonly Func<string, Socket, StreamResult<OvsStream>>? _wrap;
    private int _disposed;

    /// <param name="wrap">
    /// Turns each accepted TCP socket into a stream (pssl: starts TLS); null makes a plain stream.
    /// </param>
    internal OvsListener(string name, Socket socket, string acceptPrefix, string? socketPath, Func<string, Socket, StreamResult<OvsStream>>? wrap = null)
    {
        Name = name;
        _socket = socket;
        _acceptPrefix = acceptPrefix;
        _socketPath = socketPath;
        _wrap = wrap;
        BoundPort = socket.LocalEndPoint is IPEndPoint ip ? ip.Port : 0;
    }

    private OvsListener(string name, int boundPort, Queue<(string File, string Name)> accepts)
    {
        Name = name;
        _acceptPrefix = "";
        BoundPort = boundPort;
        _replayAccepts = accepts;
    }

    /// <summary>Recording (--record): where accepted connections are noted; null when not recording.</summary>
    internal StreamWriter? AcceptLog { get; set; }

    /// <summary>Replaying (--replay): a listener without a socket that accepts the recorded connections.</summary>
    internal static OvsListener ForReplay(string name, int boundPort, Queue<(string File, string Name)> accepts) =>
        new(name, boundPort, accepts);

    /// <summary>The name given to Listen ("ptcp:0:127.0.0.1", "punix:db.sock").</summary>
    public string Name { get; }

    /// <summary>The TCP port actually bound (the ephemeral one for port 0), or 0 for Unix sockets.</summary>
    public int BoundPort { get; }

    /// <summary>The socket file of a punix: listener.</summary>
    public string? SocketPath => _socketPath;

    /// <summary>Waits for the next connection. Fails with an errno once the listener is disposed.</summary>
    public async ValueTask<StreamResult<OvsStream>> AcceptAsync(CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            return await AcceptReplayedAsync(cancellationToken).ConfigureAwait(false);
        }

        StreamResult<OvsStream> result = await AcceptSocketAsync(_socket, cancellationToken).ConfigureAwait(false);
        return result.Value is { } stream && AcceptLog is { } log
            ? StreamResult<OvsStream>.Ok(StreamReplay.RecordAccepted(log, stream))
            : result;
    }

    private async ValueTask<StreamResult<OvsStream>> AcceptReplayedAsync(CancellationToken cancellationToken)
    {
        lock (_replayAccepts!)
        {
            if (_replayAccepts.TryDequeue(out (string File, string Name) next))
            {
                return StreamResult<OvsStream>.Ok(StreamReplay.ReplayAccepted(next.File, next.Name));
            }
        }

        // No more recorded connections: wait like an idle listener until cancelled or disposed.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        return StreamResult<OvsStream>.Fail(Errno.FromException(new ObjectDisposedException(Name)));
    }

    private async ValueTask<StreamResult<OvsStream>> AcceptSocketAsync(Socket listening, CancellationToken cancellationToken)
    {
        try
        {
            Socket socket = await listening.AcceptAsync(cancellationToken).ConfigureAwait(false);
            string name;
            if (socket.AddressFamily == AddressFamily.Unix)
            {
                name = $"unix#{Interlocked.Increment(ref s_unixCounter)}";
            }
            else
            {
                socket.NoDelay = true;
                var remote = (IPEndPoint)socket.RemoteEndPoint!;
                name = _acceptPrefix + InetAddressParser.FormatEndPoint(remote.Address, remote.Port);
                if (_wrap is not null)
                {
                    return _wrap(name, socket);
                }
            }

            return StreamResult<OvsStream>.Ok(new OvsStream(name, socket));
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return StreamResult<OvsStream>.Fail(Errno.FromException(ex));
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closed.Cancel();
        _socket?.Dispose();
        AcceptLog?.Dispose();
        if (_socketPath is not null)
        {
            try
            {
                File.Delete(_socketPath);
            }
            catch (IOException)
            {
                // Someone else removed or replaced it; nothing to clean up.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to remove.
            }
        }
    }
}
