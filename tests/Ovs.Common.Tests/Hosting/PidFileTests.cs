using System.Diagnostics;
using Ovs.Common.Hosting;

namespace Ovs.Common.Tests.Hosting;

public sealed class PidFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pidfiletest").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void CreateWritesPidLocksAndRemoves()
    {
        string path = Path.Combine(_dir, "d.pid");
        using (PidFile? pidFile = PidFile.Create(path, Environment.ProcessId, false, out int errno, out string? error))
        {
            Assert.NotNull(pidFile);
            Assert.Equal(0, errno);
            Assert.Null(error);
            // /proc/locks lists POSIX record locks by holder pid. Check before reading the file: reading opens and
            // closes another descriptor for it, which (POSIX semantics) drops this process's lock.
            Assert.Contains(File.ReadAllLines("/proc/locks"), l => l.Contains("POSIX", StringComparison.Ordinal) && l.Contains($" {Environment.ProcessId} ", StringComparison.Ordinal));
            Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(path));
            Assert.False(File.Exists(path + ".tmp"));
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void StaleUnlockedPidfileIsReplacedAndReadReportsStale()
    {
        string path = Path.Combine(_dir, "stale.pid");
        File.WriteAllText(path, "999999\n");
        (int pid, int errno) = PidFile.Read(path, out string? message);
        Assert.Equal(0, pid);
        Assert.Equal(OvsErrno.ESRCH, errno);
        Assert.NotNull(message);

        using PidFile? pidFile = PidFile.Create(path, Environment.ProcessId, false, out _, out string? error);
        Assert.NotNull(pidFile);
        Assert.Null(error);
    }

    [Fact]
    public void MissingDirectoryGivesUpstreamError()
    {
        string path = Path.Combine(_dir, "nonexist", "x.pid");
        Assert.Null(PidFile.Create(path, Environment.ProcessId, false, out int errno, out string? error));
        Assert.Equal(OvsErrno.ENOENT, errno);
        Assert.Equal($"{path}.tmp: create failed", error);
    }

    [Fact]
    public void PidfileNamesFollowRundir()
    {
        Assert.Equal("/abs/x.pid", DaemonOptions.MakePidFileName("/abs/x.pid"));
        Assert.Equal(Path.Combine(OvsPaths.RunDir, "rel.pid"), DaemonOptions.MakePidFileName("rel.pid"));
        Assert.Equal(Path.Combine(OvsPaths.RunDir, OvsProgram.Name + ".pid"), DaemonOptions.MakePidFileName(null));
    }

    [Fact]
    public void DaemonOptionsAreParsedFromTable()
    {
        var options = new DaemonOptions();
        foreach ((string name, string? value) in new[] { ("detach", null), ("no-chdir", null), ("pidfile", "/p.pid"), ("monitor", null), ("overwrite-pidfile", null), ("user", "ovs:ovs") })
        {
            Assert.True(DaemonOptions.IsDaemonOption(name));
            options.Handle(name, value);
        }

        Assert.True(options.Detach && options.NoChdir && options.Monitor && options.OverwritePidFile);
        Assert.Equal("/p.pid", options.PidFile);
        Assert.Equal("ovs:ovs", options.User);
        Assert.False(DaemonOptions.IsDaemonOption("verbose"));
    }

    [Fact]
    public void StatusMessagesMatchUpstream()
    {
        Assert.Equal("killed (Segmentation fault)", DaemonProcess.StatusMessage(139));
        Assert.Equal("killed (Aborted)", DaemonProcess.StatusMessage(134));
        Assert.Equal("killed (Terminated)", DaemonProcess.StatusMessage(143));
        Assert.Equal("exit status 3", DaemonProcess.StatusMessage(3));
    }

    [Fact]
    public void PidfileHeldByAnotherProcessIsReportedRunning()
    {
        // Upstream's own ovsdb-server holds a pidfile the way ours must; use it when installed.
        if (!File.Exists("/usr/sbin/ovsdb-server") && !File.Exists("/usr/bin/ovsdb-server"))
        {
            return;
        }

        string db = Path.Combine(_dir, "db");
        string pidPath = Path.Combine(_dir, "real.pid");
        Run("ovsdb-tool", $"create {db} /usr/share/openvswitch/vswitch.ovsschema");
        Run("ovsdb-server", $"--detach --no-chdir --pidfile={pidPath} --remote=punix:{_dir}/db.sock {db}");
        int realPid = int.Parse(File.ReadAllText(pidPath).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            (int pid, int errno) = PidFile.Read(pidPath, out _);
            Assert.Equal((realPid, 0), (pid, errno));
            Assert.Null(PidFile.Create(pidPath, Environment.ProcessId, false, out _, out string? error));
            Assert.Equal($"{pidPath}: already running as pid {realPid}, aborting", error);
        }
        finally
        {
            using var p = Process.GetProcessById(realPid);
            p.Kill();
            p.WaitForExit(5000);
        }
    }

    private void Run(string program, string args)
    {
        var psi = new ProcessStartInfo(program, args) { RedirectStandardError = true, WorkingDirectory = _dir };
        psi.Environment["OVS_RUNDIR"] = _dir;
        psi.Environment["OVS_LOGDIR"] = _dir;
        using Process p = Process.Start(psi)!;
        Assert.True(p.WaitForExit(10_000));
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
    }
}
