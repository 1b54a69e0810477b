// Upstream: lib/daemon-unix.c, daemonize_start(), daemonize_complete(), set_detach() and friends (OVS 3.1)
//
// Turns the process into a daemon as the daemon options ask, in the .NET way described in DaemonProcess: --detach
// re-executes the program in a new session and the original process waits, exiting 0 once the daemon says it is
// ready, or with the daemon's failure if it dies first; --monitor puts a monitor process (DaemonMonitor) between
// them that restarts the daemon after crashes. Inside the daemon, Start() creates the pidfile (fatal errors as
// upstream), switches user if asked, and returns; NotifyReady() then releases the waiting parent, and for a
// detached daemon points stdin/stdout/stderr at /dev/null, turns console logging off and changes to "/" (unless
// --no-chdir). Call Start() early in Main, after option parsing and before opening sockets; it returns only in
// the process that is to run as the daemon.
using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Ovs.Common.Logging;

namespace Ovs.Common.Hosting;

/// <summary>Daemon life cycle: detach, monitor, pidfile, readiness.</summary>
public static class Daemon
{
    private static readonly VlogModule s_log = VlogModule.Get("daemon_unix");
    private static DaemonOptions s_options = new();
    private static PidFile? s_pidFile;
    private static int s_readyFd = -1;
    private static int s_stateFd = -1;
    private static int s_ready;
    private static readonly HashSet<int> s_savedFds = [];

    /// <summary>Absolute pidfile path, or null when the daemon has none.</summary>
    public static string? PidFilePath => s_pidFile?.Path ?? s_options.PidFile;

    /// <summary>True in a daemon started with --detach (it has its own session and no terminal after readiness).</summary>
    public static bool IsDetached { get; private set; }

    /// <summary>True in a daemon that a --monitor process supervises.</summary>
    public static bool IsMonitored { get; private set; }

    /// <summary>
    /// Applies <paramref name="options"/>. In the process that launches a detached daemon, and in the monitor,
    /// this never returns; in the daemon it returns after the pidfile exists.
    /// </summary>
    public static void Start(DaemonOptions options)
    {
        s_options = options;
        (DaemonRole role, int readyFd, int restarts, int stateFd) = DaemonProcess.TakeRole();
        switch (role)
        {
            case DaemonRole.None when options.Detach:
                WaitForDetachedChild(options.Monitor ? DaemonRole.Monitor : DaemonRole.Daemon);
                break;
            case DaemonRole.None when options.Monitor:
                DaemonMonitor.Run(-1, false);
                break;
            case DaemonRole.Monitor:
                if (options.Detach)
                {
                    Libc.SetSid();
                }

                DaemonMonitor.Run(readyFd, options.Detach);
                break;
            default:
                IsMonitored = options.Monitor && role == DaemonRole.Daemon;
                if (role == DaemonRole.Daemon && options.Detach && !IsMonitored)
                {
                    Libc.SetSid();
                }

                if (restarts > 0)
                {
                    // Upstream's restarted daemons tag their log lines with the program name, e.g.
                    // "ovsdb_server(ovsdb-server)|INFO|...", because the monitor renamed the forked child.
                    Vlog.ProcessSubprogramName = OvsProgram.Name;
                }

                IsDetached = options.Detach;
                s_readyFd = readyFd;
                s_stateFd = stateFd;
                BecomeDaemon(options);
                break;
        }
    }

    /// <summary>
    /// Signals that start-up is complete: the waiting parent exits 0, and a detached daemon drops its terminal.
    /// Idempotent.
    /// </summary>
    public static void NotifyReady()
    {
        if (Interlocked.Exchange(ref s_ready, 1) != 0)
        {
            return;
        }

        if (s_readyFd >= 0)
        {
            Libc.WriteByte(s_readyFd, 1);
            Libc.Close(s_readyFd);
            s_readyFd = -1;
        }

        if (IsDetached)
        {
            DropTerminal();
        }
    }

    /// <summary>
    /// Keeps standard descriptor <paramref name="fd"/> open when a detached daemon drops its terminal (upstream's
    /// daemon_save_fd()), as ovs-ofctl monitor keeps printing to its standard error.
    /// </summary>
    public static void SaveFd(int fd) => s_savedFds.Add(fd);

