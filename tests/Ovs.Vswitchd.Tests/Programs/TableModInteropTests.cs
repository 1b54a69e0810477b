// "ovs-ofctl mod-table" (table-miss behaviour in OpenFlow 1.1 and 1.2, eviction and vacancy events from 1.4 on) and
// the old packet-out syntax with an action that does not fit the empty match (dec_ttl), run by a script whose
// results Debian's ovs-ofctl reads back (dump-tables in OpenFlow 1.1, which shows the miss behaviour, and
// dump-table-desc in 1.4). Three runs must print the same: Debian's ovs-ofctl on Debian's ovs-vswitchd, ours on
// Debian's ovs-vswitchd, and Debian's ovs-ofctl on ours.
using System.Text.RegularExpressions;
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/ofproto-dpif.at")]
public sealed partial class TableModInteropTests
{
    private const string Script = """
        show() { "$DUMP" -O OpenFlow11 dump-tables br0 | grep -E 'table|config'; "$DUMP" -O OpenFlow14 dump-table-desc br0 | sed -n '1,12p'; }
        mod() { echo "\$ mod-table $*"; "$OFCTL" "$@" 2>&1; echo "exit $?"; }
        mod -O OpenFlow11 mod-table br0 1 drop
        mod -O OpenFlow12 mod-table br0 all continue
        mod -O OpenFlow11 mod-table br0 2 controller
        show
        mod mod-table br0 1 drop
        mod -O OpenFlow11 mod-table br0 254 continue
        mod -O OpenFlow11 mod-table br0 256 drop
        mod -O OpenFlow11 mod-table br0 x drop
        mod -O OpenFlow14 mod-table br0 1 bogus
        mod -O OpenFlow14 mod-table br0 1 vacancy:90,10
        mod -O OpenFlow14 mod-table br0 1 vacancy:x,10
        mod -O OpenFlow14 mod-table br0 1 vacancy:10
        mod -O OpenFlow14 mod-table br0 1 vacancy
        mod -O OpenFlow14 mod-table br0 1 vacancy:20,80
        mod -O OpenFlow14 mod-table br0 1 evict
        show
        mod -O OpenFlow15 mod-table br0 all noevict
        mod -O OpenFlow14 mod-table br0 0 vac:5,6
        show
        mod -O OpenFlow14 mod-table br0 0 novacancy
        show
        "$OFCTL" -O OpenFlow12 packet-out br0 none dec_ttl 002583dfb4000026b98cb0f908004500003eb7e200000011339bac11370dac100002d7730035002b8f6d86fb0100000100000000000006626c702d7873066e696369726103636f6d00000f00
        echo "packet-out: $?"
        """;

    [RequiresProgramsFact(["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl", "ovs-ofctl", "ovs-vswitchd"], ["ovs-vswitchd", "ovs-ofctl"])]
    public void ModTableChangesTheTablesAsDebiansDoes()
    {
        string reference = ProgramRunner.Reference("ovs-ofctl")!, debianSwitch = ProgramRunner.Reference("ovs-vswitchd")!;
        string theirs = Run(reference, debianSwitch);
        Assert.Equal(theirs, Run(ProgramRunner.Ours("ovs-ofctl")!, debianSwitch));
        Assert.Equal(theirs, Run(reference, ProgramRunner.Ours("ovs-vswitchd")!));
    }

    private static string Run(string ofctl, string vswitchd)
    {
        using var sandbox = new Sandbox("tablemod");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(vswitchd, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);
        ProgramResult added = Vsctl(sandbox, "add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure",
            "other-config:datapath-id=fedcba9876543210", "other-config:hwaddr=aa:55:aa:55:00:00",
            "protocols=[OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15]");
        Assert.True(added.ExitCode == 0, added.Stderr);

        string script = $"OFCTL={ofctl} DUMP={ProgramRunner.Reference("ovs-ofctl")}\n{Script}";
        ProgramResult r = ProgramRunner.Run("/bin/sh", ["-c", script], sandbox, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
        return LogTime().Replace(Xid().Replace(r.Stdout + r.Stderr, string.Empty), "TIME|");
    }

    [GeneratedRegex(@" \(xid=0x[0-9a-f]+\)")]
    private static partial Regex Xid();

    [GeneratedRegex(@"(?m)^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\|")]
    private static partial Regex LogTime();
}
