using Ovs.Common;
using Ovs.Json;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Streams;
using Ovs.Transport.Unixctl;

namespace Ovs.Transport.Tests.Unixctl;

[Collection("Log")]
public sealed class UnixctlServerTests(LogCapture log) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ovsu").FullName;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(10));
    private readonly UnixctlCommands _commands = UnixctlCommands.CreateWithBuiltins();
    private UnixctlServer? _server;

    private string SocketPath => Path.Combine(_dir, "test.ctl");

    public Task InitializeAsync()
    {
        _commands.Register("echo-args", "[ARG]...", 0, 3, (c, args) => c.Reply(string.Join(",", args) + "\n"));
        _commands.Register("exit", string.Empty, 0, 0, (c, _) => c.Reply(null));
        _commands.Register("fail", "WHY", 1, 1, (c, args) => c.ReplyError(args[0]));
        _server = UnixctlServer.Start(SocketPath, _commands, action => action()).Value!;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _cts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ListCommandsHasUpstreamLayout()
    {
        UnixctlResult result = await RunAsync("list-commands");
        Assert.Equal(
            "The available commands are:\n" +
            "  coverage/read-counter   COUNTER\n" +
            "  coverage/show           \n" +
            "  echo-args               [ARG]...\n" +
            "  exit                    \n" +
            "  fail                    WHY\n" +
            "  list-commands           \n" +
            "  memory/show             \n" +
            "  version                 \n" +
            "  vlog/close              \n" +
            "  vlog/disable-rate-limit [module]...\n" +
            "  vlog/enable-rate-limit  [module]...\n" +
            "  vlog/list               \n" +
            "  vlog/list-pattern       \n" +
            "  vlog/reopen             \n" +
            "  vlog/set                {spec | PATTERN:destination:pattern}\n",
            result.Result);
    }

    [Fact]
    public async Task PassesArgumentsToTheHandler()
    {
        UnixctlResult result = await RunAsync("echo-args", "a", "b c");
        Assert.Equal(new UnixctlResult(0, "a,b c\n", null), result);
    }

    // Error texts recorded from Debian's ovsdb-server 3.1.0 through ovs-appctl.
    [Theory]
    [InlineData("nonexistent", new string[0], "\"nonexistent\" is not a valid command (use \"list-commands\" to see a list of valid commands)\n")]
    [InlineData("exit", new[] { "a", "b", "c" }, "\"exit\" command takes at most 0 arguments\n")]
    [InlineData("fail", new string[0], "\"fail\" command requires at least 1 arguments\n")]
    [InlineData("fail", new[] { "why" }, "why\n")]
    [InlineData("fail", new[] { "why\n" }, "why\n")]
    [InlineData("vlog/set", new[] { "nonexistent-module" }, "no destination, level, or module \"nonexistent-module\"\n")]
    [InlineData("vlog/disable-rate-limit", new[] { "foo" }, "unknown module\n")]
    [InlineData("coverage/read-counter", new[] { "x" }, "No such counter\n")]
    public async Task ReportsErrorsAsUpstream(string command, string[] args, string error)
    {
        UnixctlResult result = await RunAsync(command, args);
        Assert.Equal(new UnixctlResult(0, null, error), result);
    }

    [Fact]
    public async Task ReadsCoverageCounters()
    {
        Ovs.Common.Diagnostics.CoverageCounter.Get("transport_test_counter").Add(3);
        Assert.Equal("3\n", (await RunAsync("coverage/read-counter", "transport_test_counter")).Result);
    }

    [Fact]
    public async Task VersionNamesTheProgram()
    {
        UnixctlResult result = await RunAsync("version");
        Assert.Equal(OvsVersion.VersionLine(OvsProgram.Name) + "\n", result.Result);
    }

    [Fact]
    public async Task LogsRequestsAndReplies()
    {
        await RunAsync("echo-args", "logged-arg");
        Assert.Contains(log.Lines, l => l.StartsWith("unixctl|DBG|received request echo-args[\"logged-arg\"], id=", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("unixctl|DBG|replying with success, id=", StringComparison.Ordinal)
            && l.EndsWith(": \"logged-arg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NonStringArgumentIsRejected()
    {
        StreamResult<JsonRpcConnection> connected = await UnixctlClient.ConnectAsync(SocketPath, _cts.Token);
        await using JsonRpcConnection connection = connected.Value!;
        JsonRpcReceiveResult reply = await connection.TransactAsync(
            JsonRpcMessage.CreateRequest("echo-args", new JsonArray(1)), _cts.Token);
        Assert.Equal("\"echo-args\" command has non-string argument\n", reply.Message!.Error!.AsString());
    }

    [Fact]
    public async Task NotificationClosesTheConnection()
    {
        StreamResult<JsonRpcConnection> connected = await UnixctlClient.ConnectAsync(SocketPath, _cts.Token);
        await using JsonRpcConnection connection = connected.Value!;
        connection.Send(JsonRpcMessage.CreateNotification("version", []));
        JsonRpcReceiveResult result = await connection.ReceiveAsync(_cts.Token);
        Assert.Equal(OvsErrno.EOF, result.Error);
        Assert.Contains(log.Lines, l => l.StartsWith("unixctl|WARN|unix#", StringComparison.Ordinal)
            && l.EndsWith(": received unexpected notification message", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeferredRepliesArriveLaterAndInOrder()
    {
        UnixctlConnection? pending = null;
        using var registered = new SemaphoreSlim(0);
        _commands.Register("later", string.Empty, 0, 0, (c, _) =>
        {
            pending = c;
            registered.Release();
        });

        StreamResult<JsonRpcConnection> connected = await UnixctlClient.ConnectAsync(SocketPath, _cts.Token);
        await using JsonRpcConnection connection = connected.Value!;
        ValueTask<UnixctlResult> first = UnixctlClient.TransactAsync(connection, "later", [], _cts.Token);
        await registered.WaitAsync(_cts.Token);
        Assert.False(first.IsCompleted);

        pending!.Reply("done\n");
        Assert.Equal("done\n", (await first).Result);
        Assert.Equal("a\n", (await UnixctlClient.TransactAsync(connection, "echo-args", ["a"], _cts.Token)).Result);
    }

    // ovsdb-client's "exit": the handler replies, then the program stops the server at once; the reply must still
    // reach ovs-appctl whole (a large one cannot be written before the stop without waiting for the reader).
    [Fact]
    public async Task ReplyGivenJustBeforeShutdownIsDelivered()
    {
        string path = Path.Combine(_dir, "exit.ctl");
        var commands = new UnixctlCommands();
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string body = new string('x', 4 << 20) + "\n";
        commands.Register("exit", string.Empty, 0, 0, (c, _) =>
        {
            c.Reply(body);
            stop.TrySetResult();
        });
        UnixctlServer server = UnixctlServer.Start(path, commands, action => action()).Value!;
        Task<UnixctlResult> result = UnixctlClient.RunAsync(path, "exit", [], _cts.Token).AsTask();
        await stop.Task.WaitAsync(_cts.Token);
        await server.DisposeAsync();
        Assert.Equal(new UnixctlResult(0, body, null), await result);
    }

    [Fact]
    public async Task CommandsRunOnTheMainLoopThread()
    {
        var loop = new MainLoop();
        var thread = new Thread(loop.Run) { IsBackground = true };
        thread.Start();
        string path = Path.Combine(_dir, "loop.ctl");
        var commands = new UnixctlCommands();
        bool? onLoop = null;
        commands.Register("where", string.Empty, 0, 0, (c, _) =>
        {
            onLoop = loop.IsLoopThread;
            c.Reply(null);
        });

        await using (UnixctlServer server = UnixctlServer.Start(path, commands, loop.Post).Value!)
        {
            UnixctlResult result = await UnixctlClient.RunAsync(path, "where", [], _cts.Token);
            Assert.Equal(string.Empty, result.Result);
        }

        loop.Stop();
        thread.Join(TimeSpan.FromSeconds(5));
        Assert.True(onLoop);
    }

    [Fact]
    public async Task ClientReportsConnectFailure()
    {
        UnixctlResult result = await UnixctlClient.RunAsync(Path.Combine(_dir, "missing.ctl"), "version", [], _cts.Token);
        Assert.Equal(OvsErrno.ENOENT, result.Error);
        Assert.True(log.WaitFor($"unixctl|WARN|failed to connect to {Path.Combine(_dir, "missing.ctl")}"));
    }

    [Fact]
    public void ResolvesSocketPathsAsUpstream()
    {
        Assert.Null(UnixctlServer.ResolvePath("none"));
        Assert.Equal("/abs/x.ctl", UnixctlServer.ResolvePath("/abs/x.ctl"));
        Assert.Equal(Path.Combine(OvsPaths.RunDir, "rel.ctl"), UnixctlServer.ResolvePath("rel.ctl"));
        Assert.Equal(
            Path.Combine(OvsPaths.RunDir, $"{OvsProgram.Name}.{Environment.ProcessId}.ctl"),
            UnixctlServer.ResolvePath(null));
    }

    private Task<UnixctlResult> RunAsync(string command, params string[] args) =>
        UnixctlClient.RunAsync(SocketPath, command, args, _cts.Token).AsTask();
}
