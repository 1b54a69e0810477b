// Upstream: ovsdb/ovsdb-client.c with lib/daemon-unix.c, daemonize_start() and daemonize_complete() as the
// monitor and lock commands use them (OVS 3.1)
//
// --detach for the long-running commands. Upstream forks, keeps stdout and stderr (so "monitor > FILE" still
// fills FILE) and lets the parent exit once the initial reply has been printed. .NET cannot fork, so the
// parent re-executes this program with the same arguments and inherited standard streams, marking the child
// through the environment, and waits until the child reports readiness (by creating a marker file) or exits.
// --pidfile creates the pidfile in the process that does the work; the parent's exit status is 0 once the child
// is ready, or the child's status if it dies first. A detached process also answers control commands on
// OVS_RUNDIR/ovsdb-client.PID.ctl (ovs-appctl -t ovsdb-client ...), one at a time, with the commands its command
// registers ("exit", "unlock", "ovsdb-client/cond_change", ...) besides the built-in ones.
using System.Diagnostics;
using Ovs.Cli;
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Transport.Streams;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsdbClient;

internal static class ClientDaemon
{
    private const string ReadyVariable = "OVS_CLIENT_DETACH_READY";

    private static readonly Lock s_dispatchLock = new();

    private static PidFile? s_pidFile;
    private static UnixctlServer? s_control;
    private static bool s_isDetachedChild;

    /// <summary>
    /// In the launching process with --detach: starts the detached child and returns its outcome. Otherwise null,
    /// after creating the pidfile if one was asked for.
    /// </summary>
    public static int? Start(OvsdbClientOptions options, IReadOnlyList<string> args)
    {
        if (options.Detach && Environment.GetEnvironmentVariable(ReadyVariable) is null)
        {
            return RunParent(args);
        }

        s_isDetachedChild = options.Detach;
        if (options.PidFile is { } name)
        {
            string path = DaemonOptions.MakePidFileName(name.Length == 0 ? null : name);
            s_pidFile = PidFile.Create(path, Environment.ProcessId, options.OverwritePidFile, out int errno, out string? error)
                ?? throw new CliException(error ?? "could not create pidfile", errno);
            FatalSignal.AddHook(() => s_pidFile?.Dispose());
        }

        return null;
    }

    /// <summary>
    /// In a detached process, starts the control socket with the built-in commands and those
    /// <paramref name="register"/> adds, and returns true; otherwise returns false and starts nothing. Handlers run
    /// one at a time. Fails as upstream does when the socket cannot be created.
    /// </summary>
    public static bool StartControl(Action<UnixctlCommands> register)
    {
        if (!s_isDetachedChild)
        {
            return false;
        }

        UnixctlCommands commands = UnixctlCommands.CreateWithBuiltins();
        register(commands);
        string path = UnixctlServer.ResolvePath(null)!;
        StreamResult<UnixctlServer> started = UnixctlServer.Start(path, commands, RunSerialized);
        s_control = started.Value ?? throw new CliException("failed to create unixctl server", started.Error);
        FatalSignal.AddFileToUnlink(path);
        return true;
    }

    /// <summary>Tells a waiting parent that start-up is complete (the initial output has been printed).</summary>
    public static void NotifyReady()
    {
        if (Environment.GetEnvironmentVariable(ReadyVariable) is { Length: > 0 } marker)
        {
            File.WriteAllText(marker, string.Empty);
            Environment.SetEnvironmentVariable(ReadyVariable, string.Empty);
        }
    }

    /// <summary>
    /// In a detached process, points standard error at /dev/null, as upstream's detached lock commands have it
    /// (they keep only standard output), so the final "receive failed" when the server goes away is not seen.
    /// </summary>
    public static void DropStandardError()
    {
        if (!s_isDetachedChild)
        {
            return;
        }

        int fd = Libc.Open("/dev/null", Libc.ORdWr, 0);
        if (fd >= 0)
        {
            Libc.Dup2(fd, 2);
            Libc.Close(fd);
        }
    }

    /// <summary>Closes the control socket and removes the pidfile at a normal exit.</summary>
    public static void Stop()
    {
        if (Interlocked.Exchange(ref s_control, null) is { } control)
        {
            string path = control.SocketPath;
            control.DisposeAsync().AsTask().GetAwaiter().GetResult();
            File.Delete(path);
        }

        Interlocked.Exchange(ref s_pidFile, null)?.Dispose();
    }

    private static void RunSerialized(Action action)
    {
        lock (s_dispatchLock)
        {
            action();
        }
    }

    private static int RunParent(IReadOnlyList<string> args)
    {
        string marker = Path.Combine(Path.GetTempPath(), $"ovsdb-client-{Environment.ProcessId}-{Guid.NewGuid():N}.ready");
        var psi = new ProcessStartInfo(Environment.ProcessPath ?? CommandLine.Argv0) { UseShellExecute = false };
        if (Path.GetFileName(psi.FileName) != OvsProgram.Name)
        {
            // The multi-call binary run under another name dispatches on its first argument instead.
            psi.ArgumentList.Add(OvsProgram.Name);
        }

        foreach (string arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment[ReadyVariable] = marker;
        using Process child = Process.Start(psi) ?? throw new CliException("could not start detached process");
        try
        {
            while (true)
            {
                if (File.Exists(marker))
                {
                    return 0;
                }

                if (child.WaitForExit(20))
                {
                    return File.Exists(marker) ? 0 : child.ExitCode;
                }
            }
        }
        finally
        {
            File.Delete(marker);
        }
    }
}
