// Our ovs-vswitchd next to Debian's /usr/sbin/ovs-vswitchd 3.1.0 on the same tunnel configuration, both started as
// upstream's OVS_VSWITCHD_START starts them and driven by Debian's ovs-vsctl: the tunnel ports of add-port --
// reserved names 2 (ovs-vsctl.at), one of every other tunnel type, options that are only warned about, options that
// are refused, a tunnel with the same match as another, VXLAN-GBP next to plain VXLAN on one UDP port, a tunnel
// moved to another destination port, a deleted tunnel and a reserved name. Compared: ovs-vsctl's messages,
// ovs-vsctl show (ports sorted, as their order follows random UUIDs), the Interface columns the daemon writes,
// dpif/show, dpctl/show, ofproto/list-tunnels and tnl/ports/show (sorted: upstream lists them in hash and
// insertion order, which follow the random order in which ports are created) and the distinct log lines of
// the modules involved. Left out: UUIDs and the random mac_in_use of tunnel devices. Ports added together have an
// ofport_request, as upstream numbers them in hash order, which depends on random UUIDs when names share a bucket.
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/ovs-vsctl.at")]
public sealed class TunnelInteropTests
{
    private const string InterfaceColumns = "name,type,options,ofport,ofport_request,error,admin_state,link_state,ifindex,mtu,status";

    private static readonly string[] s_logModules = ["bridge|", "netdev|", "netdev_vport|", "tunnel|", "ofproto|", "socket_util|"];

    private static readonly string[][] s_script =
    [
        ["add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure",
            "--", "add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=gre", "options:remote_ip=1.1.1.1", "ofport_request=1",
            "--", "add-port", "br0", "p3", "--", "set", "Interface", "p3", "type=lisp", "options:remote_ip=2.2.2.2", "ofport_request=3",
            "--", "add-port", "br0", "p4", "--", "set", "Interface", "p4", "type=vxlan", "options:remote_ip=2.2.2.2", "ofport_request=4",
            "--", "add-port", "br0", "p5", "--", "set", "Interface", "p5", "type=geneve", "options:remote_ip=2.2.2.2", "ofport_request=5"],
        ["add-port", "br0", "p6", "--", "set", "Interface", "p6", "type=vxlan", "options:remote_ip=flow", "options:dst_port=9000",
            "options:key=flow", "options:tos=inherit", "options:ttl=5", "options:csum=true", "options:exts=gbp,gpe"],
        ["add-port", "br0", "p8", "--", "set", "Interface", "p8", "type=vxlan", "options:remote_ip=1.1.1.1", "options:exts=foo,gbp",
            "options:tos=3", "options:bogus=1", "options:local_ip=x", "options:dst_port=4790"],
        ["add-port", "br0", "p9", "--", "set", "Interface", "p9", "type=erspan", "options:remote_ip=224.1.1.1"],
        ["add-port", "br0", "p10", "--", "set", "Interface", "p10", "type=lisp", "options:remote_ip=1.2.3.4", "options:packet_type=legacy_l2"],
        ["add-port", "br0", "e1", "--", "set", "Interface", "e1", "ofport_request=21", "type=erspan", "options:remote_ip=3.3.3.3", "options:erspan_ver=2", "options:erspan_hwid=7",
            "--", "add-port", "br0", "e4", "--", "set", "Interface", "e4", "ofport_request=24", "type=gtpu", "options:remote_ip=3.3.3.5", "options:in_key=3", "options:out_key=4",
            "--", "add-port", "br0", "e5", "--", "set", "Interface", "e5", "ofport_request=25", "type=stt", "options:remote_ip=3.3.3.6", "options:df_default=false",
            "--", "add-port", "br0", "e6", "--", "set", "Interface", "e6", "ofport_request=26", "type=ip6erspan", "options:remote_ip=fe80::3", "options:erspan_ver=1", "options:erspan_idx=0x10"],
        ["add-port", "br0", "e3", "--", "set", "Interface", "e3", "ofport_request=23", "type=bareudp", "options:remote_ip=3.3.3.4", "options:payload_type=mpls"],
        ["add-port", "br0", "e2", "--", "set", "Interface", "e2", "type=ip6gre", "options:remote_ip=fe80::1", "options:local_ip=fe80::2"],
        ["add-port", "br0", "q1", "--", "set", "Interface", "q1", "type=vxlan", "options:remote_ip=flow", "options:exts=gbp", "options:dst_port=4790"],
        ["set", "Interface", "p4", "options:dst_port=4800"],
        ["del-port", "p5"],
        ["add-port", "br0", "genev_sys", "--", "set", "Interface", "genev_sys", "type=geneve", "options:remote_ip=5.5.5.5"],

        // Last, because every reconfiguration tries this port again and uses up a port number (upstream too), and
        // how many reconfigurations happen depends on timing.
        ["add-port", "br0", "p7", "--", "set", "Interface", "p7", "type=gre", "options:remote_ip=1.1.1.1"],
    ];

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vswitchd", "ovs-vsctl"])]
    public void TunnelPortsLookAsDebiansDo()
    {
        string theirs = RunScript(ProgramRunner.Reference("ovs-vswitchd")!);
        string ours = RunScript(ProgramRunner.Ours("ovs-vswitchd")!);
        Assert.Equal(theirs, ours);
    }

