// Upstream: lib/daemon-unix.c, monitor_daemon() (OVS 3.1)
//
// The --monitor process: starts the daemon, forwards its first readiness to whoever waits for us, and restarts
// it when it dies from a crash signal. While the daemon runs the monitor closes the log file (logging "closing
// log file") and reopens it when the daemon dies, so log rotation only has to deal with the daemon. Restarts are
// throttled to one per 10 seconds. Log lines carry the subprogram name "monitor", and their texts are upstream's:
//   "N crashes: pid P died, killed (Segmentation fault), restarting"            (ERR)
//   "N crashes: pid P died, ..., waiting until 10 seconds since last restart"   (WARN, before throttling)
//   "pid P died, exit status 0, exiting"                                        (INFO, then the monitor exits)
// Upstream's monitor forks, so a restarted daemon starts from the monitor's memory plus whatever its predecessor
// wrote to a shared temporary file (ovsdb-server keeps its runtime configuration there). Here the monitor creates an
// anonymous file (O_TMPFILE) that every daemon it starts inherits; see Daemon.LoadRestartState.
using System.Diagnostics;
using Ovs.Common.Logging;

namespace Ovs.Common.Hosting;

internal static class DaemonMonitor
{
    private static readonly VlogModule s_log = VlogModule.Get("daemon_unix");
    private static readonly int[] s_crashSignals = [6, 14, 7, 8, 4, 13, 11, 24, 25];
    private static readonly TimeSpan s_restartInterval = TimeSpan.FromSeconds(10);

    public static void Run(int parentReadyFd, bool detached)
    {
        Vlog.ProcessSubprogramName = "monitor";
        int crashes = 0;
        long? lastRestart = null;
        int stateFd = Libc.Open(Path.GetTempPath(), Libc.ORdWr | Libc.OTmpFile | Libc.OCloexec, 0x180);
        while (true)
        {
            (Process child, int readyFd) = DaemonProcess.Spawn(DaemonRole.Daemon, crashes, stateFd);
            if (Vlog.IsLogFileOpen)
            {
                VlogModule.Get("vlog").Info("closing log file");
                Vlog.Close();
            }

            bool ready = Libc.ReadByte(readyFd) >= 0;
            Libc.Close(readyFd);
            if (ready && parentReadyFd >= 0)
            {
                Libc.WriteByte(parentReadyFd, 1);
                Libc.Close(parentReadyFd);
                parentReadyFd = -1;

                // Like the daemon, a detached monitor lets go of the terminal once start-up has succeeded.
                if (detached)
                {
                    Daemon.DropTerminal();
                }
            }

            child.WaitForExit();
            int code = child.ExitCode;
            Vlog.Reopen();
            string status = DaemonProcess.StatusMessage(code);
            int signal = DaemonProcess.KillSignal(code);
            if (!ready && parentReadyFd >= 0)
            {
                // The first daemon never started: the waiting parent reports it, so just pass the status on.
                Environment.Exit(code is > 0 and < 128 ? code : 1);
            }

            if (Array.IndexOf(s_crashSignals, signal) < 0)
            {
                s_log.Info($"pid {child.Id} died, {status}, exiting");
                Environment.Exit(0);
            }

            crashes++;
            long now = Stopwatch.GetTimestamp();
            if (lastRestart is { } last && Stopwatch.GetElapsedTime(last, now) < s_restartInterval)
            {
                s_log.Warn($"{crashes} crashes: pid {child.Id} died, {status}, waiting until 10 seconds since last restart");
                Thread.Sleep(s_restartInterval - Stopwatch.GetElapsedTime(last, now));
            }

            s_log.Err($"{crashes} crashes: pid {child.Id} died, {status}, restarting");
            lastRestart = Stopwatch.GetTimestamp();
        }
    }
}
