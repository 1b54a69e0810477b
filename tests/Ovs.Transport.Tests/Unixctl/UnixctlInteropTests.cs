// Interop with Debian's Open vSwitch 3.1.0: its ovs-appctl drives our unixctl server, and our client drives its
// ovsdb-server. Skipped with a reason when the reference binaries are not installed.
using Ovs.Json;
using Ovs.TestKit;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Streams;
using Ovs.Transport.Unixctl;

namespace Ovs.Transport.Tests.Unixctl;

[Trait("upstream", "tests/unixctl-py.at")]
public sealed class UnixctlInteropTests : IDisposable
{
    private readonly Sandbox _sandbox = new("ovsi");
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        _cts.Dispose();
        _sandbox.Dispose();
    }

    [RequiresReferenceFact("ovs-appctl")]
    public async Task DebianAppctlDrivesOurServer()
    {
        var commands = UnixctlCommands.CreateWithBuiltins();
        commands.Register("exit", string.Empty, 0, 0, (c, _) => c.Reply(null));
        commands.Register("fail", "WHY", 1, 1, (c, args) => c.ReplyError(args[0]));
        string path = _sandbox.PathOf("ours.ctl");
        await using UnixctlServer server = UnixctlServer.Start(path, commands, a => a()).Value!;

        ProgramResult r = Appctl(path, "list-commands");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("The available commands are:\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  exit                    \n  fail                    WHY\n  list-commands           \n", r.Stdout, StringComparison.Ordinal);

        r = Appctl(path, "exit", "a", "b", "c");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"\"exit\" command takes at most 0 arguments\novs-appctl: {path}: server returned an error\n", r.Stderr);

        r = Appctl(path, "nonexistent");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("\"nonexistent\" is not a valid command", r.Stderr, StringComparison.Ordinal);

        r = Appctl(path, "fail", "because");
        Assert.Equal(new ProgramResult(2, string.Empty, $"because\novs-appctl: {path}: server returned an error\n"), r);

        r = Appctl(path, "exit");
        Assert.Equal(new ProgramResult(0, string.Empty, string.Empty), r);
    }

    [RequiresReferenceFact("ovsdb-server", "ovsdb-tool", "ovs-appctl")]
    public async Task OurClientDrivesDebianServerLikeDebianAppctl()
    {
        using DaemonHarness daemon = StartDebianOvsdbServer();
        string socket = _sandbox.PathOf($"ovsdb-server.{daemon.Pid}.ctl");
        string[][] commands =
        [
            ["version"],
            ["list-commands"],
            ["nonexistent"],
            ["exit", "a", "b", "c"],
            ["vlog/set", "nonexistent-module"],
            ["vlog/list-pattern"],
            ["coverage/read-counter", "x"],
        ];

        foreach (string[] command in commands)
        {
            ProgramResult reference = Appctl(socket, command);
            UnixctlResult ours = await UnixctlClient.RunAsync(socket, command[0], command[1..], _cts.Token);
            Assert.Equal(0, ours.Error);
            if (reference.ExitCode == 0)
            {
                Assert.Equal(reference.Stdout, ours.Result);
            }
            else
            {
                Assert.Equal(2, reference.ExitCode);
                Assert.Equal(reference.Stderr, $"{ours.ErrorText}ovs-appctl: {socket}: server returned an error\n");
            }
        }
    }

    [RequiresReferenceFact("ovsdb-server", "ovsdb-tool")]
    public async Task OurJsonRpcTalksToDebianOvsdbServer()
    {
        using DaemonHarness daemon = StartDebianOvsdbServer();
        StreamResult<OvsStream> stream = await StreamFactory.OpenAsync("unix:" + _sandbox.PathOf("db.sock"), 0, _cts.Token);
        await using var rpc = new JsonRpcConnection(stream.Value!);

        JsonRpcReceiveResult dbs = await rpc.TransactAsync(JsonRpcMessage.CreateRequest("list_dbs", []), _cts.Token);
        Assert.Equal("[\"Open_vSwitch\",\"_Server\"]", dbs.Message!.Result!.ToString());

        JsonRpcReceiveResult echo = await rpc.TransactAsync(JsonRpcMessage.CreateRequest("echo", new JsonArray("x", 1)), _cts.Token);
        Assert.Equal("[\"x\",1]", echo.Message!.Result!.ToString());

        JsonRpcReceiveResult unknown = await rpc.TransactAsync(JsonRpcMessage.CreateRequest("nosuch", []), _cts.Token);
        Assert.Equal(JsonRpcMessageType.Error, unknown.Message!.Type);
        Assert.Equal("\"unknown method\"", unknown.Message.Error!.ToString());
    }

    private DaemonHarness StartDebianOvsdbServer()
    {
        string db = _sandbox.PathOf("conf.db");
        ProgramResult created = ProgramRunner.Run(ProgramRunner.Reference("ovsdb-tool")!, ["create", db, SchemaPath("vswitch.ovsschema")], _sandbox);
        Assert.True(created.ExitCode == 0, created.Stderr);
        return DaemonHarness.Start(ProgramRunner.Reference("ovsdb-server")!, _sandbox, ["--remote=punix:" + _sandbox.PathOf("db.sock"), db]);
    }

    private ProgramResult Appctl(string target, params string[] command) =>
        ProgramRunner.Run(ProgramRunner.Reference("ovs-appctl")!, ["-t", target, .. command], _sandbox, timeout: TimeSpan.FromSeconds(20));

    private static string SchemaPath(string name)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "OpenVSwitch.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir!, "schemas", name);
    }
}
