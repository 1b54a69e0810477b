// Our ovs-ofctl and Debian's, run one after the other against Debian's ovs-vswitchd (tests/ofproto.at style): the
// same command after the same flow table must give the same stdout, stderr and exit status, and leave the same flow
// table and port configuration behind. Only what upstream's ofctl_strip normalises is normalised (durations and
// ages); transaction ids are compared as they are, since both programs number their messages the same way.
using System.Text.RegularExpressions;
using Ovs.TestKit;

namespace Ovs.Interop.Tests;

[Trait("upstream", "tests/ofproto.at")]
public sealed partial class OfctlInteropTests(OfctlSwitch sw) : IClassFixture<OfctlSwitch>
{
    private const string Flows = """
        in_port=1,priority=10,actions=2
        priority=3,arp,actions=NORMAL
        cookie=0x5,ip,nw_dst=10.0.0.1,actions=drop
        table=2,priority=7,tcp,actions=1

        """;

    public static TheoryData<string> Commands => new()
    {
        // Queries.
        "show br0",
        "-O OpenFlow13 show br0",
        "-O OpenFlow15 show br0",
        "dump-desc br0",
        "dump-tables br0",
        "-O OpenFlow13 dump-tables br0",
        "-O OpenFlow14 dump-table-desc br0",
        "dump-ports br0",
        "dump-ports br0 p1",
        "-O OpenFlow13 dump-ports br0 2",
        "dump-ports-desc br0",
        "-O OpenFlow15 dump-ports-desc br0 p2",
        "queue-stats br0",
        "get-frags br0",
        "set-frags br0 drop",
        "probe br0",
        "dump-flows br0",
        "dump-flows br0 ip",
        "dump-flows br0 table=2",
        "dump-flows br0 in_port=p1",
        "-O OpenFlow13 dump-flows br0",
        "-O OpenFlow15 dump-flows br0 cookie=0x5/-1",
        "--no-stats dump-flows br0",
        "--sort dump-flows br0",
        "--rsort dump-flows br0",
        "dump-aggregate br0",
        "-O OpenFlow13 dump-aggregate br0 ip",

        // Flow table changes.
        "add-flow br0 in_port=p1,actions=output:p2",
        "add-flow br0 priority=7,tcp,tp_dst=80,actions=drop",
        "-O OpenFlow13 add-flow br0 table=1,ip,actions=output:1",
        "add-flow br0 table=1,ip,actions=output:1",
        "-F nxm add-flow br0 ip,nw_src=1.2.3.4,actions=drop",
        "add-flow br0 reg0=1,actions=drop",
        "-mmmmm add-flow br0 ip,actions=drop",
        "add-flows br0 -",
        "add-flow br0 -",
        "-O OpenFlow15 add-flows br0 -",
        "del-flows br0",
        "del-flows br0 arp",
        "--strict del-flows br0 in_port=1",
        "--strict del-flows br0 in_port=1,priority=10",
        "del-flows br0 cookie=0x5/-1",
        "-O OpenFlow13 del-flows br0 table=2",
        "mod-flows br0 actions=drop",
        "--strict mod-flows br0 priority=3,arp,actions=output:1",

        // Ports.
        "mod-port br0 p1 down",
        "mod-port br0 1 no-flood",
        "-O OpenFlow13 mod-port br0 p2 noreceive",
        "-O OpenFlow14 mod-port br0 p2 down",
        "mod-port br0 p7 down",
        "mod-port br0 p1 bogus",

        // Groups and meters.
        "-O OpenFlow13 add-group br0 group_id=1,type=all,bucket=output:1",
        "add-group br0 group_id=1,type=all,bucket=output:1",
        "-O OpenFlow11 add-group br0 group_id=1,type=all,bucket=output:1",
        "-O OpenFlow15 add-groups br0 -",
        "-O OpenFlow13 dump-groups br0",
        "-O OpenFlow13 dump-group-stats br0",
        "-O OpenFlow13 dump-group-features br0",
        "dump-group-features br0",
        "-O OpenFlow15 insert-buckets br0 group_id=7,bucket=output:2",
        "-O OpenFlow13 insert-buckets br0 group_id=1,bucket=output:2",
        "-O OpenFlow13 del-groups br0",
        "add-meter br0 meter=1,kbps,band=type=drop,rate=100",
        "-O OpenFlow13 add-meter br0 meter=1,kbps,band=type=drop,rate=100",
        "-O OpenFlow13 add-meter br0 meter=1,kbps,band=type=drop",
        "-O OpenFlow13 add-meter br0 meter=1,band=type=drop,rate=5",
        "-O OpenFlow13 dump-meters br0",
        "-O OpenFlow13 dump-meter br0 meter=7",
        "-O OpenFlow13 dump-meter br0 meter=3",
        "-O OpenFlow13 meter-stats br0",
        "-O OpenFlow13 meter-features br0",
        "-O OpenFlow13 del-meters br0",

        // Errors: from the switch, in the flow syntax, in the target.
        "add-flow br0 actions=group:5",
        "-O OpenFlow13 add-flow br0 actions=group:5",
        "-F openflow10 add-flow br0 reg0=1,actions=drop",
        "add-flow br0 bogus=1,actions=drop",
        "add-flow br0 in_port=p9,actions=drop",
        "dump-flows br0 in_port=nosuch",
        "dump-ports br0 nosuch",
        "show nobr",
        "show unix:/nonexistent/br0.mgmt",
        "show tcp:127.0.0.1:1",
        "show bogus:xx",
    };

