// Upstream: utilities/ovs-appctl.c (OVS 3.1)
//
// ovs-appctl: sends one command to a daemon's control socket and prints the reply. The target is a program name
// (its pidfile OVS_RUNDIR/NAME.pid gives the pid, and the socket is OVS_RUNDIR/NAME.PID.ctl) or an absolute socket
// path. Exit status: 0 on success, 2 when the daemon answered with an error (its text goes to stderr, followed by
// "TARGET: server returned an error"), 1 for everything else. With -T, the whole run is bounded by an alarm, and
// on expiry the process dies by SIGALRM as upstream's does.
using Ovs.Cli.Options;
using Ovs.Common;
using Ovs.Common.Hosting;
using Ovs.Common.Logging;
using Ovs.Transport.Unixctl;

namespace Ovs.Programs.OvsAppctl;

internal static partial class OvsAppctlProgram
{
    private static readonly VlogModule s_daemonLog = VlogModule.Get("daemon_unix");

    public static int Run(string[] args)
    {
        if (!TryParseOptions(args, out AppctlOptions? options, out int exitCode))
        {
            return exitCode;
        }

        using Timer? alarm = options.TimeoutSeconds is int seconds ? StartAlarm(seconds) : null;
        string? socketPath = ResolveSocket(options.Target);
        if (socketPath is null)
        {
            return 1;
        }

        return RunCommandAsync(options, socketPath).AsTask().GetAwaiter().GetResult();
    }

    private static async ValueTask<int> RunCommandAsync(AppctlOptions options, string socketPath)
    {
        var connected = await UnixctlClient.ConnectAsync(socketPath, CancellationToken.None).ConfigureAwait(false);
        if (connected.Value is not { } connection)
        {
            OvsError.Warn(connected.Error, $"cannot connect to \"{socketPath}\"");
            return 1;
        }

        await using (connection.ConfigureAwait(false))
        {
            UnixctlResult result = await UnixctlClient.TransactAsync(connection, options.Command, options.Arguments, CancellationToken.None).ConfigureAwait(false);
            if (result.Error != 0)
            {
                // Upstream prints EOF here as "End of file" (ovs_retval_to_string), unlike OvsError's "end of file".
                OvsError.Warn(result.Error == OvsErrno.EOF
                    ? $"{options.Target}: transaction error (End of file)"
                    : OvsError.Format(result.Error, $"{options.Target}: transaction error")[(OvsProgram.Name.Length + 2)..]);
                return 1;
            }

            if (result.ErrorText is { } errorText)
            {
                await WriteAsync(Console.OpenStandardError(), errorText).ConfigureAwait(false);
                OvsError.Warn($"{options.Target}: server returned an error");
                return 2;
            }

            await WriteAsync(Console.OpenStandardOutput(), result.Result!).ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>The control socket for a target: an absolute path as is, else via OVS_RUNDIR/TARGET.pid.</summary>
    private static string? ResolveSocket(string target)
    {
        if (target.StartsWith('/'))
        {
            return target;
        }

        string pidfile = Path.Combine(OvsPaths.RunDir, target + ".pid");
        int error = ReadPidfile(pidfile, out long pid);
        if (error != 0)
        {
            OvsError.Warn(error, $"cannot read pidfile \"{pidfile}\"");
            return null;
        }

        return Path.Combine(OvsPaths.RunDir, $"{target}.{pid}.ctl");
    }

    private static int ReadPidfile(string pidfile, out long pid)
    {
        (int found, int error) = PidFile.Read(pidfile, out string? message);
        pid = found;
        if (error != 0 && message is not null)
        {
            // Upstream warns when the pidfile cannot be opened; a stale pidfile (no process holds its lock) is
            // only worth a debug message, since the "cannot read pidfile" error that follows says it all.
            if (error == OvsErrno.ESRCH)
            {
                s_daemonLog.Dbg(message);
            }
            else
            {
                s_daemonLog.Warn(message);
            }
        }

        return error;
    }

    private static async ValueTask WriteAsync(Stream stream, string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        await stream.WriteAsync(bytes).ConfigureAwait(false);
        await stream.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>alarm(seconds): at expiry the process dies by SIGALRM (also ovs-dpctl's --timeout).</summary>
    internal static Timer StartAlarm(int seconds) => new(
        static _ =>
        {
            VlogModule.Get("fatal_signal").Warn("terminating with signal 14 (Alarm clock)");
            RaiseAlarm();
        },
        null,
        TimeSpan.FromSeconds(seconds),
        Timeout.InfiniteTimeSpan);

    private static void RaiseAlarm()
    {
        // SIGALRM's default action terminates the process, so the parent sees "killed by signal 14" exactly as
        // with upstream's alarm(). If that fails, exit with the status a shell would show for it.
        _ = Kill(Environment.ProcessId, 14);
        Environment.Exit(128 + 14);
    }

    // A blittable signature needs no marshalling code, so a plain DllImport is Native AOT safe and, unlike
    // LibraryImport, does not require unsafe code in this project.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
