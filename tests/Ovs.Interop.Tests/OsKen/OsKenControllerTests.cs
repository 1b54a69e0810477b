// A real OpenFlow controller, os-ken (the Ryu fork, Debian's python3-os-ken), in charge of a bridge: the switch
// connects to it from the Controller table, os-ken installs its flows and gets packet-ins. The same scenario runs
// against Debian's ovsdb-server and ovs-vswitchd and against ours; each must show the expected flows and events,
// and the events os-ken records must be the same for both.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ovs.TestKit;

namespace Ovs.Interop.Tests.OsKen;

public sealed class OsKenControllerTests
{
    private const string OsKenManager = "/usr/bin/osken-manager";
    private const string DatapathId = "fedcba9876543210";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    // An ARP request from 50:54:00:00:00:05 (10.0.0.1) for 10.0.0.2: no flow but the table-miss one matches it on p2.
    private const string ArpFrame =
        "ffffffffffff505400000005080600010800060400015054000000050a0000010000000000000a000002" +
        "000000000000000000000000000000000000";

    [RequiresOsKenFact]
    public void OsKenControlsOurSwitchAsItControlsDebians()
    {
        List<string> theirs = RunScenario(ours: false);
        List<string> ours = RunScenario(ours: true);
        Assert.Equal(theirs, ours);
    }

    /// <summary>Runs the scenario with our programs or Debian's; returns os-ken's events.</summary>
    private static List<string> RunScenario(bool ours)
    {
        Func<string, string?> program = ours ? ProgramRunner.Ours : ProgramRunner.Reference;
        string schema = ours ? Path.Combine(ProgramRunner.OurBinDir, "..", "vswitch.ovsschema") : "/usr/share/openvswitch/vswitch.ovsschema";
        using var sandbox = new Sandbox("osken");
        ProgramResult Run(string name, params string[] args) =>
            ProgramRunner.Run(program(name)!, args, sandbox, timeout: TimeSpan.FromSeconds(20));

        Check(Run("ovsdb-tool", "create", "conf.db", schema));
        using DaemonHarness server = DaemonHarness.Start(program("ovsdb-server")!, sandbox, [$"--remote=punix:{sandbox.PathOf("db.sock")}", "conf.db"]);
        Check(Run("ovs-vsctl", "--no-wait", "init"));
        using DaemonHarness vswitchd = DaemonHarness.Start(
            program("ovs-vswitchd")!, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);

        int port = FreePort();
        string events = sandbox.PathOf("osken-events.txt");
        using Process controller = StartOsKen(sandbox, port, events);
        try
        {
            WaitFor(() => Listening(port), () => $"os-ken did not listen on {port}: {OsKenLog(sandbox)}");
            Check(Run(
                "ovs-vsctl", "--timeout=20",
                "--", "add-br", "br0",
                "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure", "protocols=OpenFlow13",
                $"other-config:datapath-id={DatapathId}",
                "--", "add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy", "ofport_request=1",
                "--", "add-port", "br0", "p2", "--", "set", "Interface", "p2", "type=dummy", "ofport_request=2",
                "--", "set-controller", "br0", $"tcp:127.0.0.1:{port}"));

            // The switch connects, os-ken sees its features and installs two flows.
            WaitFor(() => Lines(events).Any(l => l.StartsWith("features ", StringComparison.Ordinal)), () => $"no features event: {OsKenLog(sandbox)}\n{vswitchd.Log}");
            string flows = "";
            WaitFor(
                () =>
                {
                    flows = Run("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "dump-flows", "br0").Stdout;
                    return flows.Contains("priority=10,in_port=1 actions=output:2", StringComparison.Ordinal)
                        && flows.Contains("priority=0 actions=CONTROLLER:65535", StringComparison.Ordinal);
                },
                () => $"os-ken's flows are not in the table:\n{flows}");
            WaitFor(() => Run("ovs-vsctl", "get", "controller", "br0", "is_connected").Stdout.Trim() == "true", () => "is_connected did not become true");

            // A frame on p2 matches only the table-miss flow: os-ken gets it as a packet-in.
            Check(Run("ovs-appctl", "netdev-dummy/receive", "p2", ArpFrame));
            WaitFor(() => Lines(events).Any(l => l.StartsWith("packet_in ", StringComparison.Ordinal)), () => $"no packet-in: {OsKenLog(sandbox)}\n{vswitchd.Log}");
            return Lines(events);
        }
        finally
        {
            Stop(controller);
        }
    }

    private static Process StartOsKen(Sandbox sandbox, int port, string events)
    {
        string app = Path.Combine(AppContext.BaseDirectory, "OsKen", "interop_app.py");
        var psi = new ProcessStartInfo(OsKenManager)
        {
            UseShellExecute = false,
            WorkingDirectory = sandbox.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "--ofp-listen-host", "127.0.0.1", "--ofp-tcp-listen-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-file", sandbox.PathOf("osken.log"), app })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["OSKEN_EVENTS"] = events;
        Process p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start osken-manager");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void Stop(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        p.Dispose();
    }

    private static List<string> Lines(string path) => File.Exists(path) ? [.. File.ReadAllLines(path)] : [];

    private static string OsKenLog(Sandbox sandbox) => File.Exists(sandbox.PathOf("osken.log")) ? File.ReadAllText(sandbox.PathOf("osken.log")) : "(no os-ken log)";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void WaitFor(Func<bool> condition, Func<string> explain)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > s_wait)
            {
                Assert.Fail(explain());
            }

            Thread.Sleep(100);
        }
    }

    private static void Check(ProgramResult r)
    {
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"step failed ({r.ExitCode}): {r.Stdout}{r.Stderr}");
        }
    }

    /// <summary>Needs os-ken (python3-os-ken), Debian's OVS and our programs.</summary>
    private sealed class RequiresOsKenFactAttribute : FactAttribute
    {
        public RequiresOsKenFactAttribute()
        {
            string[] programs = ["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-vswitchd", "ovs-ofctl", "ovs-appctl"];
            if (!File.Exists(OsKenManager))
            {
                Skip = "os-ken is not installed (apt-get install python3-os-ken)";
            }
            else if (Array.Find(programs, p => ProgramRunner.Reference(p) is null) is string missingReference)
            {
                Skip = $"Debian's {missingReference} is not installed";
            }
            else if (Array.Find(programs, p => ProgramRunner.Ours(p) is null) is string missingOurs)
            {
                Skip = $"our {missingOurs} is not built (make)";
            }
        }
    }
}