    [RequiresProgramsTheory(["ovs-ofctl"], ["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-vswitchd", "ovs-ofctl"])]
    [MemberData(nameof(Commands))]
    public void SameOutputAsDebian(string command)
    {
        string[] args = command.Split(' ');
        string? stdin = args[^1] != "-" ? null : args[^3] == "add-groups"
            ? "group_id=1,type=all,bucket=output:1\n# comment\ngroup_id=2,type=select,bucket=output:2\ndelete group_id=1\n"
            : "in_port=1 actions=2\n# comment\npriority=3,arp,actions=NORMAL\ndelete in_port=1\n";
        (ProgramResult Result, string Table) Run(string program)
        {
            ProgramResult setup = sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["add-flows", "br0", "-"], Flows);
            Assert.Equal(0, setup.ExitCode);
            Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["-O", "OpenFlow13", "add-meter", "br0", "meter=7,pktps,band=type=drop,rate=10"]).ExitCode);
            Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["-O", "OpenFlow13", "add-group", "br0", "group_id=7,type=all,bucket=output:1"]).ExitCode);
            ProgramResult result = sw.Ofctl(program, args, stdin);
            ProgramResult table = sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["--no-stats", "dump-flows", "br0"]);
            ProgramResult ports = sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["dump-ports-desc", "br0"]);
            foreach (string port in (string[])["p1", "p2"])
            {
                foreach (string setting in (string[])["up", "flood", "receive"])
                {
                    Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["mod-port", "br0", port, setting]).ExitCode);
                }
            }

            Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["del-flows", "br0"]).ExitCode);
            Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["-O", "OpenFlow13", "del-groups", "br0"]).ExitCode);
            Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["-O", "OpenFlow13", "del-meters", "br0"]).ExitCode);
            Assert.Equal(0, sw.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, ["set-frags", "br0", "normal"]).ExitCode);
            return (result, table.Stdout + ports.Stdout);
        }

        (ProgramResult theirs, string theirTable) = Run(ProgramRunner.Reference("ovs-ofctl")!);
        (ProgramResult ours, string ourTable) = Run(ProgramRunner.Ours("ovs-ofctl")!);
        Assert.Equal(Strip(theirs.Stdout), Strip(ours.Stdout));
        Assert.Equal(Strip(theirs.Stderr), Strip(ours.Stderr));
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
        Assert.Equal(theirTable, ourTable);
    }

    [RequiresProgramsFact(["ovs-ofctl"], ["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-vswitchd", "ovs-ofctl"])]
    public void VersionNegotiationFailureMatchesDebian()
    {
        // A switch of its own, since this test changes the bridge's protocols.
        using var restricted = new OfctlSwitch();
        Assert.Equal(0, restricted.Vsctl("set", "bridge", "br0", "protocols=OpenFlow10").ExitCode);
        string[] args = ["-O", "OpenFlow15", "-vvconn", "show", "br0"];
        ProgramResult theirs = restricted.Ofctl(ProgramRunner.Reference("ovs-ofctl")!, args);
        ProgramResult ours = restricted.Ofctl(ProgramRunner.Ours("ovs-ofctl")!, args);
        Assert.Equal(1, ours.ExitCode);
        Assert.Equal(theirs.ExitCode, ours.ExitCode);

        // The switch may close before the error reaches it, so the send's status and the final errno race (upstream
        // alike): compare the lines that do not depend on that race.
        // The switch numbers its hellos across connections, so xids are stripped here as ofctl_strip does.
        static string[] Stable(string stderr) => [.. XidPattern().Replace(Strip(stderr), "").Split('\n').Where(l => !l.Contains("sent (", StringComparison.Ordinal) && !l.StartsWith("ovs-ofctl:", StringComparison.Ordinal))];
        Assert.Equal(Stable(theirs.Stderr), Stable(ours.Stderr));
        Assert.Matches("^ovs-ofctl: br0: failed to connect to socket \\((Broken pipe|Protocol error|Connection reset by peer)\\)$", ours.Stderr.Split('\n')[^2]);
    }

    /// <summary>ofctl_strip's normalisations that vary between runs, plus log timestamps.</summary>
    private static string Strip(string text)
    {
        text = DurationPattern().Replace(text, "duration$1?s");
        text = AgePattern().Replace(text, "$1=?");
        return TimestampPattern().Replace(text, "");
    }

    [GeneratedRegex(" \\(xid=0x[0-9a-fA-F]*\\)")]
    private static partial Regex XidPattern();

    [GeneratedRegex("duration([=:])[0-9.]*s")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("(idle_age|hard_age)=[0-9]+")]
    private static partial Regex AgePattern();

    [GeneratedRegex(@"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z\|[0-9]+\|")]
    private static partial Regex TimestampPattern();
}
