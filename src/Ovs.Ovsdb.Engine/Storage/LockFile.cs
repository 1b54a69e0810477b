// Upstream: lib/lockfile.c (OVS 3.1)
//
// Upstream guards a file "dir/name" with an empty lock file "dir/.name.~lock~" (mode 0600) that holds a POSIX
// record lock (fcntl F_SETLK, F_WRLCK) for as long as the owner runs. We take the same kind of lock, so our
// tools and Debian's ovsdb-server/ovsdb-tool exclude each other. .NET's FileShare locking uses flock(), which
// does not interact with fcntl locks on Linux, hence the P/Invoke.
//
// Invariants: a process holds at most one LockFile per lock path (a second attempt fails with EDEADLK instead of
// silently succeeding, since fcntl locks belong to the process), and the lock file's descriptor is never closed
// twice or reopened while held, because closing any descriptor of the file would drop the lock. The per-process
// set of held locks is guarded by a lock, so different storages may open and close files on different threads;
// each LockFile itself is owned by one thread.
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Ovs.Common;
using Ovs.Common.Logging;

namespace Ovs.Ovsdb.Engine.Storage;

internal sealed partial class LockFile : IDisposable
{
    private const int FGetLk = 5;
    private const int FSetLk = 6;
    private const short FWrLck = 1;
    private const short FUnLck = 2;

    private static readonly VlogModule s_log = VlogModule.Get("lockfile");
    private static readonly HashSet<string> s_heldByThisProcess = new(StringComparer.Ordinal);

    private SafeFileHandle? _handle;

    private LockFile(string path, SafeFileHandle handle)
    {
        Path = path;
        _handle = handle;
    }

    /// <summary>The lock file's name, e.g. "dir/.x.db.~lock~".</summary>
    public string Path { get; }

    /// <summary>Upstream's lock file name for <paramref name="fileName"/>, following a symlink to its target.</summary>
    public static string NameFor(string fileName)
    {
        string target = LogFile.FollowSymlinks(fileName, warn: true);
        string dir = System.IO.Path.GetDirectoryName(target) ?? "";
        string lockName = "." + System.IO.Path.GetFileName(target) + ".~lock~";
        return dir.Length == 0 ? lockName : dir + "/" + lockName;
    }

    /// <summary>
    /// Locks <paramref name="fileName"/>. On failure logs upstream's warnings (module "lockfile") and returns the
    /// errno; 0 on success.
    /// </summary>
    public static int TryLock(string fileName, out LockFile? lockFile)
    {
        lockFile = null;
        string path = NameFor(fileName);
        string key = System.IO.Path.GetFullPath(path);
        lock (s_heldByThisProcess)
        {
            if (!s_heldByThisProcess.Add(key))
            {
                s_log.Warn($"{path}: cannot lock file because this process has already locked it");
                return OvsErrno.EDEADLK;
            }
        }

        int result = TryLockFile(path, key, out lockFile);
        if (result != 0)
        {
            lock (s_heldByThisProcess)
            {
                s_heldByThisProcess.Remove(key);
            }
        }

        return result;
    }

    private static int TryLockFile(string path, string key, out LockFile? lockFile)
    {
        lockFile = null;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(handle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            int error = OvsErrno.FromException(e);
            s_log.Warn($"{path}: failed to open lock file: {OvsErrno.StrError(error)}");
            s_log.Warn($"{path}: failed to lock file: {OvsErrno.StrError(error)}");
            return error;
        }

        if (!OperatingSystem.IsWindows())
        {
            var request = new Flock { Type = FWrLck };
            if (Fcntl((int)handle.DangerousGetHandle(), FSetLk, ref request) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                var probe = new Flock { Type = FWrLck };
                if (Fcntl((int)handle.DangerousGetHandle(), FGetLk, ref probe) == 0 && probe.Type != FUnLck)
                {
                    s_log.Warn($"{path}: cannot lock file because it is already locked by pid {probe.Pid}");
                }
                else
                {
                    s_log.Warn($"{path}: failed to lock file: {OvsErrno.StrError(error)}");
                }

                handle.Dispose();
                return error == 0 ? OvsErrno.EAGAIN : error;
            }
        }

        lockFile = new LockFile(key, handle);
        return 0;
    }

    /// <summary>Releases the lock. The lock file itself stays, as upstream leaves it.</summary>
    public void Dispose()
    {
        if (_handle is null)
        {
            return;
        }

        _handle.Dispose();
        _handle = null;
        lock (s_heldByThisProcess)
        {
            s_heldByThisProcess.Remove(Path);
        }
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, ref Flock flock);

    /// <summary>glibc's <c>struct flock</c> on 64-bit Linux (x86-64 and AArch64 share the layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Flock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }
}
