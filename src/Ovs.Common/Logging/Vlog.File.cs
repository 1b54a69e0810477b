// Upstream: lib/vlog.c, vlog_set_log_file(), vlog_reopen_log_file(), vlog_close_log_file() (OVS 3.1)
//
// The log file is opened in append mode (0660) and announced with "opened log file NAME" at INFO from module vlog,
// with NAME exactly as given (upstream does not make it absolute). Reopening is for log rotation: when the open
// descriptor still refers to the file at NAME nothing happens, otherwise the file is reopened and announced again.
// We check "still the same file" through /proc/self/fd, which names the path the descriptor refers to, so no
// stat() structure layout is needed.
using System.Text;

namespace Ovs.Common.Logging;

public static partial class Vlog
{
    private const int OAppend = 0x400;

    private static int s_fileDescriptor = -1;
    private static string? s_fileName;

    /// <summary>The log file name given to <see cref="SetLogFile"/>, or null when there is none.</summary>
    public static string? LogFileName
    {
        get
        {
            lock (s_lock)
            {
                return s_fileName;
            }
        }
    }

    /// <summary>True while a log file is open.</summary>
    public static bool IsLogFileOpen
    {
        get
        {
            lock (s_lock)
            {
                return s_fileDescriptor >= 0;
            }
        }
    }

    /// <summary>The --log-file default: OVS_LOGDIR/PROGRAM.log.</summary>
    public static string DefaultLogFileName => Path.Combine(OvsPaths.LogDir, OvsProgram.Name + ".log");

    /// <summary>
    /// Opens <paramref name="fileName"/> (null = the default) as the log file, replacing any open one. On failure
    /// logs upstream's warning and returns the strerror text; returns null on success.
    /// </summary>
    public static string? SetLogFile(string? fileName)
    {
        string name = fileName ?? DefaultLogFileName;
        lock (s_lock)
        {
            CloseUnlocked();
            s_fileName = name;
        }

        return OpenLogFile(name);
    }

    /// <summary>vlog/reopen: reopens the log file if it was rotated or closed; null on success or when no file is set.</summary>
    public static string? Reopen()
    {
        string? name;
        lock (s_lock)
        {
            name = s_fileName;
            if (name is null || (s_fileDescriptor >= 0 && StillSameFile(name)))
            {
                return null;
            }

            CloseUnlocked();
        }

        return OpenLogFile(name);
    }

    /// <summary>vlog/close: closes the log file (vlog/reopen opens it again).</summary>
    public static void Close()
    {
        lock (s_lock)
        {
            CloseUnlocked();
            RefreshAllUnlocked();
        }
    }

    private static string? OpenLogFile(string name)
    {
        // O_APPEND, not FileMode.Append: several processes (a daemon and its monitor, or a second instance that is
        // about to fail) may write to the same log, and only O_APPEND makes each write land at the end.
        int fd = Hosting.Libc.Open(name, Hosting.Libc.OWrOnly | Hosting.Libc.OCreat | OAppend | Hosting.Libc.OCloexec, 0b110_110_000);
        if (fd < 0)
        {
            string error = OvsErrno.StrError(Hosting.Libc.Errno);
            Self.Warn($"failed to open {name} for logging: {error}");
            return error;
        }

        lock (s_lock)
        {
            CloseUnlocked();
            s_fileDescriptor = fd;
            RefreshAllUnlocked();
        }

        // A re-executed daemon child continues its parent's log, where the parent already announced the file.
        if (!Interlocked.Exchange(ref s_continuation, false))
        {
            Self.Info($"opened log file {name}");
        }

        return null;
    }

    private static void CloseUnlocked()
    {
        if (s_fileDescriptor >= 0)
        {
            Hosting.Libc.Close(s_fileDescriptor);
            s_fileDescriptor = -1;
        }
    }

    /// <summary>Writes one whole line with a single write(2) where possible, so concurrent writers do not interleave.</summary>
    private static unsafe void WriteFileLine(string line)
    {
        int size = Encoding.UTF8.GetByteCount(line) + 1;
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            Encoding.UTF8.GetBytes(line, buffer);
            buffer[size - 1] = (byte)'\n';
            fixed (byte* p = buffer)
            {
                int done = 0;
                while (done < size)
                {
                    nint n = Hosting.Libc.Write(s_fileDescriptor, p + done, size - done);
                    if (n < 0 && Hosting.Libc.Errno == OvsErrno.EINTR)
                    {
                        continue;
                    }

                    if (n <= 0)
                    {
                        // Like upstream, a log write error is not reported anywhere: there is nowhere to report it.
                        return;
                    }

                    done += (int)n;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool StillSameFile(string name)
    {
        try
        {
            FileSystemInfo? target = new FileInfo($"/proc/self/fd/{s_fileDescriptor}").ResolveLinkTarget(false);
            return target is not null && target.FullName == Path.GetFullPath(name);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
