// Issue 6's end-to-end check of the userspace datapath, with real kernel devices and real traffic: ovs-vswitchd runs
// in a network namespace of the test's own ("switch"), with one veth end from each of two host namespaces ("h1",
// "h2", 10.231.N.1 and .2). The datapath is made with dpctl/add-dp netdev@dp0 and has no bridge on it; the two
// veth ends are added with dpctl/add-if, and ARP and IPv4 flows with dpctl/add-flow. Ping and a short iperf3 TCP
// run must pass through it, and dpctl/dump-flows (through ovs-appctl and through our ovs-dpctl) must count them.
// Nothing is created in the host's namespace; everything is deleted at the end.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Datapath;

[Trait("requires", "netns")]
public sealed partial class NetnsForwardingTests
{
    private static int s_counter;

    [NetnsToolsFact("ping", "iperf3")]
    [Trait("issue", "6")]
    public void NetdevDatapathForwardsPingAndTcpByItsOwnFlows()
    {
        using var sandbox = new Sandbox("dpns");
        using var net = NetnsTriangle.Create($"ovsdp{Environment.ProcessId % 100000}x{Interlocked.Increment(ref s_counter)}");
        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness vswitchd = DaemonHarness.Start(
            ProgramRunner.Ours("ovs-vswitchd")!, sandbox, ["--disable-system-route", $"unix:{sandbox.PathOf("db.sock")}"], net.Switch);

        Assert.Equal(string.Empty, Appctl(sandbox, "dpctl/add-dp", "netdev@dp0").Stdout);
        Assert.Equal(string.Empty, Appctl(sandbox, "dpctl/add-if", "netdev@dp0", "p1").Stdout);
        Assert.Equal(string.Empty, Appctl(sandbox, "dpctl/add-if", "netdev@dp0", "p2").Stdout);
        string show = Appctl(sandbox, "dpctl/show", "netdev@dp0").Stdout;
        Assert.Contains("  port 1: p1\n", show, StringComparison.Ordinal);
        Assert.Contains("  port 2: p2\n", show, StringComparison.Ordinal);
        foreach ((string inPort, string outPort) in new[] { ("1", "2"), ("2", "1") })
        {
            Assert.Equal(string.Empty, Appctl(sandbox, "dpctl/add-flow", "netdev@dp0", $"in_port({inPort}),eth(),eth_type(0x0806),arp()", outPort).Stdout);
            Assert.Equal(string.Empty, Appctl(sandbox, "dpctl/add-flow", "netdev@dp0", $"in_port({inPort}),eth(),eth_type(0x0800),ipv4()", outPort).Stdout);
        }

        ProgramResult ping = NetnsTriangle.Exec(net.Host1, ["ping", "-c", "3", "-i", "0.2", "-W", "2", net.Host2Address], TimeSpan.FromSeconds(20));
        Assert.True(ping.ExitCode == 0, $"ping failed:\n{ping.Stdout}{ping.Stderr}\n{vswitchd.Log}");
        Assert.Contains("3 received", ping.Stdout, StringComparison.Ordinal);

        // A bounded TCP run: the server answers one client and exits; the client sends for two seconds.
        using (Process iperfServer = NetnsTriangle.Start(net.Host2, ["iperf3", "-s", "-1", "-p", "5201"]))
        {
            try
            {
                ProgramResult tcp = RetryConnect(() => NetnsTriangle.Exec(
                    net.Host1, ["iperf3", "-c", net.Host2Address, "-p", "5201", "-t", "2", "-f", "m"], TimeSpan.FromSeconds(30)));
                Assert.True(tcp.ExitCode == 0, $"iperf3 failed:\n{tcp.Stdout}{tcp.Stderr}");
                Match receiver = ReceiverRate().Match(tcp.Stdout);
                Assert.True(receiver.Success, tcp.Stdout);
                Assert.True(double.Parse(receiver.Groups[1].Value, CultureInfo.InvariantCulture) > 0, tcp.Stdout);
            }
            finally
            {
                if (!iperfServer.WaitForExit(5_000))
                {
                    iperfServer.Kill(entireProcessTree: true);
                    iperfServer.WaitForExit(5_000);
                }
            }
        }

        // Both directions of IPv4 were counted by their flows, as dpctl/dump-flows and ovs-dpctl report them.
        string flows = Appctl(sandbox, "dpctl/dump-flows", "netdev@dp0").Stdout;
        ProgramResult dpctl = ProgramRunner.Run(ProgramRunner.Ours("ovs-dpctl")!, ["dump-flows", "netdev@dp0"], sandbox, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(0, dpctl.ExitCode);
        foreach (string dump in new[] { flows, dpctl.Stdout })
        {
            foreach (string inPort in new[] { "1", "2" })
            {
                Match flow = Regex.Match(dump, $@"in_port\({inPort}\),eth\(\),eth_type\(0x0800\), packets:(\d+), bytes:(\d+)");
                Assert.True(flow.Success, dump);
                Assert.True(long.Parse(flow.Groups[1].Value, CultureInfo.InvariantCulture) >= 3, dump);
            }
        }

        Assert.Equal(0, Appctl(sandbox, "dpctl/del-dp", "netdev@dp0").ExitCode);
    }

    /// <summary>iperf3's server may need a moment before it listens; the client is retried while refused.</summary>
    private static ProgramResult RetryConnect(Func<ProgramResult> client)
    {
        ProgramResult result = client();
        for (int i = 0; i < 20 && result.ExitCode != 0 && (result.Stdout + result.Stderr).Contains("refused", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(100);
            result = client();
        }

        return result;
    }

    [GeneratedRegex(@"([0-9.]+) Mbits/sec\s+receiver")]
    private static partial Regex ReceiverRate();
}
