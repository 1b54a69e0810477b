// "ovs-ofctl monitor --detach" and its control socket, ours against Debian's, both talking to Debian's ovs-vswitchd
// (started as upstream's OVS_VSWITCHD_START starts it): the commands it lists, the replies of ofctl/send, barrier,
// block and unblock, and what it prints into the file ofctl/set-output-file names (the messages sent, the replies
// and the port status of a port added meanwhile) must be the same, xids removed.
using System.Text.RegularExpressions;
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/ofproto.at")]
public sealed partial class OfctlMonitorInteropTests
{
    private const string Script = """
        "$OFCTL" -O OpenFlow13 monitor br0 --detach --no-chdir --pidfile 2>/dev/null
        echo "monitor: $?"
        "$APPCTL" -t ovs-ofctl list-commands
        "$APPCTL" -t ovs-ofctl ofctl/set-output-file monitor.log
        "$APPCTL" -t ovs-ofctl ofctl/send 041a000800000005 0409000c0000000600000080
        "$APPCTL" -t ovs-ofctl ofctl/send 0400
        echo "bad send: $?"
        "$APPCTL" -t ovs-ofctl ofctl/barrier
        "$VSCTL" --timeout=10 add-port br0 p1 -- set Interface p1 type=dummy
        "$APPCTL" -t ovs-ofctl ofctl/block
        "$APPCTL" -t ovs-ofctl ofctl/block
        "$APPCTL" -t ovs-ofctl ofctl/unblock
        "$APPCTL" -t ovs-ofctl ofctl/unblock
        "$APPCTL" -t ovs-ofctl ofctl/barrier
        "$APPCTL" -t ovs-ofctl exit
        i=0; while test -e ovs-ofctl.pid && test $i -lt 100; do sleep 0.1; i=$((i+1)); done
        cat monitor.log
        """;

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl", "ovs-ofctl"], ["ovs-vswitchd", "ovs-ofctl", "ovs-appctl"])]
    public void MonitorPrintsAndAnswersAsDebiansDoes()
    {
        string theirs = Run(ProgramRunner.Reference("ovs-ofctl")!);
        string ours = Run(ProgramRunner.Ours("ovs-ofctl")!);
        Assert.Equal(theirs, ours);
    }

    private static string Run(string ofctl)
    {
        using var sandbox = new Sandbox("monitor");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(ProgramRunner.Reference("ovs-vswitchd")!, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);
        ProgramResult added = Vsctl(sandbox, "add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure",
            "other-config:datapath-id=fedcba9876543210", "other-config:hwaddr=aa:55:aa:55:00:00",
            "protocols=[OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15]");
        Assert.True(added.ExitCode == 0, added.Stderr);

        string script = $"OFCTL={ofctl} APPCTL={ProgramRunner.Reference("ovs-appctl")} VSCTL={ProgramRunner.Ours("ovs-vsctl")}\n{Script}";
        ProgramResult r = ProgramRunner.Run("/bin/sh", ["-c", script], sandbox, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
        return Xid().Replace(r.Stdout + r.Stderr, string.Empty);
    }

    [GeneratedRegex(@" \(xid=0x[0-9a-f]+\)")]
    private static partial Regex Xid();
}
