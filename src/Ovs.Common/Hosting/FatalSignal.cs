// Upstream: lib/fatal-signal.c (OVS 3.1)
//
// Cleanup that must happen however the process ends: on SIGTERM, SIGINT and SIGHUP (and at normal exit), run the
// registered hooks once, in registration order, then let the process die. On a signal we log upstream's warning
// "terminating with signal N (NAME)" (module fatal_signal), then restore the default action and re-raise the
// signal, so the exit status says "killed by signal", as upstream's does. Hooks run on whichever thread
// handles the signal or exits, so they must be thread-safe and quick (delete a file, close a descriptor).
//
// SIGSEGV sent with kill (upstream's tests do it to make a --monitor'ed daemon look crashed) must kill the process
// by that signal, as upstream's does. The .NET runtime owns SIGSEGV: its handler turns faults in managed code into
// NullReferenceException and keeps itself installed; for any other SIGSEGV (one sent by kill, a fault in native
// code) it restores the default action and returns, so the first kill -SEGV is survived. We also watch SIGSEGV
// (the runtime's handler still runs first, synchronously) and, only when its action has become the default one,
// i.e. the runtime gave the signal up, raise it again at once: the process dies of SIGSEGV without running hooks,
// as upstream's does. A managed fault leaves the runtime's handler in place and is not touched.
using System.Runtime.InteropServices;
using Ovs.Common.Logging;

namespace Ovs.Common.Hosting;

/// <summary>Runs registered cleanup hooks on fatal signals and at exit.</summary>
public static class FatalSignal
{
    private static readonly VlogModule s_log = VlogModule.Get("fatal_signal");
    private static readonly Lock s_lock = new();
    private static readonly List<Action> s_hooks = [];
    private static readonly List<PosixSignalRegistration> s_registrations = [];
    private static bool s_initialized;
    private static int s_ran;
    private static int s_dyingSignal;

    /// <summary>Registers <paramref name="hook"/> to run once on SIGTERM/SIGINT/SIGHUP or at process exit.</summary>
    public static void AddHook(Action hook)
    {
        lock (s_lock)
        {
            EnsureInitializedUnlocked();
            s_hooks.Add(hook);
        }
    }

    /// <summary>Deletes <paramref name="path"/> on fatal signal or exit (upstream's fatal_signal_add_file_to_unlink).</summary>
    public static void AddFileToUnlink(string path) => AddHook(() =>
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            s_log.Warn($"could not unlink \"{path}\" ({OvsErrno.StrError(OvsErrno.FromException(ex))})");
        }
    });

    /// <summary>Runs the hooks now if they have not run yet (for example just before exit()).</summary>
    public static void RunHooks()
    {
        if (Interlocked.Exchange(ref s_ran, 1) != 0)
        {
            return;
        }

        Action[] hooks;
        lock (s_lock)
        {
            hooks = [.. s_hooks];
        }

        foreach (Action hook in hooks)
        {
            try
            {
                hook();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                s_log.Err($"cleanup hook failed: {ex.Message}");
            }
        }
    }

    /// <summary>strsignal() text for the signals daemons report.</summary>
    public static string SignalName(int signal) => signal switch
    {
        1 => "Hangup",
        2 => "Interrupt",
        3 => "Quit",
        4 => "Illegal instruction",
        5 => "Trace/breakpoint trap",
        6 => "Aborted",
        7 => "Bus error",
        8 => "Floating point exception",
        9 => "Killed",
        10 => "User defined signal 1",
        11 => "Segmentation fault",
        12 => "User defined signal 2",
        13 => "Broken pipe",
        14 => "Alarm clock",
        15 => "Terminated",
        24 => "CPU time limit exceeded",
        25 => "File size limit exceeded",
        _ => $"Unknown signal {signal}",
    };

    private static void EnsureInitializedUnlocked()
    {
        if (s_initialized)
        {
            return;
        }

        s_initialized = true;
        AppDomain.CurrentDomain.ProcessExit += static (_, _) => OnProcessExit();
        foreach ((PosixSignal signal, int number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1) })
        {
            s_registrations.Add(PosixSignalRegistration.Create(signal, context => OnSignal(context, number)));
        }

        s_registrations.Add(PosixSignalRegistration.Create((PosixSignal)SegvNumber, OnSegv));
    }

    private const int SegvNumber = 11;

    private static void OnSegv(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Libc.IsDefaultAction(SegvNumber))
        {
            Libc.Raise(SegvNumber);
        }
    }

    private static void OnProcessExit()
    {
        // A fatal signal is being handled on another thread, which re-raises it as soon as the hooks have run. A
        // hook may well have ended the main loop, so Main returns and the runtime starts a normal exit (status 0)
        // meanwhile: hold that exit here, so that the process dies by the signal, as upstream's does. The wait is
        // bounded in case the exit was started by a hook on the signal's own thread.
        if (Volatile.Read(ref s_dyingSignal) != 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds(10));
        }

        RunHooks();
    }

    private static void OnSignal(PosixSignalContext context, int number)
    {
        Volatile.Write(ref s_dyingSignal, number);
        s_log.Warn($"terminating with signal {number} ({SignalName(number)})");
        RunHooks();

        // Die by the signal itself, as upstream does, so that whoever waits for us (a --monitor process, a shell)
        // sees "killed (Terminated)". Leaving it to the runtime would race with the main thread returning from
        // Main once a hook has stopped the main loop, which exits with status 0 instead (OnProcessExit holds that
        // exit back).
        Libc.Signal(number, 0);
        Libc.Raise(number);
        context.Cancel = false;
    }
}
