// Upstream: lib/util.c, ovs_strerror() and ovs_retval_to_string() (OVS 3.1)
//
// Linux errno numbers and glibc's strerror() texts for the errors our code reports. The texts are part of
// user-visible output ("ovsdb-client: unix:x.sock: database connection failed (No such file or directory)"), so
// they are a fixed table rather than whatever the .NET runtime would print. Numbers outside the table read
// "Unknown error N" as glibc does; EOF (-1, upstream's end-of-stream pseudo-errno) reads "End of file".
using System.Collections.Frozen;

namespace Ovs.Common;

/// <summary>errno values (Linux numbering) and their strerror text exactly as glibc prints it.</summary>
public static partial class OvsErrno
{
    /// <summary>Upstream's pseudo-errno for a clean end of stream.</summary>
    public const int EOF = -1;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int E2BIG = 7;
    public const int ENOEXEC = 8;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int ENOTTY = 25;
    public const int ETXTBSY = 26;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int ESPIPE = 29;
    public const int EROFS = 30;
    public const int EMLINK = 31;
    public const int EPIPE = 32;
    public const int EDOM = 33;
    public const int ERANGE = 34;
    public const int EDEADLK = 35;
    public const int ENAMETOOLONG = 36;
    public const int ENOLCK = 37;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int ENOMSG = 42;
    public const int ENODATA = 61;
    public const int ETIME = 62;
    public const int EPROTO = 71;
    public const int EBADMSG = 74;
    public const int EOVERFLOW = 75;
    public const int EILSEQ = 84;
    public const int ENOTSOCK = 88;
    public const int EDESTADDRREQ = 89;
    public const int EMSGSIZE = 90;
    public const int EPROTOTYPE = 91;
    public const int ENOPROTOOPT = 92;
    public const int EPROTONOSUPPORT = 93;
    public const int ESOCKTNOSUPPORT = 94;
    public const int EOPNOTSUPP = 95;
    public const int EPFNOSUPPORT = 96;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETDOWN = 100;
    public const int ENETUNREACH = 101;
    public const int ENETRESET = 102;
    public const int ECONNABORTED = 103;
    public const int ECONNRESET = 104;
    public const int ENOBUFS = 105;
    public const int EISCONN = 106;
    public const int ENOTCONN = 107;
    public const int ESHUTDOWN = 108;
    public const int ETIMEDOUT = 110;
    public const int ECONNREFUSED = 111;
    public const int EHOSTDOWN = 112;
    public const int EHOSTUNREACH = 113;
    public const int EALREADY = 114;
    public const int EINPROGRESS = 115;
    public const int ESTALE = 116;
    public const int EDQUOT = 122;
    public const int ECANCELED = 125;

    private static readonly FrozenDictionary<int, string> s_messages = new Dictionary<int, string>
    {
        [EOF] = "End of file",
        [EPERM] = "Operation not permitted",
        [ENOENT] = "No such file or directory",
        [ESRCH] = "No such process",
        [EINTR] = "Interrupted system call",
        [EIO] = "Input/output error",
        [ENXIO] = "No such device or address",
        [E2BIG] = "Argument list too long",
        [ENOEXEC] = "Exec format error",
        [EBADF] = "Bad file descriptor",
        [ECHILD] = "No child processes",
        [EAGAIN] = "Resource temporarily unavailable",
        [ENOMEM] = "Cannot allocate memory",
        [EACCES] = "Permission denied",
        [EFAULT] = "Bad address",
        [EBUSY] = "Device or resource busy",
        [EEXIST] = "File exists",
        [EXDEV] = "Invalid cross-device link",
        [ENODEV] = "No such device",
        [ENOTDIR] = "Not a directory",
        [EISDIR] = "Is a directory",
        [EINVAL] = "Invalid argument",
        [ENFILE] = "Too many open files in system",
        [EMFILE] = "Too many open files",
        [ENOTTY] = "Inappropriate ioctl for device",
        [ETXTBSY] = "Text file busy",
        [EFBIG] = "File too large",
        [ENOSPC] = "No space left on device",
        [ESPIPE] = "Illegal seek",
        [EROFS] = "Read-only file system",
        [EMLINK] = "Too many links",
        [EPIPE] = "Broken pipe",
        [EDOM] = "Numerical argument out of domain",
        [ERANGE] = "Numerical result out of range",
        [EDEADLK] = "Resource deadlock avoided",
        [ENAMETOOLONG] = "File name too long",
        [ENOLCK] = "No locks available",
        [ENOSYS] = "Function not implemented",
        [ENOTEMPTY] = "Directory not empty",
        [ELOOP] = "Too many levels of symbolic links",
        [ENOMSG] = "No message of desired type",
        [ENODATA] = "No data available",
        [ETIME] = "Timer expired",
        [EPROTO] = "Protocol error",
        [EBADMSG] = "Bad message",
        [EOVERFLOW] = "Value too large for defined data type",
        [EILSEQ] = "Invalid or incomplete multibyte or wide character",
        [ENOTSOCK] = "Socket operation on non-socket",
        [EDESTADDRREQ] = "Destination address required",
        [EMSGSIZE] = "Message too long",
        [EPROTOTYPE] = "Protocol wrong type for socket",
        [ENOPROTOOPT] = "Protocol not available",
        [EPROTONOSUPPORT] = "Protocol not supported",
        [ESOCKTNOSUPPORT] = "Socket type not supported",
        [EOPNOTSUPP] = "Operation not supported",
        [EPFNOSUPPORT] = "Protocol family not supported",
        [EAFNOSUPPORT] = "Address family not supported by protocol",
        [EADDRINUSE] = "Address already in use",
        [EADDRNOTAVAIL] = "Cannot assign requested address",
        [ENETDOWN] = "Network is down",
        [ENETUNREACH] = "Network is unreachable",
        [ENETRESET] = "Network dropped connection on reset",
        [ECONNABORTED] = "Software caused connection abort",
        [ECONNRESET] = "Connection reset by peer",
        [ENOBUFS] = "No buffer space available",
        [EISCONN] = "Transport endpoint is already connected",
        [ENOTCONN] = "Transport endpoint is not connected",
        [ESHUTDOWN] = "Cannot send after transport endpoint shutdown",
        [ETIMEDOUT] = "Connection timed out",
        [ECONNREFUSED] = "Connection refused",
        [EHOSTDOWN] = "Host is down",
        [EHOSTUNREACH] = "No route to host",
        [EALREADY] = "Operation already in progress",
        [EINPROGRESS] = "Operation now in progress",
        [ESTALE] = "Stale file handle",
        [EDQUOT] = "Disk quota exceeded",
        [ECANCELED] = "Operation canceled",
    }.ToFrozenDictionary();

    /// <summary>glibc's strerror(<paramref name="errno"/>); "Success" for 0.</summary>
    public static string StrError(int errno) => errno switch
    {
        0 => "Success",
        _ => s_messages.TryGetValue(errno, out string? text) ? text : $"Unknown error {errno}",
    };

    /// <summary>
    /// Upstream's ovs_retval_to_string(): "" for 0, strerror for positive values, "End of file" for EOF.
    /// </summary>
    public static string RetvalToString(int retval) => retval == 0 ? string.Empty : StrError(retval);
}
