using System.Diagnostics;
using Ovs.Common.Hosting;

namespace Ovs.Common.Tests.Hosting;

/// <summary>
/// Runs this test assembly as a daemon (see DaemonHostProgram) with --detach and --monitor, the way a user would.
/// Every daemon started here is killed in Dispose by the pid it wrote.
/// </summary>
public sealed class DaemonEndToEndTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);
    private readonly string _dir = Directory.CreateTempSubdirectory("daemontest").FullName;
    private readonly List<int> _pids = [];

    private string PidPath => Path.Combine(_dir, "test-daemon.pid");

    private string LogPath => Path.Combine(_dir, "test-daemon.log");

    public void Dispose()
    {
        foreach (int pid in _pids)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
                p.WaitForExit(5000);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        Directory.Delete(_dir, true);
    }

    [Fact]
    public void DetachCreatesPidfileInNewSessionAndSigtermCleansUp()
    {
        (int code, string stderr) = RunHost("--detach --no-chdir --pidfile --log-file");
        Assert.True(code == 0, stderr);
        int pid = ReadPid();
        Assert.Equal((pid, 0), PidFile.Read(PidPath, out _));
        string[] stat = File.ReadAllText($"/proc/{pid}/stat").Split(' ');
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), stat[5]);
        Assert.Equal("/dev/null", new FileInfo($"/proc/{pid}/fd/2").LinkTarget);

        (int code2, string stderr2) = RunHost("--detach --no-chdir --pidfile --log-file");
        Assert.Equal(1, code2);
        Assert.Contains($"test-daemon: {PidPath}: already running as pid {pid}, aborting\n", stderr2, StringComparison.Ordinal);

        using (var p = Process.GetProcessById(pid))
        {
            Assert.Equal(0, Libc.Kill(pid, 15));
            Assert.True(p.WaitForExit(s_timeout));
        }

        Assert.False(File.Exists(PidPath));
        string log = File.ReadAllText(LogPath);
        Assert.Matches(@"\|00001\|vlog\|INFO\|opened log file " + System.Text.RegularExpressions.Regex.Escape(LogPath) + "\n", log);
        Assert.Contains("|00002|test_daemon|INFO|started\n", log, StringComparison.Ordinal);
        Assert.Contains("|daemon_unix|EMER|" + PidPath + ": already running as pid", log, StringComparison.Ordinal);
        Assert.Contains("|fatal_signal|WARN|terminating with signal 15 (Terminated)\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public void ChildFailureBeforeReadinessIsPassedToParent()
    {
        (int code, _) = RunHost("--detach --no-chdir --pidfile --fail-before-ready");
        Assert.Equal(3, code);
    }

    [Fact]
    public void MonitorRestartsCrashedDaemon()
    {
        string crashFlag = Path.Combine(_dir, "crash");
        File.WriteAllText(crashFlag, string.Empty);
        (int code, string stderr) = RunHost($"--detach --monitor --no-chdir --pidfile --log-file --abort-once={crashFlag}");
        Assert.True(code == 0, stderr);
        string log = WaitFor(() => File.ReadAllText(LogPath) is { } l && l.Contains("(test-daemon)|INFO|started", StringComparison.Ordinal) ? l : null);
        int second = ReadPid();
        _pids.Add(int.Parse(File.ReadAllText($"/proc/{second}/stat").Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture));
        System.Text.RegularExpressions.Match crash = System.Text.RegularExpressions.Regex.Match(
            log, @"\|00004\|daemon_unix\(monitor\)\|ERR\|1 crashes: pid (\d+) died, killed \(Aborted\), restarting\n");
        Assert.True(crash.Success, log);
        Assert.NotEqual(second.ToString(System.Globalization.CultureInfo.InvariantCulture), crash.Groups[1].Value);
        Assert.Contains("|00002|vlog(monitor)|INFO|closing log file\n", log, StringComparison.Ordinal);
        Assert.Contains("|00005|test_daemon(test-daemon)|INFO|started\n", log, StringComparison.Ordinal);

        using (var p = Process.GetProcessById(second))
        {
            Libc.Kill(second, 15);
            Assert.True(p.WaitForExit(s_timeout));
        }

        string final = WaitFor(() => File.ReadAllText(LogPath) is { } l && l.Contains("exiting", StringComparison.Ordinal) ? l : null);
        Assert.True(final.Contains($"|daemon_unix(monitor)|INFO|pid {second} died, killed (Terminated), exiting\n", StringComparison.Ordinal), final);
    }

    // Upstream's --monitor tests make the daemon "crash" with kill -SEGV; the runtime's own SIGSEGV handler must
    // not make the process survive it. The restarted daemon reads the state its predecessor saved.
    [Fact]
    public void MonitorRestartsDaemonKilledWithSigsegv()
    {
        (int code, string stderr) = RunHost("--detach --monitor --no-chdir --pidfile --log-file --restart-state");
        Assert.True(code == 0, stderr);
        int first = ReadPid();
        _pids.Add(int.Parse(File.ReadAllText($"/proc/{first}/stat").Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, Libc.Kill(first, 11));
        string log = WaitFor(() => File.ReadAllText(LogPath) is { } l && l.Contains("(test-daemon)|INFO|started", StringComparison.Ordinal) ? l : null);
        Assert.Contains($"|daemon_unix(monitor)|ERR|1 crashes: pid {first} died, killed (Segmentation fault), restarting\n", log, StringComparison.Ordinal);
        int second = ReadPid();
        Assert.NotEqual(first, second);

        // The restarted daemon gets what its predecessor saved (ovsdb-server keeps its remotes there).
        log = WaitFor(() => File.ReadAllText(LogPath) is { } l && l.Contains("(test-daemon)|INFO|restart state", StringComparison.Ordinal) ? l : null);
        Assert.Contains("|test_daemon|INFO|restart state: (none)\n", log, StringComparison.Ordinal);
        Assert.Contains($"|test_daemon(test-daemon)|INFO|restart state: saved by {first}\n", log, StringComparison.Ordinal);
        using var process = Process.GetProcessById(second);
        Libc.Kill(second, 15);
        Assert.True(process.WaitForExit(s_timeout));
    }

    private int ReadPid()
    {
        int pid = int.Parse(File.ReadAllText(PidPath).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        if (!_pids.Contains(pid))
        {
            _pids.Add(pid);
        }

        return pid;
    }

    private T WaitFor<T>(Func<T?> probe)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < s_timeout)
        {
            try
            {
                if (probe() is { } value && !value.Equals(default(T)))
                {
                    return value;
                }
            }
            catch (IOException)
            {
                // The file may be between rename and write; try again.
            }

            Thread.Sleep(50);
        }

        string log = File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";
        throw new TimeoutException($"condition not reached; log:\n{log}");
    }

    private (int Code, string Stderr) RunHost(string args)
    {
        string dll = typeof(DaemonHostProgram).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _dir };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("daemon-host");
        foreach (string a in args.Split(' '))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["OVS_RUNDIR"] = _dir;
        psi.Environment["OVS_LOGDIR"] = _dir;
        using Process p = Process.Start(psi)!;

        // The detached daemon inherits our pipes until it is ready, so read to end only after the parent exits.
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(s_timeout));
        return (p.ExitCode, stderr.Wait(s_timeout) ? stderr.Result : string.Empty);
    }
}
