// Our ovs-vswitchd binary (out/bin, built by `make`) next to Debian's /usr/sbin/ovs-vswitchd 3.1.0: the same
// command line gives the same output and exit status, and, on databases served by our ovsdb-server, both daemons
// leave the same Open_vSwitch row behind (apart from the interface types, which list what each build can create:
// Debian's has tunnel and AF_XDP types that ours does not have yet).
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/ovs-vswitchd.at")]
public sealed class VswitchdProgramTests
{
    private static readonly string[] s_rowColumns =
        ["bridges", "cur_cfg", "next_cfg", "db_version", "dpdk_initialized", "dpdk_version", "ovs_version", "statistics", "system_type", "system_version"];

    public static TheoryData<string[]> CommandLines() => new()
    {
        new[] { "--help" },
        new[] { "-h", "extra" },
        new[] { "--version" },
        new[] { "-V" },
        new[] { "--mlockall", "--disable-system", "--disable-system-route", "--version" },
        new[] { "--enable-dummy=override", "--version" },
        new[] { "--enable-dummy=bogus", "--version" },
        new[] { "--dpdk" },
        new[] { "--dpdk=-c 0x1" },
        new[] { "unix:a", "unix:b" },
        new[] { "--bogus" },
        new[] { "-x" },
        new[] { "--user" },
        new[] { "--unixctl" },
        new[] { "-p" },
        new[] { "--ver" },
        new[] { "--dis" },
        new[] { "-vbogus", "--version" },
        new[] { "-vconsole:dbg", "--version" },
    };

