// Upstream: lib/stream-unix.c, unix_open() (OVS 3.1)
using System.Net.Sockets;

namespace Ovs.Transport.Streams;

/// <summary>"unix:FILE": connects to a Unix domain socket. A relative FILE is relative to the current directory.</summary>
internal sealed class UnixStreamProvider : IStreamProvider
{
    public string Scheme => "unix";

    public bool UsesPort => false;

    public async ValueTask<StreamResult<OvsStream>> OpenAsync(string name, string suffix, CancellationToken cancellationToken)
    {
        int error = UnixSocketPath.Resolve(suffix, out UnixDomainSocketEndPoint? endPoint, out int directoryFd);
        if (error != 0)
        {
            return StreamResult<OvsStream>.Fail(error);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            if (!TryConnectNow(socket, endPoint!))
            {
                await socket.ConnectAsync(endPoint!, cancellationToken).ConfigureAwait(false);
            }

            return StreamResult<OvsStream>.Ok(new OvsStream(name, socket));
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            socket.Dispose();
            return StreamResult<OvsStream>.Fail(UnixSocketPath.ErrorOf(ex));
        }
        finally
        {
            UnixSocketPath.Release(directoryFd);
        }
    }

    /// <summary>
    /// Connects without waiting, which a Unix socket almost always can; false when the listener's backlog is full
    /// (then the caller waits asynchronously). A socket connected here stays an ordinary blocking one: its
    /// synchronous reads and writes are plain system calls that need no socket-engine thread. Other failures throw.
    /// </summary>
    private static bool TryConnectNow(Socket socket, UnixDomainSocketEndPoint endPoint)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endPoint);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            return false;
        }
        finally
        {
            socket.Blocking = true;
        }
    }
}
