// Our ovs-vsctl against Debian's, byte for byte, on the same database served by Debian's ovsdb-server. Scenarios
// are ours, in the spirit of upstream's tests/ovs-vsctl.at: read-only commands run by both programs on one
// database (so UUIDs and row order must match exactly), failing commands (message and exit status), and the same
// writes applied by each program to its own copy of a database, compared through read-only commands after
// normalising UUIDs.
using Ovs.TestKit;

namespace Ovs.Conformance.Tests.OvsVsctl;

[Trait("upstream", "tests/ovs-vsctl.at")]
public sealed class VsctlConformanceTests
{
    private static readonly string[] s_programs = ["ovs-vsctl", "ovsdb-server", "ovsdb-tool"];

    private sealed class Server : IDisposable
    {
        private readonly DaemonHarness _daemon;

        public Server()
        {
            Sandbox = new Sandbox("vsctl");
            string schema = Path.Combine(RepoRoot(), "schemas", "vswitch.ovsschema");
            ProgramResult create = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-tool")!, ["create", Sandbox.PathOf("conf.db"), schema], Sandbox);
            Assert.Equal(0, create.ExitCode);
            _daemon = DaemonHarness.Start(ProgramRunner.Reference("ovsdb-server")!, Sandbox, ["--remote=punix:" + Sandbox.PathOf("db.sock"), Sandbox.PathOf("conf.db")]);
        }

        public Sandbox Sandbox { get; }

        public ProgramResult Run(string program, params string[] args) =>
            ProgramRunner.Run(program, ["--no-wait", "--timeout=10", "-vreconnect:emer", .. args], Sandbox);

        public void Dispose()
        {
            _daemon.Dispose();
            Sandbox.Dispose();
        }

