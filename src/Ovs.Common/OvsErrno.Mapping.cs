// Upstream: none (bridges .NET exceptions to the errno values upstream reports)
//
// .NET reports system errors as SocketError values and exception types/HResults rather than errno. On Unix the
// runtime stores the raw errno as the HResult of a plain IOException, but maps a few errno values to dedicated
// exception types carrying Windows HResults (file not found, access denied, ...). These tables undo both so that
// messages print the errno text upstream would.
using System.Collections.Frozen;
using System.ComponentModel;
using System.Net.Sockets;

namespace Ovs.Common;

public static partial class OvsErrno
{
    private static readonly FrozenDictionary<SocketError, int> s_socketErrors = new Dictionary<SocketError, int>
    {
        [SocketError.Success] = 0,
        [SocketError.AccessDenied] = EACCES,
        [SocketError.AddressAlreadyInUse] = EADDRINUSE,
        [SocketError.AddressFamilyNotSupported] = EAFNOSUPPORT,
        [SocketError.AddressNotAvailable] = EADDRNOTAVAIL,
        [SocketError.AlreadyInProgress] = EALREADY,
        [SocketError.ConnectionAborted] = ECONNABORTED,
        [SocketError.ConnectionRefused] = ECONNREFUSED,
        [SocketError.ConnectionReset] = ECONNRESET,
        [SocketError.DestinationAddressRequired] = EDESTADDRREQ,
        [SocketError.Fault] = EFAULT,
        [SocketError.HostDown] = EHOSTDOWN,
        [SocketError.HostUnreachable] = EHOSTUNREACH,
        [SocketError.InProgress] = EINPROGRESS,
        [SocketError.Interrupted] = EINTR,
        [SocketError.InvalidArgument] = EINVAL,
        [SocketError.IsConnected] = EISCONN,
        [SocketError.MessageSize] = EMSGSIZE,
        [SocketError.NetworkDown] = ENETDOWN,
        [SocketError.NetworkReset] = ENETRESET,
        [SocketError.NetworkUnreachable] = ENETUNREACH,
        [SocketError.NoBufferSpaceAvailable] = ENOBUFS,
        [SocketError.NotConnected] = ENOTCONN,
        [SocketError.NotSocket] = ENOTSOCK,
        [SocketError.OperationAborted] = ECANCELED,
        [SocketError.OperationNotSupported] = EOPNOTSUPP,
        [SocketError.ProtocolFamilyNotSupported] = EPFNOSUPPORT,
        [SocketError.ProtocolNotSupported] = EPROTONOSUPPORT,
        [SocketError.ProtocolOption] = ENOPROTOOPT,
        [SocketError.ProtocolType] = EPROTOTYPE,
        [SocketError.Shutdown] = EPIPE,
        [SocketError.SocketNotSupported] = ESOCKTNOSUPPORT,
        [SocketError.TimedOut] = ETIMEDOUT,
        [SocketError.TooManyOpenSockets] = EMFILE,
        [SocketError.TryAgain] = EAGAIN,
        [SocketError.WouldBlock] = EAGAIN,
    }.ToFrozenDictionary();

    // Windows-style HResults that the runtime uses on Unix for errno values it turns into dedicated exceptions.
    private static readonly FrozenDictionary<int, int> s_hresults = new Dictionary<int, int>
    {
        [unchecked((int)0x80070002)] = ENOENT,       // FileNotFoundException
        [unchecked((int)0x80070003)] = ENOENT,       // DirectoryNotFoundException
        [unchecked((int)0x80070005)] = EACCES,       // UnauthorizedAccessException
        [unchecked((int)0x80070020)] = EBUSY,        // sharing violation
        [unchecked((int)0x80070050)] = EEXIST,       // ERROR_FILE_EXISTS
        [unchecked((int)0x800700B7)] = EEXIST,       // ERROR_ALREADY_EXISTS
        [unchecked((int)0x800700CE)] = ENAMETOOLONG, // PathTooLongException
        [unchecked((int)0x80070070)] = ENOSPC,       // ERROR_DISK_FULL
        [unchecked((int)0x80070057)] = EINVAL,       // ERROR_INVALID_PARAMETER
        [unchecked((int)0x800700E8)] = EPIPE,        // ERROR_NO_DATA (pipe closing)
        [unchecked((int)0x8007006D)] = EPIPE,        // ERROR_BROKEN_PIPE
    }.ToFrozenDictionary();

    /// <summary>The errno equivalent of a socket error; EIO when there is none.</summary>
    public static int FromSocketError(SocketError error) => s_socketErrors.TryGetValue(error, out int errno) ? errno : EIO;

    /// <summary>
    /// The errno an exception stands for: socket errors by their SocketError, I/O errors by their HResult (the raw
    /// errno on Unix, or one of the runtime's mapped HResults), a few well-known types by type. EIO otherwise.
    /// </summary>
    public static int FromException(Exception exception) => exception switch
    {
        SocketException se => FromSocketError(se.SocketErrorCode),
        FileNotFoundException or DirectoryNotFoundException => ENOENT,
        PathTooLongException => ENAMETOOLONG,
        UnauthorizedAccessException => EACCES,
        Win32Exception w when w.NativeErrorCode > 0 => w.NativeErrorCode,
        IOException io when io.InnerException is SocketException inner => FromSocketError(inner.SocketErrorCode),
        IOException io => FromHResult(io.HResult),
        TimeoutException => ETIMEDOUT,
        OperationCanceledException => ECANCELED,
        OutOfMemoryException => ENOMEM,
        ArgumentException => EINVAL,
        _ => EIO,
    };

    /// <summary>
    /// As <see cref="FromException"/> for errors on AF_UNIX sockets. The runtime reports connect()'s ENOENT (no
    /// socket file) as AddressNotAvailable, which would otherwise print as EADDRNOTAVAIL; on a Unix-domain socket
    /// that error can only have been ENOENT.
    /// </summary>
    public static int FromUnixSocketException(SocketException exception) =>
        exception.SocketErrorCode == SocketError.AddressNotAvailable ? ENOENT : FromSocketError(exception.SocketErrorCode);

    /// <summary>Maps an exception HResult: small positive values are raw errno values on Unix.</summary>
    public static int FromHResult(int hresult)
    {
        if (hresult is > 0 and < 4096)
        {
            return hresult;
        }

        return s_hresults.TryGetValue(hresult, out int errno) ? errno : EIO;
    }
}
