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
            await socket.ConnectAsync(endPoint!, cancellationToken).ConfigureAwait(false);
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
}