        private static string RepoRoot()
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            return dir ?? ".";
        }
    }

    private static string Ours => ProgramRunner.Ours("ovs-vsctl")!;

    private static string Theirs => ProgramRunner.Reference("ovs-vsctl")!;

    /// <summary>
    /// Strips what varies between runs and programs from stderr: vlog's timestamp and sequence number, UUIDs of rows
    /// that a failed transaction would have created, and the directory in argv[0] that getopt's messages show.
    /// </summary>
    private static string Stderr(ProgramResult r, string program) =>
        UuidFilter.Apply(System.Text.RegularExpressions.Regex.Replace(r.Stderr, @"^\S+\|\d+\|", string.Empty, System.Text.RegularExpressions.RegexOptions.Multiline))
            .Replace(program + ":", "ovs-vsctl:", StringComparison.Ordinal);

    /// <param name="filterStdout">Normalise UUIDs in stdout too (for writes, where each database has its own).</param>
    private static void AssertSame(ProgramResult ours, ProgramResult theirs, string what, bool filterStdout = false)
    {
        string a = filterStdout ? UuidFilter.Apply(ours.Stdout) : ours.Stdout;
        string b = filterStdout ? UuidFilter.Apply(theirs.Stdout) : theirs.Stdout;
        Assert.True(b == a, $"{what}: stdout differs\n--- ours\n{ours.Stdout}--- Debian's\n{theirs.Stdout}");
        Assert.True(Stderr(theirs, Theirs) == Stderr(ours, Ours), $"{what}: stderr differs\n--- ours\n{ours.Stderr}--- Debian's\n{theirs.Stderr}");
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
    }

    private static readonly string[][] s_setup =
    [
        ["add-br", "br0"],
        ["add-br", "br1", "--", "set", "bridge", "br1", "other_config:hwaddr=00:11:22:33:44:55", "external_ids:a=b"],
        ["add-port", "br0", "p1", "tag=7", "--", "add-bond", "br0", "bond0", "e1", "e2", "e3"],
        ["add-br", "fake5", "br0", "5", "--", "add-port", "fake5", "p5"],
        ["set-controller", "br1", "tcp:1.2.3.4", "ptcp:6653"],
        ["set-manager", "ptcp:6640", "tcp:127.0.0.1:6640"],
        ["--", "--id=@n", "create", "NetFlow", "targets=\"1.2.3.4:567\"", "--", "set", "bridge", "br1", "netflow=@n"],
        ["set", "Open_vSwitch", ".", "other_config:x=y", "external_ids:system-id=abc"],
    ];

    public static TheoryData<string[]> ReadCommands => new()
    {
        new[] { "show" },
        new[] { "list-br" },
        new[] { "--oneline", "list-br" },
        new[] { "--real", "list-br" },
        new[] { "--fake", "list-br" },
        new[] { "list-ports", "br0" },
        new[] { "list-ports", "fake5" },
        new[] { "list-ifaces", "br0" },
        new[] { "br-to-vlan", "fake5" },
        new[] { "br-to-parent", "fake5" },
        new[] { "port-to-br", "e2" },
        new[] { "iface-to-br", "e3" },
        new[] { "br-get-external-id", "br1" },
        new[] { "get-controller", "br1" },
        new[] { "get-manager" },
        new[] { "get-fail-mode", "br0" },
        new[] { "list", "Bridge" },
        new[] { "list", "Interface" },
        new[] { "list", "Port" },
        new[] { "--columns=name,tag", "list", "Port" },
        new[] { "-f", "table", "list", "Interface" },
        new[] { "-f", "csv", "--columns=name,ofport", "list", "Interface" },
        new[] { "-f", "json", "list", "Bridge" },
        new[] { "-f", "json", "--pretty", "list", "Open_vSwitch" },
        new[] { "-f", "html", "--columns=_uuid,name", "list", "Bridge" },
        new[] { "--bare", "--columns=name", "find", "Interface", "type=internal" },
        new[] { "-d", "json", "--columns=name,other_config", "list", "Bridge" },
        new[] { "find", "Port", "tag>=5" },
        new[] { "find", "Bridge", "other_config:hwaddr!=\"x\"" },
        new[] { "find", "Port", "interfaces{>=}[]" },
        new[] { "get", "Open_vSwitch", ".", "other_config", "external_ids:system-id" },
        new[] { "get", "Bridge", "br1", "netflow", "controller" },
        new[] { "list", "NetFlow", "br1" },
        new[] { "list", "Controller" },
        new[] { "--oneline", "get", "Bridge", "br1", "_uuid", "--", "list-br" },
        new[] { "wait-until", "Bridge", "br0", "name=br0" },
        new[] { "--commands" },
        new[] { "--options" },
        new[] { "--help" },
    };

    [RequiresProgramsTheory(["ovs-vsctl"], ["ovs-vsctl", "ovsdb-server", "ovsdb-tool"])]
    [MemberData(nameof(ReadCommands))]
    public void ReadOnlyCommandsPrintTheSameBytes(string[] command)
    {
        using var server = new Server();
        foreach (string[] step in s_setup)
        {
            Assert.Equal(0, server.Run(Theirs, step).ExitCode);
        }

        AssertSame(server.Run(Ours, command), server.Run(Theirs, command), string.Join(' ', command));
    }

    public static TheoryData<string[]> FailingCommands => new()
    {
        new[] { "add-br", "br0" },
        new[] { "add-br", "" },
        new[] { "add-br", "x", "nobr", "3" },
        new[] { "add-br", "x", "br0" },
        new[] { "add-br", "x", "br0", "5000" },
        new[] { "--may-exist", "add-br", "fake5" },
        new[] { "add-port", "br1", "p1" },
        new[] { "--may-exist", "add-port", "br1", "p1" },
        new[] { "add-bond", "br0", "b", "x" },
        new[] { "del-port", "br1", "p1" },
        new[] { "del-port", "br0", "p5" },
        new[] { "del-port", "br0" },
        new[] { "del-bond-iface", "p1" },
        new[] { "br-exists", "nosuch" },
        new[] { "set-fail-mode", "br0", "bogus" },
        new[] { "set-controller", "fake5", "tcp:1.2.3.4" },
        new[] { "list", "nosuchtable" },
        new[] { "list", "b" },
        new[] { "list", "Bridge", "nosuch" },
        new[] { "get", "Bridge", "br0", "nosuchcolumn" },
        new[] { "get", "Bridge", "br0", "other_config:nokey" },
        new[] { "get", "Bridge", "br0", "name:x" },
        new[] { "set", "Bridge", "br0", "name" },
        new[] { "set", "Bridge", "br0", "flood_vlans=4096" },
        new[] { "set", "Bridge", "br0", "datapath_id:y>=z" },
        new[] { "add", "Bridge", "br0", "datapath_id", "x", "y" },
        new[] { "add", "Bridge", "br0", "datapath_id", "x", "y", "--", "list-br" },
        new[] { "remove", "Bridge", "br0", "name", "br0" },
        new[] { "clear", "Bridge", "br0", "name" },
        new[] { "--all", "destroy", "Bridge", "br0" },
        new[] { "set", "Open_vSwitch", ".", "bridges=@x" },
        new[] { "--", "--id=@p", "create", "Port", "name=p" },
        new[] { "find", "Bridge", "name" },
        new[] { "frobnicate" },
        new[] { "--if-exists", "list-br" },
        new[] { "list-br", "extra" },
        new[] { "--timeout=0", "list-br" },
        new[] { "--bogus-option" },
        new[] { "-f", "nosuchformat", "list-br" },
    };

    [RequiresProgramsTheory(["ovs-vsctl"], ["ovs-vsctl", "ovsdb-server", "ovsdb-tool"])]
    [MemberData(nameof(FailingCommands))]
    public void FailingCommandsReportTheSameErrors(string[] command)
    {
        using var server = new Server();
        foreach (string[] step in s_setup)
        {
            Assert.Equal(0, server.Run(Theirs, step).ExitCode);
        }

        AssertSame(server.Run(Ours, command), server.Run(Theirs, command), string.Join(' ', command));
    }

    [RequiresProgramsFact(["ovs-vsctl"], ["ovs-vsctl", "ovsdb-server", "ovsdb-tool"])]
    public void WritesLeaveTheSameDatabase()
    {
        using var ours = new Server();
        using var theirs = new Server();
        string[][] writes =
        [
            .. s_setup,
            ["del-br", "fake5"],
            ["add-bond-iface", "bond0", "e4", "--", "del-bond-iface", "e1"],
            ["--with-iface", "del-port", "e2"],
            ["--if-exists", "del-br", "nosuch", "--", "set-fail-mode", "br0", "secure"],
            ["emer-reset"],
            ["add", "Bridge", "br0", "flood_vlans", "1", "2", "3", "--", "remove", "Bridge", "br0", "flood_vlans", "2"],
            ["set", "Bridge", "br0", "other_config:k=v", "--", "add", "Bridge", "br0", "other_config", "k2=v2"],
            ["br-set-external-id", "br0", "key", "value", "--", "br-set-external-id", "br1", "a"],
            ["add-aa-mapping", "br0", "100", "200"],
            ["set-ssl", "/k", "/c", "/ca", "--", "del-manager"],
            ["--", "--id=@q", "create", "QoS", "type=linux-htb", "--", "set", "Port", "p1", "qos=@q"],
        ];

        foreach (string[] step in writes)
        {
            AssertSame(ours.Run(Ours, step), theirs.Run(Theirs, step), string.Join(' ', step), filterStdout: true);
        }

        foreach (string[] query in (string[][])[["list-br"], ["list-ports", "br0"], ["list-ifaces", "br0"], ["get-aa-mapping", "br0"], ["get-ssl"],
                     ["--columns=name,flood_vlans,other_config,external_ids,fail_mode", "list", "Bridge", "br0"], ["--columns=name,qos,tag", "list", "Port", "p1"]])
        {
            ProgramResult a = ours.Run(Theirs, query);
            ProgramResult b = theirs.Run(Theirs, query);
            Assert.Equal(UuidFilter.Apply(b.Stdout), UuidFilter.Apply(a.Stdout));
        }
    }
}
