// SwitchDatabase against our ovsdb-server (out/bin) with our ovs-vsctl as the database's other client, the way
// ovs-vswitchd meets them in upstream's tests: readiness on an empty database, the Open_vSwitch write-back that
// ovs-vsctl --wait waits for, interface errors as ovs-vsctl reports them, and the ovs_vswitchd lock. The database
// side runs in process on a MainLoop thread with a fake bridge provider standing in for ofproto.
using Ovs.Common;
using Ovs.TestKit;
using Ovs.Vswitchd.Bridges;
using Ovs.Vswitchd.Database;
using Ovs.Vswitchd.Tests.Bridges;

namespace Ovs.Vswitchd.Tests.Database;

[Collection(VlogCollection.Name)]
[Trait("upstream", "tests/ovs-vswitchd.at")]
public sealed class SwitchDatabaseTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly Sandbox _sandbox = new("vswd");
    private readonly VlogCapture _log = new();
    private readonly MainLoop _loop = new();
    private readonly Thread _loopThread;
    private readonly List<(SwitchDatabase Database, Task Run, CancellationTokenSource Stop)> _databases = [];
    private DaemonHarness? _server;

    public SwitchDatabaseTests()
    {
        _loopThread = new Thread(_loop.Run) { IsBackground = true, Name = "test main loop" };
        _loopThread.Start();
    }

    public void Dispose()
    {
        foreach ((SwitchDatabase database, Task run, CancellationTokenSource stop) in _databases)
        {
            Stop(database, run, stop);
        }

        _loop.Stop();
        _loopThread.Join(TimeSpan.FromSeconds(5));
        _server?.Dispose();
        _log.Dispose();
        _sandbox.Dispose();
    }

    private string Remote => "unix:" + _sandbox.PathOf("db.sock");

    private void StartServer(bool init)
    {
        ProgramResult created = ProgramRunner.Run(ProgramRunner.Ours("ovsdb-tool")!, ["create", "conf.db", Schema()], _sandbox);
        Assert.True(created.ExitCode == 0, created.Stderr);
        _server = DaemonHarness.Start(ProgramRunner.Ours("ovsdb-server")!, _sandbox, ["--remote=p" + Remote, "conf.db"]);
        if (init)
        {
            Assert.Equal(0, Vsctl("--no-wait", "init").ExitCode);
        }
    }

    private TaskCompletionSource StartDatabase(IBridgeProvider provider)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var database = new SwitchDatabase(Remote, _loop, new BridgeReconciler(provider), () => ready.TrySetResult());
        var stop = new CancellationTokenSource();
        _databases.Add((database, Task.Run(() => database.RunAsync(stop.Token)), stop));
        return ready;
    }

    private static void Stop(SwitchDatabase database, Task run, CancellationTokenSource stop)
    {
        stop.Cancel();
        try
        {
            run.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Cancelled.
        }

        database.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        stop.Dispose();
    }

    private ProgramResult Vsctl(params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Ours("ovs-vsctl")!, ["--timeout=10", .. args], _sandbox, timeout: TimeSpan.FromSeconds(20));

    private string Get(string table, string record, string column) => Vsctl("--no-wait", "get", table, record, column).Stdout;

    private static string Schema()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir!, "schemas", "vswitch.ovsschema");
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < s_timeout, $"timed out waiting for {what}");
            Thread.Sleep(50);
        }
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void EmptyDatabaseStillMakesTheDaemonReady()
    {
        StartServer(init: false);
        TaskCompletionSource ready = StartDatabase(new UnavailableBridgeProvider());

        Assert.True(ready.Task.Wait(s_timeout), "not ready on an empty database");
        WaitUntil(() => _log.Lines.Any(l => l.StartsWith("bridge|INFO|", StringComparison.Ordinal) && l.EndsWith(" (Open vSwitch) 3.1.0", StringComparison.Ordinal)), "the version line");

        // A row that appears later (ovs-vsctl inserts one when there is none) is configured like any other.
        Assert.Equal(0, Vsctl("--no-wait", "init").ExitCode);
        WaitUntil(() => Get("Open_vSwitch", ".", "dpdk_version") == "none\n", "the write-back to the new row");
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void WritesTypesDpdkStatusAndCurCfg()
    {
        StartServer(init: true);
        TaskCompletionSource ready = StartDatabase(new FakeBridgeProvider());
        Assert.True(ready.Task.Wait(s_timeout));

        // Any change made with --wait (the default) returns only once cur_cfg has caught up with next_cfg.
        ProgramResult set = Vsctl("set", "Open_vSwitch", ".", "other_config:foo=bar");
        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.Equal("1\n", Get("Open_vSwitch", ".", "next_cfg"));
        Assert.Equal("1\n", Get("Open_vSwitch", ".", "cur_cfg"));
        Assert.Equal("[dummy, netdev]\n", Get("Open_vSwitch", ".", "datapath_types"));
        Assert.Equal("[dummy, internal]\n", Get("Open_vSwitch", ".", "iface_types"));
        Assert.Equal("false\n", Get("Open_vSwitch", ".", "dpdk_initialized"));
        Assert.Equal("none\n", Get("Open_vSwitch", ".", "dpdk_version"));
        Assert.Equal("[]\n", Get("Open_vSwitch", ".", "ovs_version"));
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void ControllerRowsAreReadAndGetTheirState()
    {
        StartServer(init: true);
        var provider = new FakeBridgeProvider();
        Assert.True(StartDatabase(provider).Task.Wait(s_timeout));

        Assert.Equal(0, Vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy").ExitCode);
        Assert.Equal(0, Vsctl("set-controller", "br0", "tcp:127.0.0.1:6653", "ptcp:6653").ExitCode);
        string uuid = Vsctl("--no-wait", "--bare", "--columns=_uuid", "find", "controller", "target=\"tcp:127.0.0.1:6653\"").Stdout.Trim();
        Assert.Equal(0, Vsctl("set", "controller", uuid, "max_backoff=2000", "inactivity_probe=0", "type=primary").ExitCode);
        Assert.Contains("controllers br0 ptcp:6653(,,) tcp:127.0.0.1:6653(2000,0,primary)", provider.Events);

        // The active target's state is written back; the passive one's row shows no connection.
        string active = "find controller target=\"tcp:127.0.0.1:6653\"";
        WaitUntil(() => Vsctl("--no-wait", "--columns=is_connected", "find", "controller", "target=\"tcp:127.0.0.1:6653\"").Stdout.Contains("true", StringComparison.Ordinal), active);
        Assert.Equal(
            "is_connected        : true\nrole                : other\nstatus              : {sec_since_connect=\"0\", state=ACTIVE}\n",
            Vsctl("--no-wait", "--columns=is_connected,role,status", "find", "controller", "target=\"tcp:127.0.0.1:6653\"").Stdout);
        Assert.Equal(
            "is_connected        : false\nrole                : []\nstatus              : {}\n",
            Vsctl("--no-wait", "--columns=is_connected,role,status", "find", "controller", "target=\"ptcp:6653\"").Stdout);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void FailedInterfaceIsReportedAsOvsVsctlExpects()
    {
        StartServer(init: true);
        var provider = new FakeBridgeProvider();
        provider.FailingInterfaces.Add("p2");
        Assert.True(StartDatabase(provider).Task.Wait(s_timeout));

        ProgramResult added = Vsctl(
            "add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy",
            "--", "add-port", "br0", "p1", "--", "set", "interface", "p1", "type=dummy", "ofport_request=5",
            "--", "add-port", "br0", "p2", "--", "set", "interface", "p2", "type=dummy");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(
            "ovs-vsctl: Error detected while setting up 'p2': could not open network device p2 (No such device).  See ovs-vswitchd log for details.\n" +
            $"ovs-vsctl: The default log directory is \"{_sandbox.Directory}\".\n",
            added.Stderr);
        Assert.Equal("5\n", Get("Interface", "p1", "ofport"));
        Assert.Equal("[]\n", Get("Interface", "p1", "error"));
        Assert.Equal("-1\n", Get("Interface", "p2", "ofport"));
        Assert.Equal("\"could not open network device p2 (No such device)\"\n", Get("Interface", "p2", "error"));
        Assert.Contains("bridge|WARN|could not open network device p2 (No such device)", _log.Lines);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void WithoutOfprotoAddBrReportsTheBridgeAsUpstreamDoes()
    {
        StartServer(init: true);
        Assert.True(StartDatabase(new UnavailableBridgeProvider()).Task.Wait(s_timeout));

        ProgramResult added = Vsctl("add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(
            "ovs-vsctl: Error detected while setting up 'br0'.  See ovs-vswitchd log for details.\n" +
            $"ovs-vsctl: The default log directory is \"{_sandbox.Directory}\".\n",
            added.Stderr);
        Assert.Equal("[]\n", Get("Interface", "br0", "ofport"));
        Assert.Equal("[]\n", Get("Open_vSwitch", ".", "datapath_types"));
        Assert.Contains("bridge|ERR|failed to create bridge br0: Address family not supported by protocol", _log.Lines);
    }

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void SecondDaemonWaitsForTheLock()
    {
        StartServer(init: true);
        Assert.True(StartDatabase(new FakeBridgeProvider()).Task.Wait(s_timeout));
        TaskCompletionSource second = StartDatabase(new FakeBridgeProvider());

        string contended = $"bridge|ERR|another ovs-vswitchd process is running, disabling this process (pid {Environment.ProcessId}) until it goes away";
        WaitUntil(() => _log.Lines.Contains(contended), "the contention message");
        Assert.False(second.Task.IsCompleted);

        (SwitchDatabase first, Task run, CancellationTokenSource stop) = _databases[0];
        _databases.RemoveAt(0);
        Stop(first, run, stop);

        Assert.True(second.Task.Wait(s_timeout), "the second daemon did not take over");
    }
}
