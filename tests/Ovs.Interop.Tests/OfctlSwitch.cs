// Debian's ovsdb-server and ovs-vswitchd in a sandbox, started as upstream's OVS_VSWITCHD_START does
// (tests/ofproto-macros.at): --enable-dummy, bridge br0 with datapath_type=dummy, fail-mode=secure, the fixed
// datapath ID and MAC, every OpenFlow version, plus dummy ports p1 and p2 as OpenFlow ports 1 and 2. As a class
// fixture it starts nothing when Debian's programs are missing (the tests using it are skipped then).
using Ovs.TestKit;

namespace Ovs.Interop.Tests;

public sealed class OfctlSwitch : IDisposable
{
    private readonly DaemonHarness? _server;
    private readonly DaemonHarness? _vswitchd;

    public OfctlSwitch()
    {
        Sandbox = new Sandbox("ofi");
        if (Array.Exists(Programs, p => ProgramRunner.Reference(p) is null))
        {
            return;
        }

        try
        {
            Check(ProgramRunner.Run(ProgramRunner.Reference("ovsdb-tool")!, ["create", "conf.db", "/usr/share/openvswitch/vswitch.ovsschema"], Sandbox));
            _server = DaemonHarness.Start(ProgramRunner.Reference("ovsdb-server")!, Sandbox, [$"--remote=punix:{Sandbox.PathOf("db.sock")}", "conf.db"]);
            Check(Vsctl("--no-wait", "init"));
            _vswitchd = DaemonHarness.Start(
                ProgramRunner.Reference("ovs-vswitchd")!, Sandbox,
                ["--enable-dummy", "--disable-system", "--disable-system-route", "-vvconn", "-vofproto_dpif", "-vunixctl"]);
            Check(Vsctl(
                "--", "add-br", "br0",
                "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure",
                "other-config:datapath-id=fedcba9876543210", "other-config:hwaddr=aa:55:aa:55:00:00",
                "protocols=[OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15]",
                "--", "add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy", "ofport_request=1",
                "--", "add-port", "br0", "p2", "--", "set", "Interface", "p2", "type=dummy", "ofport_request=2"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Debian's programs the switch and the comparisons need.</summary>
    public static string[] Programs => ["ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-vswitchd", "ovs-ofctl"];

    public Sandbox Sandbox { get; }

    public ProgramResult Vsctl(params string[] args) =>
        ProgramRunner.Run(ProgramRunner.Reference("ovs-vsctl")!, ["--timeout=10", .. args], Sandbox, timeout: TimeSpan.FromSeconds(20));

    /// <summary>Runs an ovs-ofctl (Debian's or ours) in the sandbox.</summary>
    public ProgramResult Ofctl(string program, IEnumerable<string> args, string? stdin = null) =>
        ProgramRunner.Run(program, args, Sandbox, stdin, TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        _vswitchd?.Dispose();
        _server?.Dispose();
        Sandbox.Dispose();
    }

    private static void Check(ProgramResult r)
    {
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"setup step failed ({r.ExitCode}): {r.Stdout}{r.Stderr}");
        }
    }
}
