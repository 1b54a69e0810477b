// Our ovs-vswitchd next to Debian's /usr/sbin/ovs-vswitchd 3.1.0, each started as upstream's OVS_VSWITCHD_START
// starts it (tests/ofproto-macros.at) on a database served by our ovsdb-server, and both driven by Debian's
// ovs-vsctl through the same script: bridges on the dummy datapath, ports with and without ofport_request, a
// conflicting request, a deleted port, an unknown interface type, a reserved name, a patch port without a peer and
// an internal port. The Interface and Bridge columns the daemon writes, ovs-vsctl's messages and the bridge
// layer's log lines must be the same. Left out of the comparison: UUIDs (as upstream's uuidfilt), the order of log
// lines within the whole run (upstream walks ports in hash order, which depends on the random row UUIDs when names
// share a bucket, so even two Debian runs differ), how many times a line repeats (a warning about an interface that
// stays broken comes back at every reconfiguration, and how many reconfigurations the script's transactions cause
// depends on timing, in both daemons), and the Interface statistics column, whose per-queue counters
// (rx_q0_packets, ...) our dummy devices do not keep yet.
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/ofproto-macros.at")]
public sealed class BridgeInteropTests
{
    private const string InterfaceColumns =
        "name,type,ofport,ofport_request,error,admin_state,link_state,link_resets,link_speed,duplex,mac_in_use,ifindex,mtu,status";

    private static readonly string[][] s_script =
    [
        ["add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure",
            "other-config:datapath-id=fedcba9876543210", "other-config:hwaddr=aa:55:aa:55:00:00",
            "protocols=[OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15]",
            "--", "add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy", "ofport_request=1",
            "--", "add-port", "br0", "p2", "--", "set", "Interface", "p2", "type=dummy"],
        ["del-port", "p2"],
        ["add-port", "br0", "p5", "--", "set", "Interface", "p5", "type=dummy"],
        ["add-port", "br0", "bar", "--", "set", "Interface", "bar", "type=nosuch"],
        ["add-port", "br0", "genev_sys", "--", "set", "Interface", "genev_sys", "type=dummy"],
        ["add-port", "br0", "p7", "--", "set", "Interface", "p7", "type=dummy", "ofport_request=1"],
        ["add-port", "br0", "pp", "--", "set", "Interface", "pp", "type=patch"],
        ["add-port", "br0", "i1", "--", "set", "Interface", "i1", "type=internal"],
        ["add-br", "br1", "--", "set", "bridge", "br1", "datapath-type=dummy", "--", "add-port", "br1", "q3", "--", "set", "Interface", "q3", "type=dummy"],
        ["del-br", "br1"],
    ];

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vswitchd", "ovs-vsctl"])]
    public void BridgesAndPortsLookAsDebiansDo()
    {
        string theirs = RunScript(ProgramRunner.Reference("ovs-vswitchd")!);
        string ours = RunScript(ProgramRunner.Ours("ovs-vswitchd")!);
        Assert.Equal(theirs, ours);
    }

    private static string RunScript(string vswitchd)
    {
        using var sandbox = new Sandbox("brin");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(vswitchd, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);
        var output = new System.Text.StringBuilder();
        foreach (string[] command in s_script)
        {
            ProgramResult r = ReferenceVsctl(sandbox, command);
            output.Append($"$ ovs-vsctl {string.Join(' ', command)}\n{r.ExitCode}\n{r.Stdout}{r.Stderr}");
        }

        output.Append(SortedLines(ReferenceVsctl(sandbox, "--no-wait", "--format=csv", "--no-headings", $"--columns={InterfaceColumns}", "list", "Interface").Stdout));
        output.Append(ReferenceVsctl(sandbox, "--no-wait", "--columns=name,datapath_type,datapath_id,datapath_version", "list", "Bridge").Stdout);
        output.Append(ReferenceVsctl(sandbox, "--no-wait", "get", "Open_vSwitch", ".", "datapath_types").Stdout);
        output.Append(SortedLines(BridgeLogLines(daemon.Log), distinct: true));
        Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
        return UuidFilter.Apply(output.ToString().Replace(sandbox.Directory, "$OVS_RUNDIR", StringComparison.Ordinal));
    }

    private static ProgramResult ReferenceVsctl(Sandbox sandbox, params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Reference("ovs-vsctl")!, ["--timeout=10", .. args], sandbox, timeout: TimeSpan.FromSeconds(20));

    private static string SortedLines(string text, bool distinct = false)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (distinct)
        {
            lines = [.. lines.Distinct(StringComparer.Ordinal)];
        }

        Array.Sort(lines, StringComparer.Ordinal);
        return string.Concat(lines.Select(static l => l + "\n"));
    }

    /// <summary>
    /// The bridge and netdev modules' lines without their timestamps and sequence numbers, and without the datapath
    /// ID lines (br1's ID comes from a random address, here and upstream).
    /// </summary>
    private static string BridgeLogLines(string log) => string.Concat(
        log.Split('\n')
            .Select(static l => l.Split('|', 3))
            .Where(static p => p.Length == 3 && (p[2].StartsWith("bridge|", StringComparison.Ordinal) || p[2].StartsWith("netdev|", StringComparison.Ordinal) || p[2].StartsWith("netdev_vport|", StringComparison.Ordinal)))
            .Where(static p => !p[2].Contains("ovs-vswitchd (Open vSwitch)", StringComparison.Ordinal))
            .Where(static p => !p[2].Contains("br1: using datapath ID", StringComparison.Ordinal))
            .Select(static p => p[2] + "\n"));
}
