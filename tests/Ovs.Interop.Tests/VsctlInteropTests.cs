// Debian's ovs-vsctl against our ovsdb-server: a scripted scenario over its command families (bridges, ports,
// bonds, interfaces, controllers, managers, fail-mode, and the generic database commands), compared with the
// same scenario against Debian's ovsdb-server. ovs-vsctl runs with --no-wait, as there is no ovs-vswitchd.
// Commands whose output lists several rows in the client's hash order (random per run, also with Debian's server)
// are avoided: each "find"/"list" here selects one row, and the lines of "show" (whose bridges, ports and bond
// interfaces come in set order, i.e. by random UUID) are compared sorted.
using System.Text;
using Ovs.TestKit;

namespace Ovs.Interop.Tests;

[Trait("upstream", "tests/ovs-vsctl.at")]
public sealed class VsctlInteropTests
{
    private static readonly string[][] s_scenario =
    [
        ["init"],
        ["add-br", "br0"],
        ["add-br", "br1"],
        ["add-br", "fake", "br0", "10"],
        ["list-br"],
        ["br-exists", "br0"],
        ["br-exists", "nope"],
        ["br-to-vlan", "fake"],
        ["br-to-parent", "fake"],
        ["add-port", "br0", "p1"],
        ["add-port", "br0", "p2", "tag=5", "--", "set", "Interface", "p2", "type=internal"],
        ["--may-exist", "add-port", "br0", "p1"],
        ["add-port", "br0", "p1"],
        ["add-bond", "br1", "bond0", "e1", "e2", "bond_mode=balance-slb"],
        ["add-port", "fake", "fp1"],
        ["list-ports", "br0"],
        ["list-ports", "fake"],
        ["list-ifaces", "br1"],
        ["port-to-br", "p2"],
        ["iface-to-br", "e2"],
        ["set-controller", "br0", "tcp:127.0.0.1:6653", "unix:/tmp/ctl"],
        ["get-controller", "br0"],
        ["set-fail-mode", "br0", "secure"],
        ["get-fail-mode", "br0"],
        ["set-manager", "ptcp:6640:127.0.0.1"],
        ["get-manager"],
        ["br-set-external-id", "br0", "key", "value"],
        ["br-get-external-id", "br0"],
        ["set", "Bridge", "br0", "other_config:hwaddr=00:11:22:33:44:55", "stp_enable=true"],
        ["get", "Bridge", "br0", "other_config", "stp_enable", "fail_mode"],
        ["add", "Bridge", "br0", "flood_vlans", "1", "2", "3"],
        ["remove", "Bridge", "br0", "flood_vlans", "2"],
        ["--columns=name,flood_vlans,stp_enable", "list", "Bridge", "br0"],
        ["--columns=name,tag", "find", "Port", "tag=5"],
        ["--bare", "--columns=name,type", "find", "Interface", "name=p2"],
        ["clear", "Bridge", "br0", "flood_vlans"],
        ["--format=csv", "--columns=name,ofport_request", "list", "Interface", "p1"],
        ["--format=json", "--columns=name,stp_enable", "list", "Bridge", "br0"],
        ["--id=@q", "create", "QoS", "type=linux-htb", "--", "set", "Port", "p1", "qos=@q"],
        ["--columns=type", "list", "QoS"],
        ["clear", "Port", "p1", "qos"],
        ["--columns=type", "list", "QoS"],
        ["show"],
        ["del-port", "br0", "p2"],
        ["del-port", "br0", "nope"],
        ["--if-exists", "del-port", "br0", "nope"],
        ["del-br", "fake"],
        ["del-br", "br1"],
        ["list-br"],
        ["emer-reset"],
        ["show"],
        ["del-br", "br0"],
        ["show"],
    ];

    [RequiresProgramsFact(["ovsdb-server"], ["ovsdb-server", "ovsdb-tool", "ovs-vsctl"])]
    public void DebianVsctlBehavesTheSameAgainstOurServer()
    {
        string schema = ServerPair.RepoFile("schemas/vswitch.ovsschema");
        string Scenario(Sandbox sb, string remote)
        {
            var text = new StringBuilder();
            foreach (string[] command in s_scenario)
            {
                var args = new List<string> { "--no-wait", "--timeout=10", "--db=" + remote };
                args.AddRange(command);
                ProgramResult r = ProgramRunner.Run(ProgramRunner.Reference("ovs-vsctl")!, args, sb);
                string stdout = command[0] == "show" ? SortLines(r.Stdout) : r.Stdout;
                text.Append("$ ovs-vsctl ").AppendJoin(' ', command).Append('\n')
                    .Append(stdout).Append(r.Stderr).Append("exit ").Append(r.ExitCode).Append('\n');
            }

            return UuidFilter.Apply(text.ToString());
        }

        string expected = ServerPair.RunAgainst(ProgramRunner.Reference("ovsdb-server")!, schema, Scenario);
        string actual = ServerPair.RunAgainst(ProgramRunner.Ours("ovsdb-server")!, schema, Scenario);
        Assert.Contains("Bridge br0", expected, StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }

    private static string SortLines(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(lines, StringComparer.Ordinal);
        return string.Join('\n', lines) + (lines.Length > 0 ? "\n" : "");
    }
}