    [RequiresProgramsTheory(["ovs-vswitchd"], ["ovs-vswitchd"])]
    [MemberData(nameof(CommandLines))]
    public void CommandLineIsHandledAsDebiansIs(string[] args)
    {
        using var sandbox = new Sandbox("vswc");
        ProgramResult ours = Normalized(ProgramRunner.Run(ProgramRunner.Ours("ovs-vswitchd")!, args, sandbox, timeout: TimeSpan.FromSeconds(10)));
        ProgramResult theirs = Normalized(ProgramRunner.Run(ProgramRunner.Reference("ovs-vswitchd")!, args, sandbox, timeout: TimeSpan.FromSeconds(10)));
        Assert.Equal(theirs, ours);
    }

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vswitchd"])]
    public void LeavesTheSameOpenVswitchRowAsDebians()
    {
        Assert.Equal(RunScenario(ProgramRunner.Reference("ovs-vswitchd")!).Row, RunScenario(ProgramRunner.Ours("ovs-vswitchd")!).Row);
    }

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vswitchd"])]
    public void ListsTheSameLogModulesAsDebians()
    {
        Assert.Equal(RunScenario(ProgramRunner.Reference("ovs-vswitchd")!).VlogList, RunScenario(ProgramRunner.Ours("ovs-vswitchd")!).VlogList);
    }

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vsctl"])]
    public void AdvertisesTheTypesItCanCreateAndReportsBridgesItCannot()
    {
        using var sandbox = new Sandbox("vswt");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(ProgramRunner.Ours("ovs-vswitchd")!, sandbox, ["--enable-dummy", "--disable-system"]);

        ProgramResult added = Vsctl(sandbox, "add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=nosuch");

        Assert.Equal(0, added.ExitCode);
        Assert.Equal(
            "ovs-vsctl: Error detected while setting up 'br0'.  See ovs-vswitchd log for details.\n" +
            $"ovs-vsctl: The default log directory is \"{sandbox.Directory}\".\n",
            added.Stderr);

        // Debian's ovs-vsctl, the reference client, sees the same through our daemon's write-back.
        ProgramResult debians = ProgramRunner.Run(
            ProgramRunner.Reference("ovs-vsctl")!, ["--timeout=10", "add-br", "br1", "--", "set", "bridge", "br1", "datapath-type=nosuch"], sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(0, debians.ExitCode);
        Assert.Equal(added.Stderr.Replace("'br0'", "'br1'", StringComparison.Ordinal), debians.Stderr);

        Assert.Equal("[dummy, netdev]\n", Vsctl(sandbox, "--no-wait", "get", "Open_vSwitch", ".", "datapath_types").Stdout);
        // As Debian's, without the AF_XDP types.
        Assert.Equal(
            "[bareudp, dummy, dummy-internal, dummy-pmd, erspan, geneve, gre, gtpu, internal, ip6erspan, ip6gre, lisp, patch, stt, system, tap, vxlan]\n",
            Vsctl(sandbox, "--no-wait", "get", "Open_vSwitch", ".", "iface_types").Stdout);
        Assert.Contains("|ofproto|WARN|unknown datapath type nosuch\n", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("|bridge|ERR|failed to create bridge br0: Address family not supported by protocol\n", daemon.Log, StringComparison.Ordinal);

        Assert.Equal("Unknown bridge\n", Appctl(sandbox, "bridge/reconnect", "br0").Stdout);
        Assert.Equal(0, Appctl(sandbox, "exit", "--cleanup").ExitCode);
        Assert.True(WaitUntil(() => !daemon.IsRunning), "ovs-vswitchd did not exit");
        Assert.False(File.Exists(sandbox.PathOf("ovs-vswitchd.pid")));
    }

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl", "ovs-dpctl"], ["ovs-vsctl"])]
    [Trait("upstream", "tests/dpctl.at")]
    public void ServesDpctlCommandsAndOvsDpctlReachesThem()
    {
        using var sandbox = new Sandbox("vswd");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(ProgramRunner.Ours("ovs-vswitchd")!, sandbox, ["--enable-dummy", "--disable-system"]);

        // Under --enable-dummy the userspace datapath is there as "dummy" (and always as "netdev").
        Assert.Equal(string.Empty, Appctl(sandbox, "dpctl/add-dp", "dummy@dp0").Stdout);
        Assert.Equal("ovs-vswitchd: add_dp (File exists)\n", Appctl(sandbox, "dpctl/add-dp", "dummy@dp0").Stdout);
        Assert.Equal("ovs-vswitchd: add_dp (Address family not supported by protocol)\n", Appctl(sandbox, "dpctl/add-dp", "nosuchtype@dp9").Stdout);
        Assert.Equal("The available commands are:\n", Appctl(sandbox, "dpctl/list-commands").Stdout.Split('\n')[0] + "\n");

        ProgramResult forwarded = ProgramRunner.Run(ProgramRunner.Ours("ovs-dpctl")!, ["add-dp", "netdev@dp1"], sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal((0, string.Empty, string.Empty), (forwarded.ExitCode, forwarded.Stdout, forwarded.Stderr));
        ProgramResult dps = ProgramRunner.Run(ProgramRunner.Ours("ovs-dpctl")!, ["dump-dps"], sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal((0, "dummy@dp0\nnetdev@dp1\n", string.Empty), (dps.ExitCode, dps.Stdout, dps.Stderr));
        ProgramResult shown = ProgramRunner.Run(ProgramRunner.Ours("ovs-dpctl")!, ["show", "dummy@dp0"], sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(
            (0, "dummy@dp0:\n  lookups: hit:0 missed:0 lost:0\n  flows: 0\n  port 0: dp0 (dummy-internal)\n", string.Empty),
            (shown.ExitCode, shown.Stdout, shown.Stderr));

        Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
        Assert.True(WaitUntil(() => !daemon.IsRunning), "ovs-vswitchd did not exit");
    }

    /// <summary>Without an ovs-vswitchd, ovs-dpctl answers as Debian's does on a machine without the kernel module.</summary>
    [RequiresProgramsTheory(["ovs-dpctl"], ["ovs-dpctl"])]
    [Trait("upstream", "tests/dpctl.at")]
    [InlineData("show")]
    [InlineData("dump-dps")]
    [InlineData("add-dp", "dp0")]
    [InlineData("del-dp", "dp0")]
    [InlineData("show", "dp0")]
    [InlineData("dump-flows")]
    [InlineData("add-flow", "in_port(1)", "2")]
    [InlineData("bogus")]
    [InlineData("--read-only", "add-dp", "dp0")]
    [InlineData("list-commands")]
    [InlineData("parse-actions", "1,2,3")]
    [InlineData("-t", "0", "show")]
    [InlineData("--option")]
    public void OvsDpctlWithoutADaemonAnswersAsDebians(params string[] args)
    {
        using var sandbox = new Sandbox("dpctl");
        ProgramResult ours = WithoutLogLines(ProgramRunner.Run(ProgramRunner.Ours("ovs-dpctl")!, args, sandbox, timeout: TimeSpan.FromSeconds(10)));
        ProgramResult theirs = WithoutLogLines(ProgramRunner.Run(ProgramRunner.Reference("ovs-dpctl")!, args, sandbox, timeout: TimeSpan.FromSeconds(10)));
        Assert.Equal(theirs, ours);
    }

    /// <summary>Leaves out timestamped log lines, which differ in time and in the probe messages of each build.</summary>
    private static ProgramResult WithoutLogLines(ProgramResult r) => r with
    {
        Stderr = string.Concat(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(static l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT"))
            .Select(static l => l + "\n")),
    };

    /// <summary>
    /// Starts <paramref name="vswitchd"/> on a fresh, initialised database served by our ovsdb-server, makes one change
    /// with --wait, and returns the Open_vSwitch row and the daemon's vlog/list.
    /// </summary>
    private static (string Row, string VlogList) RunScenario(string vswitchd)
    {
        using var sandbox = new Sandbox("vswi");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(vswitchd, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);

        ProgramResult set = Vsctl(sandbox, "set", "Open_vSwitch", ".", "other_config:x=y");
        Assert.True(set.ExitCode == 0, set.Stderr);
        string row = Vsctl(sandbox, "--no-wait", $"--columns={string.Join(',', s_rowColumns)}", "list", "Open_vSwitch").Stdout;
        string vlog = Appctl(sandbox, "vlog/list").Stdout;
        Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
        Assert.True(WaitUntil(() => !daemon.IsRunning), "ovs-vswitchd did not exit");
        return (row, vlog);
    }

    /// <summary>getopt's messages name the program as it was started: make both programs' paths read the same.</summary>
    private static ProgramResult Normalized(ProgramResult r)
    {
        static string Fix(string s) => s.Replace(ProgramRunner.Ours("ovs-vswitchd")!, "ovs-vswitchd", StringComparison.Ordinal)
            .Replace(ProgramRunner.Reference("ovs-vswitchd")!, "ovs-vswitchd", StringComparison.Ordinal);
        return r with { Stdout = Fix(r.Stdout), Stderr = Fix(r.Stderr) };
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                return false;
            }

            Thread.Sleep(50);
        }

        return true;
    }
}