    private static string RunScript(string vswitchd)
    {
        using var sandbox = new Sandbox("tnin");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(vswitchd, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);
        var output = new System.Text.StringBuilder();
        foreach (string[] command in s_script)
        {
            ProgramResult r = ReferenceVsctl(sandbox, command);
            output.Append($"$ ovs-vsctl {string.Join(' ', command)}\n{r.ExitCode}\n{r.Stdout}{r.Stderr}");
        }

        output.Append(SortedPorts(ReferenceVsctl(sandbox, "--no-wait", "show").Stdout));
        output.Append(SortedLines(ReferenceVsctl(sandbox, "--no-wait", "--format=csv", "--no-headings", $"--columns={InterfaceColumns}", "list", "Interface").Stdout));
        output.Append(Appctl(sandbox, "dpif/show").Stdout);
        output.Append(Appctl(sandbox, "dpctl/show").Stdout);
        output.Append(SortedLines(Appctl(sandbox, "ofproto/list-tunnels").Stdout));
        output.Append(SortedLines(Appctl(sandbox, "tnl/ports/show").Stdout));
        output.Append(SortedLines(LogLines(daemon.Log), distinct: true));
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

    /// <summary>ovs-vsctl show with each bridge's Port blocks sorted.</summary>
    private static string SortedPorts(string show)
    {
        var result = new System.Text.StringBuilder();
        var blocks = new List<string>();
        foreach (string line in show.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("        Port ", StringComparison.Ordinal))
            {
                blocks.Add(line + "\n");
            }
            else if (line.StartsWith("            ", StringComparison.Ordinal) && blocks.Count > 0)
            {
                blocks[^1] += line + "\n";
            }
            else
            {
                blocks.Sort(StringComparer.Ordinal);
                result.Append(string.Concat(blocks));
                blocks.Clear();
                result.Append(line).Append('\n');
            }
        }

        blocks.Sort(StringComparer.Ordinal);
        return result.Append(string.Concat(blocks)).ToString();
    }

    /// <summary>The lines of the modules involved without timestamps, sequence numbers and the version banner.</summary>
    private static string LogLines(string log)
    {
        var lines = new List<string>();
        bool kept = false;
        foreach (string entry in log.Split('\n'))
        {
            string[] p = entry.Split('|', 3);
            if (p.Length == 3)
            {
                kept = s_logModules.Any(m => p[2].StartsWith(m, StringComparison.Ordinal))
                    && !p[2].Contains("ovs-vswitchd (Open vSwitch)", StringComparison.Ordinal)
                    && !p[2].Contains("using datapath ID", StringComparison.Ordinal);
                if (kept)
                {
                    lines.Add(p[2]);
                }
            }
            else if (kept && entry.Length > 0)
            {
                // The continuation lines of a multi-line message.
                lines[^1] += "\n" + entry;
            }
        }

        return string.Concat(lines.Select(static l => l + "\n"));
    }
}
