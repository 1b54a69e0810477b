// Upstream: lib/daemon-unix.c, make_pidfile(), read_pidfile(), remove_pidfile_from_unlink() (OVS 3.1)
//
// A pidfile holds "PID\n" and stays locked (fcntl write lock over the whole file) for as long as the daemon
// lives, so readers can tell a live daemon from a stale file: the lock holder's pid must equal the pid written
// in the file. It is created atomically: written and locked as PIDFILE.tmp, then renamed into place, so readers
// never see a partial file. Unless overwriting is requested, a pidfile locked by another process means the daemon
// is already running, which is fatal with upstream's message.
//
// Caveat inherited from POSIX record locks: closing ANY descriptor for the file drops the lock, so nothing else
// in this process may open the pidfile while it is held (Read() is for other processes' pidfiles).
using System.Globalization;
using System.Text;

namespace Ovs.Common.Hosting;

/// <summary>A locked pidfile owned by this process.</summary>
public sealed class PidFile : IDisposable
{
    private int _fd;

    private PidFile(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    /// <summary>Absolute path of the pidfile.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates and locks <paramref name="path"/> holding <paramref name="pid"/>. On failure returns null with the
    /// errno (0 when there is none) and the fatal message, without program-name prefix or strerror suffix.
    /// </summary>
    public static PidFile? Create(string path, int pid, bool overwrite, out int errno, out string? error)
    {
        errno = 0;
        error = null;
        if (!overwrite)
        {
            (int running, int readErrno) = Read(path, out _);
            if (readErrno == 0 && running != pid)
            {
                error = $"{path}: already running as pid {running}, aborting";
                return null;
            }
        }

        string tmp = path + ".tmp";
        try
        {
            File.Delete(tmp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // open() below reports the real problem with upstream's wording.
        }

        int fd = Libc.Open(tmp, Libc.OWrOnly | Libc.OCreat | Libc.OTrunc | Libc.OCloexec, 0b110_100_100);
        if (fd < 0)
        {
            errno = Libc.Errno;
            error = $"{tmp}: create failed";
            return null;
        }

        var lk = new Libc.Flock { Type = Libc.FWrLck, Whence = 0, Start = 0, Length = 0 };
        if (Libc.FcntlLock(fd, Libc.FSetLk, ref lk) < 0)
        {
            errno = Libc.Errno;
            error = $"{tmp}: fcntl(F_SETLK) failed";
            Libc.Close(fd);
            return null;
        }

        byte[] text = Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture) + "\n");
        if (!WriteAll(fd, text))
        {
            errno = Libc.Errno;
            error = $"{tmp}: write failed";
            Libc.Close(fd);
            return null;
        }

        try
        {
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errno = OvsErrno.FromException(ex);
            error = $"failed to rename \"{tmp}\" to \"{path}\"";
            Libc.Close(fd);
            return null;
        }

        return new PidFile(path, fd);
    }

    /// <summary>
    /// Reads another process's pidfile: returns (pid, 0) when the file names a pid that holds its lock, otherwise
    /// (0, errno): ENOENT when missing, ESRCH when stale (not locked), EINVAL when malformed. The message describes
    /// the problem the way upstream's read_pidfile() logs it.
    /// </summary>
    public static (int Pid, int Errno) Read(string path, out string? message)
    {
        message = null;
        int fd = Libc.Open(path, Libc.ORdOnly | Libc.OCloexec, 0);
        if (fd < 0)
        {
            int e = Libc.Errno;
            message = $"{path}: open: {OvsErrno.StrError(e)}";
            return (0, e);
        }

        try
        {
            var lk = new Libc.Flock { Type = Libc.FWrLck, Whence = 0, Start = 0, Length = 0 };
            if (Libc.FcntlLock(fd, Libc.FGetLk, ref lk) < 0)
            {
                int e = Libc.Errno;
                message = $"{path}: fcntl: {OvsErrno.StrError(e)}";
                return (0, e);
            }

            if (lk.Type == Libc.FUnLck)
            {
                message = $"{path}: pid file is stale";
                return (0, OvsErrno.ESRCH);
            }

            // Read through the same descriptor: opening the file again and closing it would drop any lock this
            // process holds on it.
            string content = ReadSmall(fd);
            if (!int.TryParse(content.AsSpan().TrimEnd('\n'), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                message = $"{path}: parse error";
                return (0, OvsErrno.EINVAL);
            }

            if (pid != lk.Pid)
            {
                message = $"{path}: locked by pid {lk.Pid} but pidfile contains {pid}";
                return (0, OvsErrno.ESRCH);
            }

            return (pid, 0);
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    /// <summary>Deletes the pidfile and releases its lock; safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            try
            {
                File.Delete(Path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Leaving a stale (unlocked) pidfile is harmless: readers treat it as not running.
            }

            Libc.Close(fd);
        }
    }

    private static unsafe string ReadSmall(int fd)
    {
        byte* buffer = stackalloc byte[64];
        int total = 0;
        while (total < 64)
        {
            nint n = Libc.Read(fd, buffer + total, 64 - total);
            if (n < 0 && Libc.Errno == OvsErrno.EINTR)
            {
                continue;
            }

            if (n <= 0)
            {
                break;
            }

            total += (int)n;
        }

        return Encoding.ASCII.GetString(buffer, total);
    }

    private static unsafe bool WriteAll(int fd, byte[] data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Libc.Write(fd, p + done, data.Length - done);
                if (n < 0 && Libc.Errno == OvsErrno.EINTR)
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
}
