// Starts a daemon (ours or Debian's) in a sandbox the way the upstream test suite does: `--detach --no-chdir
// --pidfile --log-file`, so the start returns once the daemon is ready. Disposing stops it by the PID in its
// pidfile (only that process), waiting a bounded time, and keeps its log available for failure messages.
using System.Diagnostics;

namespace Ovs.TestKit;

public sealed class DaemonHarness : IDisposable
{
    private DaemonHarness(Sandbox sandbox, string name, int pid)
    {
        Sandbox = sandbox;
        Name = name;
        Pid = pid;
    }

    public Sandbox Sandbox { get; }

    public string Name { get; }

    public int Pid { get; }

    public string LogPath => Sandbox.PathOf(Name + ".log");

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    /// <summary>
    /// Runs <paramref name="path"/> with the daemon options plus <paramref name="args"/> and waits for it to detach.
    /// Throws with the daemon's output if it fails to start.
    /// </summary>
    public static DaemonHarness Start(string path, Sandbox sandbox, IEnumerable<string> args, TimeSpan? timeout = null) =>
        Start(path, sandbox, args, netns: null, timeout);

    /// <summary>As Start, with the daemon in the network namespace <paramref name="netns"/> (`ip netns exec`) when set.</summary>
    public static DaemonHarness Start(string path, Sandbox sandbox, IEnumerable<string> args, string? netns, TimeSpan? timeout = null)
    {
        string name = Path.GetFileName(path);
        var all = new List<string> { "--detach", "--no-chdir", "--pidfile", "--log-file", "-vconsole:off" };
        all.AddRange(args);
        if (netns is not null)
        {
            all.InsertRange(0, ["netns", "exec", netns, path]);
            path = "ip";
        }

        ProgramResult r = ProgramRunner.Run(path, all, sandbox, timeout: timeout ?? TimeSpan.FromSeconds(20));
        string pidFile = sandbox.PathOf(name + ".pid");
        if (r.ExitCode != 0 || !File.Exists(pidFile))
        {
            throw new InvalidOperationException(
                $"{name} failed to start (exit {r.ExitCode}):\n{r.Stdout}{r.Stderr}");
        }

        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return new DaemonHarness(sandbox, name, pid);
    }

    public bool IsRunning
    {
        get
        {
            try
            {
                using Process p = Process.GetProcessById(Pid);
                return !p.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    /// <summary>Sends SIGKILL to the daemon (for durability tests) and waits for it to be gone.</summary>
    public void Kill()
    {
        try
        {
            using Process p = Process.GetProcessById(Pid);
            p.Kill();
            p.WaitForExit(10_000);
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            using Process p = Process.GetProcessById(Pid);
            // SIGTERM first, so the daemon removes its pidfile and sockets; then SIGKILL if it lingers.
            _ = Syscall.Kill(Pid, 15);
            if (!p.WaitForExit(5_000))
            {
                p.Kill();
                p.WaitForExit(5_000);
            }
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }
}
