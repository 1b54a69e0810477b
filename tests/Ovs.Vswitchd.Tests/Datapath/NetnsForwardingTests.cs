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

        AddDatapathWithFlows(sandbox);

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

    // With the hosts' transmit offloads off, h1's TCP sends MTU-sized frames; the datapath's system port sends runs
    // of them as GSO super-frames (TcpCoalescer), which h2 receives whole. The bytes must arrive unchanged (the
    // receiver cannot check: a super-frame from a veth carries a checksum the sender leaves unfinished, so the test
    // compares a digest), and h2 must have received fewer frames than the datapath forwarded segments.
    [NetnsToolsFact("ethtool", "python3")]
    [Trait("issue", "6")]
    public void TcpFromHostsWithoutOffloadsArrivesIntactInSuperFrames()
    {
        using var sandbox = new Sandbox("dpgro");
        using var net = NetnsTriangle.Create($"ovsgr{Environment.ProcessId % 100000}x{Interlocked.Increment(ref s_counter)}");
        foreach (string host in new[] { net.Host1, net.Host2 })
        {
            ProgramResult off = NetnsTriangle.Exec(host, ["ethtool", "-K", "eth0", "tx", "off"], TimeSpan.FromSeconds(10));
            Assert.True(off.ExitCode == 0, off.Stderr);
        }

        using DaemonHarness server = StartServer(sandbox);
        using DaemonHarness vswitchd = DaemonHarness.Start(
            ProgramRunner.Ours("ovs-vswitchd")!, sandbox, ["--disable-system-route", $"unix:{sandbox.PathOf("db.sock")}"], net.Switch);
        AddDatapathWithFlows(sandbox);

        // 64 MiB of a deterministic pattern from h1 to h2; each side prints the SHA-256 of what it sent or received.
        const string Sink = "import hashlib,socket,sys;s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);"
            + "s.bind(('0.0.0.0',5202));s.listen(1);s.settimeout(30);c,_=s.accept();c.settimeout(30);h=hashlib.sha256();n=0\n"
            + "while True:\n d=c.recv(1<<20)\n if not d: break\n h.update(d);n+=len(d)\nopen(sys.argv[1],'w').write(f'{n} {h.hexdigest()}')";
        const string Source = "import hashlib,socket,sys,time\nfor i in range(50):\n try:\n  c=socket.create_connection((sys.argv[1],5202),timeout=30);break\n"
            + " except ConnectionRefusedError: time.sleep(0.1)\nh=hashlib.sha256();n=0\nfor i in range(64):\n"
            + " b=hashlib.sha256(str(i).encode()).digest()*32768;c.sendall(b);h.update(b);n+=len(b)\nc.close();print(n,h.hexdigest())";
        string sinkOut = sandbox.PathOf("sink.out");
        using Process sink = NetnsTriangle.Start(net.Host2, ["python3", "-c", Sink, sinkOut]);
        ProgramResult source = NetnsTriangle.Exec(net.Host1, ["python3", "-c", Source, net.Host2Address], TimeSpan.FromSeconds(60));
        Assert.True(source.ExitCode == 0, $"sender failed:\n{source.Stdout}{source.Stderr}\n{vswitchd.Log}");
        if (!sink.WaitForExit(30_000))
        {
            sink.Kill(entireProcessTree: true);
            sink.WaitForExit(5_000);
        }

        string received = File.Exists(sinkOut) ? File.ReadAllText(sinkOut) : "(receiver wrote nothing)";
        Assert.Equal(source.Stdout.Trim(), received.Trim());
        Assert.StartsWith("67108864 ", received, StringComparison.Ordinal);

        string flows = Appctl(sandbox, "dpctl/dump-flows", "netdev@dp0").Stdout;
        Match forward = Regex.Match(flows, @"in_port\(1\),eth\(\),eth_type\(0x0800\), packets:(\d+)");
        Assert.True(forward.Success, flows);
        long segments = long.Parse(forward.Groups[1].Value, CultureInfo.InvariantCulture);
        ProgramResult link = NetnsTriangle.Exec(net.Host2, ["cat", "/sys/class/net/eth0/statistics/rx_packets"], TimeSpan.FromSeconds(10));
        long frames = long.Parse(link.Stdout.Trim(), CultureInfo.InvariantCulture);
        Assert.True(segments > 64 * 1024 * 1024 / 1500, flows);
        Assert.True(frames < segments / 2, $"h2 received {frames} frames for {segments} segments forwarded");
        Assert.Equal(0, Appctl(sandbox, "dpctl/del-dp", "netdev@dp0").ExitCode);
    }

    private static void AddDatapathWithFlows(Sandbox sandbox)
    {
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
