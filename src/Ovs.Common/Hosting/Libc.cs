// Upstream: none (the POSIX calls lib/daemon-unix.c and lib/lockfile.c make, for a .NET process)
//
// The handful of libc functions daemon support needs that .NET does not expose: process sessions, raw pipes and
// descriptors, and classic POSIX record locks. Record locks must be the fcntl(F_SETLK) kind, not flock() or
// open-file-description locks, because upstream tools (ovs-appctl -t, ovs-ctl) read the pidfile and ask who holds
// its lock with F_GETLK, expecting the daemon's pid. Linux only; struct flock has the same layout on x86_64 and
// aarch64. Source-generated marshalling (LibraryImport) keeps this Native AOT safe.
using System.Runtime.InteropServices;

namespace Ovs.Common.Hosting;

internal static partial class Libc
{
    public const int FGetLk = 5;
    public const int FSetLk = 6;
    public const int FGetFd = 1;
    public const int FSetFd = 2;
    public const int FdCloexec = 1;
    public const short FRdLck = 0;
    public const short FWrLck = 1;
    public const short FUnLck = 2;
    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int ORdWr = 2;
    public const int OCreat = 0x40;
    public const int OTrunc = 0x200;
    public const int OCloexec = 0x80000;

    /// <summary>O_TMPFILE (__O_TMPFILE | O_DIRECTORY): an unnamed file in the given directory.</summary>
    public const int OTmpFile = 0x410000;

    [StructLayout(LayoutKind.Sequential)]
    public struct Flock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    public static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlLock(int fd, int cmd, ref Flock flock);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    public static partial nint Signal(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "sigaction", SetLastError = true)]
    private static unsafe partial int SigAction(int signal, void* action, void* oldAction);

    /// <summary>
    /// True if <paramref name="signal"/>'s action is currently the default one (SIG_DFL). Reads struct sigaction,
    /// whose first member is the handler on Linux x86-64 and aarch64 (152 bytes in glibc; the buffer is larger).
    /// </summary>
    public static unsafe bool IsDefaultAction(int signal)
    {
        byte* action = stackalloc byte[256];
        return SigAction(signal, null, action) == 0 && *(nint*)action == 0;
    }

    [LibraryImport("libc", EntryPoint = "raise", SetLastError = true)]
    public static partial int Raise(int signal);

    [LibraryImport("libc", EntryPoint = "chdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chdir(string path);

    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    public static partial int SetGid(uint gid);

    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    public static partial int SetUid(uint uid);

    [LibraryImport("libc", EntryPoint = "initgroups", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InitGroups(string user, uint gid);

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    /// <summary>The errno of the last failed call above.</summary>
    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>Creates a pipe; both ends close-on-exec unless cleared with <see cref="SetCloexec"/>.</summary>
    public static unsafe int CreatePipe(out int readFd, out int writeFd)
    {
        int* fds = stackalloc int[2];
        int rc = Pipe2(fds, OCloexec);
        readFd = fds[0];
        writeFd = fds[1];
        return rc < 0 ? Errno : 0;
    }

    public static void SetCloexec(int fd, bool on)
    {
        int flags = Fcntl(fd, FGetFd, 0);
        if (flags >= 0)
        {
            Fcntl(fd, FSetFd, on ? flags | FdCloexec : flags & ~FdCloexec);
        }
    }

    /// <summary>Writes all of <paramref name="data"/> with write(2), retrying after EINTR; false on error.</summary>
    public static unsafe bool WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Write(fd, p + done, data.Length - done);
                if (n < 0 && Errno == 4)
                {
                    continue;
                }

                if (n <= 0)
                {
                    return false;
                }

                done += (int)n;
            }
        }

        return true;
    }

    public static unsafe bool WriteByte(int fd, byte value)
    {
        nint n;
        do
        {
            n = Write(fd, &value, 1);
        }
        while (n < 0 && Errno == 4);

        return n == 1;
    }

    /// <summary>Reads one byte; returns the byte, -1 at end of file, or -2 on error.</summary>
    public static unsafe int ReadByte(int fd)
    {
        byte value;
        nint n;
        do
        {
            n = Read(fd, &value, 1);
        }
        while (n < 0 && Errno == 4);

        return n switch
        {
            1 => value,
            0 => -1,
            _ => -2,
        };
    }
}
