// Upstream: lib/stream-unix.c, punix_open() (OVS 3.1)
using System.Net.Sockets;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Transport.Streams;

/// <summary>
/// "punix:FILE": listens on a Unix domain socket. Whatever was at FILE is unlinked first, as upstream does; the
/// file is removed again when the listener is disposed.
/// </summary>
internal sealed class PunixStreamProvider : IPassiveStreamProvider
{
    private static readonly VlogModule s_log = VlogModule.Get("stream_unix");
    private static readonly VlogModule s_fatalSignalLog = VlogModule.Get("fatal_signal");

    public string Scheme => "punix";

    public StreamResult<OvsListener> Listen(string name, string suffix, int defaultPort)
    {
        RemoveStaleSocket(suffix);
        int error = UnixSocketPath.Resolve(suffix, out UnixDomainSocketEndPoint? endPoint, out int directoryFd);
        if (error == 0)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Bind(endPoint!);
                socket.Listen(64);
                return StreamResult<OvsListener>.Ok(new OvsListener(name, socket, "unix#", suffix));
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                error = UnixSocketPath.ErrorOf(ex);
            }
            finally
            {
                UnixSocketPath.Release(directoryFd);
            }
        }

        // Upstream registers the path for removal at exit before binding and removes it again when binding fails;
        // that removal finds nothing and says so.
        if (!File.Exists(suffix))
        {
            s_fatalSignalLog.Warn($"could not unlink \"{suffix}\" ({Errno.ToText(OvsErrno.ENOENT)})");
        }

        s_log.Err($"{suffix}: binding failed: {Errno.ToText(error)}");
        return StreamResult<OvsListener>.Fail(error);
    }

    private static void RemoveStaleSocket(string path)
    {
        // Upstream unlinks the path unconditionally before binding, so a socket left by a dead process (or a
        // running one) is replaced; a missing file is fine.
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Bind reports the real problem.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
