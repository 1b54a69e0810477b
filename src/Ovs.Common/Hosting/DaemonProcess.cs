// Upstream: lib/daemon-unix.c, fork_and_wait_for_startup() and process_status_msg() (OVS 3.1)
//
// .NET processes are multi-threaded from the start, so fork() without exec is unsafe. Where upstream forks, we
// re-execute our own executable with the original arguments (read back from /proc/self/cmdline, so both a native
// binary and "dotnet app.dll" work, and a hard-linked program keeps its name) and tell the child its role through
// one environment variable: "ROLE:FD:RESTARTS", where ROLE is "daemon" or "monitor", FD is the write end of a
// pipe inherited from the parent (-1 for none), on which the child writes one byte once it is ready, and
// RESTARTS counts monitor restarts. Only that one descriptor is made inheritable, and only while spawning.
using System.Diagnostics;
using System.Globalization;
using Ovs.Common.Logging;

namespace Ovs.Common.Hosting;

internal enum DaemonRole
{
    None,
    Daemon,
    Monitor,
}

internal static class DaemonProcess
{
    public const string RoleVariable = "OVS_DOTNET_DAEMON";

    private static readonly Lock s_spawnLock = new();

    /// <summary>Reads and clears the role variable, so grandchildren started for other reasons do not see it.</summary>
    public static (DaemonRole Role, int ReadyFd, int Restarts, int StateFd) TakeRole()
    {
        string? value = Environment.GetEnvironmentVariable(RoleVariable);
        if (value is null)
        {
            return (DaemonRole.None, -1, 0, -1);
        }

        Environment.SetEnvironmentVariable(RoleVariable, null);
        string[] parts = value.Split(':');
        DaemonRole role = parts[0] == "monitor" ? DaemonRole.Monitor : DaemonRole.Daemon;
        int fd = parts.Length > 1 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int f) ? f : -1;
        int restarts = parts.Length > 2 && int.TryParse(parts[2], CultureInfo.InvariantCulture, out int r) ? r : 0;
        int stateFd = parts.Length > 3 && int.TryParse(parts[3], CultureInfo.InvariantCulture, out int s) ? s : -1;
        if (fd >= 0)
        {
            Libc.SetCloexec(fd, true);
        }

        if (stateFd >= 0)
        {
            Libc.SetCloexec(stateFd, true);
        }

        return (role, fd, restarts, stateFd);
    }

    /// <summary>
    /// Starts a copy of this program in <paramref name="role"/>. Returns the child and the read end of its
    /// readiness pipe (the caller closes it). <paramref name="stateFd"/> (if not -1) is the monitor's restart-state
    /// file, which the child inherits.
    /// </summary>
    public static (Process Child, int ReadyReadFd) Spawn(DaemonRole role, int restarts, int stateFd = -1)
    {
        int error = Libc.CreatePipe(out int readFd, out int writeFd);
        if (error != 0)
        {
            OvsFatal.Fatal(error, "pipe failed");
        }

        var psi = new ProcessStartInfo(Environment.ProcessPath ?? "/proc/self/exe") { UseShellExecute = false };
        foreach (string arg in ReadCommandLine().Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        string roleName = role == DaemonRole.Monitor ? "monitor" : "daemon";
        psi.Environment[RoleVariable] = FormattableString.Invariant($"{roleName}:{writeFd}:{restarts}:{stateFd}");
        psi.Environment[Vlog.ContinuationVariable] = Vlog.ExportContinuation();

        Process child;
        lock (s_spawnLock)
        {
            Libc.SetCloexec(writeFd, false);
            if (stateFd >= 0)
            {
                Libc.SetCloexec(stateFd, false);
            }

            try
            {
                child = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null");
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                Libc.Close(readFd);
                Libc.Close(writeFd);
                OvsFatal.Fatal(OvsErrno.FromException(ex), "could not fork");
                throw;
            }
        }

        if (stateFd >= 0)
        {
            Libc.SetCloexec(stateFd, true);
        }

        Libc.Close(writeFd);
        return (child, readFd);
    }

    /// <summary>Upstream's process_status_msg() for a child's exit, from .NET's exit code (128+N = signal N).</summary>
    public static string StatusMessage(int exitCode) =>
        exitCode > 128 && exitCode < 128 + 65
            ? $"killed ({FatalSignal.SignalName(exitCode - 128)})"
            : $"exit status {exitCode}";

    /// <summary>The signal that killed a child, or 0 when it exited.</summary>
    public static int KillSignal(int exitCode) => exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;

    private static string[] ReadCommandLine()
    {
        try
        {
            string raw = File.ReadAllText("/proc/self/cmdline");
            return raw.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return Environment.GetCommandLineArgs();
        }
    }
}
