// Upstream: lib/socket-util.c and lib/util.c, ovs_retval_to_string() (OVS 3.1)
//
// Transport functions report failures as Linux errno values, because every message a user sees carries
// strerror() text ("failed to connect to "unix:db.sock" (No such file or directory)"). .NET raises exceptions;
// this class turns them into errno values at the boundary. EOF is upstream's -1 (OvsErrno.EOF), used when the
// peer closes the connection.
using System.Net.Sockets;
using Ovs.Common;

namespace Ovs.Transport;

/// <summary>errno text and the exception-to-errno mapping used by the transport layer (values are OvsErrno's).</summary>
internal static class Errno
{
    /// <summary>strerror() text, with "End of file" for OvsErrno.EOF and "Success" for 0.</summary>
    public static string ToText(int error) => error switch
    {
        OvsErrno.EOF => "End of file",
        _ => OvsErrno.StrError(error),
    };

    /// <summary>Maps an exception from socket or file I/O to an errno value (EIO when nothing better fits).</summary>
    public static int FromException(Exception ex) => ex switch
    {
        SocketException se => FromSocketException(se),
        IOException { InnerException: SocketException inner } => FromSocketException(inner),
        FileNotFoundException or DirectoryNotFoundException => OvsErrno.ENOENT,
        UnauthorizedAccessException => OvsErrno.EACCES,
        PathTooLongException => OvsErrno.ENAMETOOLONG,
        ObjectDisposedException => OvsErrno.EBADF,
        OperationCanceledException => OvsErrno.ETIMEDOUT,
        IOException io when (io.HResult & 0xFFFF0000) == 0 && io.HResult > 0 => io.HResult,
        _ => OvsErrno.EIO,
    };

    private static int FromSocketException(SocketException se)
    {
        // On Linux, .NET stores the raw errno in NativeErrorCode; that keeps ENOENT (a missing Unix socket file)
        // apart from EADDRNOTAVAIL, which the portable SocketError enumeration merges.
        if (OperatingSystem.IsLinux() && se.NativeErrorCode is > 0 and < 4096)
        {
            return se.NativeErrorCode;
        }

        return se.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => OvsErrno.ECONNREFUSED,
            SocketError.AddressFamilyNotSupported => OvsErrno.EAFNOSUPPORT,
            SocketError.TimedOut => OvsErrno.ETIMEDOUT,
            SocketError.NetworkUnreachable => OvsErrno.ENETUNREACH,
            SocketError.HostUnreachable => OvsErrno.EHOSTUNREACH,
            SocketError.AccessDenied => OvsErrno.EACCES,
            SocketError.AddressAlreadyInUse => OvsErrno.EADDRINUSE,
            SocketError.AddressNotAvailable => OvsErrno.EADDRNOTAVAIL,
            SocketError.ConnectionReset => OvsErrno.ECONNRESET,
            SocketError.ConnectionAborted => OvsErrno.ECONNABORTED,
            SocketError.Shutdown => OvsErrno.EPIPE,
            SocketError.NotConnected => OvsErrno.ENOTCONN,
            SocketError.InvalidArgument => OvsErrno.EINVAL,
            SocketError.MessageSize => OvsErrno.EMSGSIZE,
            SocketError.NoBufferSpaceAvailable => OvsErrno.ENOBUFS,
            SocketError.TooManyOpenSockets => OvsErrno.EMFILE,
            SocketError.NetworkDown => OvsErrno.ENETDOWN,
            SocketError.OperationNotSupported => OvsErrno.EOPNOTSUPP,
            SocketError.ProtocolNotSupported => OvsErrno.EPROTONOSUPPORT,
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => OvsErrno.EAFNOSUPPORT,
            _ => OvsErrno.EIO,
        };
    }
}