    /// <summary>Console logging off, standard streams to /dev/null, and chdir("/") unless --no-chdir.</summary>
    internal static void DropTerminal()
    {
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Off);
        RedirectStandardStreamsToNull();
        if (!s_options.NoChdir)
        {
            Libc.Chdir("/");
        }
    }

    /// <summary>
    /// In a daemon under --monitor: the text its predecessor last saved with <see cref="SaveRestartState"/>, or null
    /// (not monitored, first start, or nothing saved).
    /// </summary>
    public static string? LoadRestartState()
    {
        if (s_stateFd < 0)
        {
            return null;
        }

        using var stream = new FileStream(new SafeFileHandle(s_stateFd, ownsHandle: false), FileAccess.ReadWrite);
        stream.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        string text = reader.ReadToEnd();
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// In a daemon under --monitor: replaces the state a restarted successor will get from
    /// <see cref="LoadRestartState"/>. Does nothing otherwise.
    /// </summary>
    public static void SaveRestartState(string text)
    {
        if (s_stateFd < 0)
        {
            return;
        }

        using var stream = new FileStream(new SafeFileHandle(s_stateFd, ownsHandle: false), FileAccess.ReadWrite);
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        stream.SetLength(0);
        stream.Seek(0, SeekOrigin.Begin);
        stream.Write(bytes);
        stream.Flush();
    }

    /// <summary>Removes the pidfile now (normally done by the exit and fatal-signal hooks).</summary>
    public static void RemovePidFile() => Interlocked.Exchange(ref s_pidFile, null)?.Dispose();

    private static void BecomeDaemon(DaemonOptions options)
    {
        if (options.PidFile is { } path)
        {
            PidFile? pidFile = PidFile.Create(path, Environment.ProcessId, options.OverwritePidFile, out int errno, out string? error);
            if (pidFile is null)
            {
                OvsFatal.Fatal(s_log, errno, error!);
            }

            s_pidFile = pidFile;
            FatalSignal.AddHook(RemovePidFile);
        }

        if (options.User is { } user)
        {
            DaemonUser.Switch(user);
        }
    }

    private static void WaitForDetachedChild(DaemonRole role)
    {
        (Process child, int readFd) = DaemonProcess.Spawn(role, 0);
        int b = Libc.ReadByte(readFd);
        Libc.Close(readFd);
        if (b >= 0)
        {
            Environment.Exit(0);
        }

        child.WaitForExit();
        int code = child.ExitCode;
        if (code is > 0 and < 128)
        {
            // The child already reported why; pass its status on, as upstream does.
            Environment.Exit(code);
        }

        s_log.Emer($"fork child died before signaling startup ({DaemonProcess.StatusMessage(code)})");
        Environment.Exit(1);
    }

    private static void RedirectStandardStreamsToNull()
    {
        int fd = Libc.Open("/dev/null", Libc.ORdWr, 0);
        if (fd < 0)
        {
            OvsFatal.Fatal(Libc.Errno, "could not open /dev/null");
        }

        // The runtime (and System.Console) keep private duplicates of the standard descriptors, which would keep
        // the parent's terminal or pipe open; point every descriptor that refers to the same objects at /dev/null.
        HashSet<string> terminal = [];
        for (int target = 0; target <= 2; target++)
        {
            if (!s_savedFds.Contains(target) && DescriptorTarget(target) is { } name && name != "/dev/null")
            {
                terminal.Add(name);
            }
        }

        foreach (int other in OpenDescriptors())
        {
            if (other != fd && !s_savedFds.Contains(other) && (other <= 2 || (DescriptorTarget(other) is { } name && terminal.Contains(name))))
            {
                Libc.Dup2(fd, other);
            }
        }

        // System.Console may hold duplicates of the old descriptors; make later Console use go nowhere instead.
        Console.SetIn(TextReader.Null);
        Console.SetOut(TextWriter.Null);
        if (!s_savedFds.Contains(2))
        {
            Console.SetError(TextWriter.Null);
        }

        if (fd > 2)
        {
            Libc.Close(fd);
        }
    }

    private static string? DescriptorTarget(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<int> OpenDescriptors()
    {
        List<int> fds = [0, 1, 2];
        try
        {
            foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                if (int.TryParse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 2)
                {
                    fds.Add(n);
                }
            }
        }
        catch (IOException)
        {
            // Without /proc only the standard descriptors are redirected.
        }

        return fds;
    }
}
