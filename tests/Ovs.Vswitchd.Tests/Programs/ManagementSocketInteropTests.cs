// Debian's ovs-ofctl against a bridge's management socket (punix:$OVS_RUNDIR/br0.mgmt), once on Debian's
// ovs-vswitchd and once on ours, both started as upstream's OVS_VSWITCHD_START starts them with ports p1
// (ofport_request=1) and p2 (ofport_request=99): show, dump-ports-desc and dump-desc in every OpenFlow version the
// bridge allows, dump-ports, queue-stats and queue-get-config, mod-port, and set-frags/get-frags, must print the same
// (xids and port ages removed, as upstream's strip_xids and its sed on durations do).
using System.Text.RegularExpressions;
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/ofproto.at")]
public sealed partial class ManagementSocketInteropTests
{
    private static readonly string[] s_versions = ["OpenFlow10", "OpenFlow11", "OpenFlow12", "OpenFlow13", "OpenFlow14", "OpenFlow15"];

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vswitchd", "ovs-vsctl", "ovs-ofctl"])]
    public void OvsOfctlSeesTheSameSwitch()
    {
        string theirs = Run(ProgramRunner.Reference("ovs-vswitchd")!);
        string ours = Run(ProgramRunner.Ours("ovs-vswitchd")!);
        Assert.Equal(theirs, ours);
    }

    private static string Run(string vswitchd)
    {
        using var sandbox = new Sandbox("mgmt");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(vswitchd, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);
        ProgramResult added = Reference(sandbox, "ovs-vsctl", "--timeout=10", "add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy",
            "fail-mode=secure", "other-config:datapath-id=fedcba9876543210", "other-config:hwaddr=aa:55:aa:55:00:00",
            "protocols=[OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15]",
            "--", "add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy", "ofport_request=1",
            "--", "add-port", "br0", "p2", "--", "set", "Interface", "p2", "type=dummy", "ofport_request=99");
        Assert.True(added.ExitCode == 0, added.Stderr);

        var output = new System.Text.StringBuilder();
        foreach (string version in s_versions)
        {
            foreach (string command in (ReadOnlySpan<string>)["show", "dump-ports-desc", "dump-desc", "dump-ports", "queue-stats", "queue-get-config"])
            {
                ProgramResult r = Reference(sandbox, "ovs-ofctl", "-O", version, command, "br0");
                output.Append($"$ ovs-ofctl -O {version} {command} br0\n{r.ExitCode}\n{r.Stdout}{r.Stderr}");
            }
        }

        foreach (string action in (ReadOnlySpan<string>)["no-receive", "no-forward", "no-packet-in", "down", "up", "bad-action"])
        {
            ProgramResult mod = Reference(sandbox, "ovs-ofctl", "-O", "OpenFlow14", "mod-port", "br0", "p1", action);
            ProgramResult show = Reference(sandbox, "ovs-ofctl", "-O", "OpenFlow14", "dump-ports-desc", "br0", "p1");
            output.Append($"$ mod-port p1 {action}\n{mod.ExitCode}\n{mod.Stderr}{show.Stdout}");
        }

        output.Append(Reference(sandbox, "ovs-ofctl", "set-frags", "br0", "drop").Stderr);
        output.Append(Reference(sandbox, "ovs-ofctl", "get-frags", "br0").Stdout);
        Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
        return Duration().Replace(Xid().Replace(output.ToString(), string.Empty), "duration=?s");
    }

    private static ProgramResult Reference(Sandbox sandbox, string program, params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Reference(program)!, args, sandbox, timeout: TimeSpan.FromSeconds(20));

    [GeneratedRegex(@" \(xid=0x[0-9a-f]+\)")]
    private static partial Regex Xid();

    [GeneratedRegex(@"duration=[0-9.]+s")]
    private static partial Regex Duration();
}
