// Our ovs-appctl against Debian's, run side by side: same arguments, same environment, same daemon. Output must
// match byte for byte after removing log timestamps and the path each binary was started with (getopt messages
// start with argv[0]). Needs our programs built (make programs) and Debian's ovs-appctl and ovsdb-server.
using System.Text.RegularExpressions;
using Ovs.TestKit;
using Ovs.Transport.Unixctl;

namespace Ovs.Transport.Tests.Unixctl;

[Trait("upstream", "tests/appctl.at")]
public sealed partial class OvsAppctlFidelityTests : IDisposable
{
    private readonly Sandbox _sandbox = new("ovsa");

    public void Dispose() => _sandbox.Dispose();

    public static TheoryData<string[]> OptionCases => new()
    {
        new string[0],
        new[] { "-V" },
        new[] { "--help" },
        new[] { "--option" },
        new[] { "--bogus" },
        new[] { "-t" },
        new[] { "--t", "x" },
        new[] { "-T", "x", "-t", "y", "z" },
        new[] { "--timeout=0", "version" },
        new[] { "-t", "nothere", "version" },
        new[] { "version" },
        new[] { "-t", "/nonexistent/x.ctl", "version" },
    };

    [RequiresProgramsTheory(["ovs-appctl"], ["ovs-appctl"])]
    [MemberData(nameof(OptionCases))]
    public void OptionHandlingMatchesDebian(string[] args) => AssertSame(args);

    [RequiresProgramsFact(["ovs-appctl"], ["ovs-appctl", "ovsdb-server", "ovsdb-tool"])]
    public void DrivesDebianOvsdbServerLikeDebian()
    {
        string db = _sandbox.PathOf("conf.db");
        ProgramRunner.Run(ProgramRunner.Reference("ovsdb-tool")!, ["create", db, SchemaPath()], _sandbox);
        using DaemonHarness daemon = DaemonHarness.Start(ProgramRunner.Reference("ovsdb-server")!, _sandbox, [db]);
        AssertSame(["-t", "ovsdb-server", "version"]);
        AssertSame(["-t", "ovsdb-server", "list-commands"]);
        AssertSame(["-t", "ovsdb-server", "nonexistent"]);
        AssertSame(["-t", "ovsdb-server", "exit", "a", "b", "c"]);
        AssertSame(["-t", "ovsdb-server", "version", "-e"]);
        AssertSame(["-e", "--target=ovsdb-server", "--timeout=5", "vlog/set", "nonexistent-module"]);
        AssertSame(["-t", _sandbox.PathOf($"ovsdb-server.{daemon.Pid}.ctl"), "ovsdb-server/list-dbs"]);
    }

    [RequiresProgramsFact(["ovs-appctl"], ["ovs-appctl"])]
    public async Task DrivesOurServerLikeDebian()
    {
        var commands = UnixctlCommands.CreateWithBuiltins();
        commands.Register("fail", "WHY", 1, 1, (c, args) => c.ReplyError(args[0]));
        string path = _sandbox.PathOf("ours.ctl");
        await using UnixctlServer server = UnixctlServer.Start(path, commands, a => a()).Value!;
        AssertSame(["-t", path, "list-commands"]);
        AssertSame(["-t", path, "fail"]);
        AssertSame(["-t", path, "fail", "x"]);
        AssertSame(["-t", path, "vlog/list-pattern"]);
    }

    private void AssertSame(string[] args)
    {
        string ours = ProgramRunner.Ours("ovs-appctl")!;
        string reference = ProgramRunner.Reference("ovs-appctl")!;
        ProgramResult expected = ProgramRunner.Run(reference, args, _sandbox, timeout: TimeSpan.FromSeconds(20));
        ProgramResult actual = ProgramRunner.Run(ours, args, _sandbox, timeout: TimeSpan.FromSeconds(20));
        string what = string.Join(' ', args);
        Assert.True(expected.ExitCode == actual.ExitCode, $"{what}: exit {actual.ExitCode}, expected {expected.ExitCode}");
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(Normalize(expected.Stderr, reference), Normalize(actual.Stderr, ours));
    }

    private static string Normalize(string stderr, string binary) =>
        Timestamp().Replace(stderr.Replace(binary + ":", "ovs-appctl:", StringComparison.Ordinal), "TIME|");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z\|\d+\|", RegexOptions.Multiline)]
    private static partial Regex Timestamp();

    private static string SchemaPath()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir!, "schemas", "vswitch.ovsschema");
    }
}
