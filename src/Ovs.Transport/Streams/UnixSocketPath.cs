// Upstream: lib/socket-util-unix.c, make_sockaddr_un() (OVS 3.1)
//
// sockaddr_un holds at most 107 path bytes plus a NUL. For a longer path upstream opens the socket's directory and
// uses "/proc/self/fd/N/NAME" instead, which the kernel resolves through the open directory. We do the same: the
// directory descriptor stays open only for the bind() or connect() call. If even that form is too long, the result
// is ENAMETOOLONG.
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Ovs.Common;

namespace Ovs.Transport.Streams;

/// <summary>Builds Unix socket endpoints, working around the 108-byte sun_path limit as upstream does.</summary>
internal static partial class UnixSocketPath
{
    /// <summary>The longest path that fits in sun_path with its terminating NUL.</summary>
    public const int MaxPathSize = 107;

    private const int ORdOnly = 0;
    private const int ODirectory = 0x10000;
    private const int OCloexec = 0x80000;

    /// <summary>
    /// Makes an endpoint for <paramref name="path"/>. For long paths <paramref name="directoryFd"/> is an open
    /// descriptor that must stay open until bind or connect is done and then be passed to <see cref="Release"/>;
    /// otherwise it is -1. Returns 0 or an errno.
    /// </summary>
    public static int Resolve(string path, out UnixDomainSocketEndPoint? endPoint, out int directoryFd)
    {
        endPoint = null;
        directoryFd = -1;
        if (Encoding.UTF8.GetByteCount(path) <= MaxPathSize)
        {
            endPoint = new UnixDomainSocketEndPoint(path);
            return 0;
        }

        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? "/";
        string name = Path.GetFileName(full);
        if (!OperatingSystem.IsLinux() || Encoding.UTF8.GetByteCount($"/proc/self/fd/{int.MaxValue}/{name}") > MaxPathSize)
        {
            return OvsErrno.ENAMETOOLONG;
        }

        int fd = Open(directory, ORdOnly | ODirectory | OCloexec);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        directoryFd = fd;
        endPoint = new UnixDomainSocketEndPoint($"/proc/self/fd/{fd}/{name}");
        return 0;
    }

    /// <summary>Closes the directory descriptor from <see cref="Resolve"/>, if any.</summary>
    public static void Release(int directoryFd)
    {
        if (directoryFd >= 0)
        {
            _ = Close(directoryFd);
        }
    }

    /// <summary>
    /// The errno for a failed bind or connect on a Unix socket. .NET reports a missing socket file (ENOENT) as
    /// AddressNotAvailable, which has no other meaning for Unix sockets.
    /// </summary>
    public static int ErrorOf(Exception ex) =>
        ex is SocketException { SocketErrorCode: SocketError.AddressNotAvailable } ? OvsErrno.ENOENT : Errno.FromException(ex);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
