using System.Text;
using Ovs.Common;
using Ovs.Json;
using Ovs.Transport.JsonRpc;

namespace Ovs.Transport.Tests.JsonRpc;

[Collection("Log")]
public sealed class JsonRpcConnectionTests(LogCapture log) : IDisposable
{
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(10));

    public void Dispose() => _cts.Dispose();

    [Fact]
    public async Task SendsAndReceivesWithUpstreamLogLines()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var client = new JsonRpcConnection(pair.Client);
        await using var server = new JsonRpcConnection(pair.Server);

        JsonRpcMessage request = JsonRpcMessage.CreateRequest("list_dbs", [], 7);
        Assert.Equal(0, client.Send(request));
        JsonRpcReceiveResult received = await server.ReceiveAsync(_cts.Token);
        Assert.Equal(request.ToString(), received.Message!.ToString());

        server.Send(JsonRpcMessage.CreateReply(new JsonArray("Open_vSwitch"), 7));
        JsonRpcReceiveResult reply = await client.ReceiveAsync(_cts.Token);
        Assert.Equal(JsonRpcMessageType.Reply, reply.Message!.Type);

        Assert.True(log.WaitFor($"jsonrpc|DBG|{client.Name}: send request, method=\"list_dbs\", params=[], id=7"));
        Assert.True(log.WaitFor($"jsonrpc|DBG|{server.Name}: received request, method=\"list_dbs\", params=[], id=7"));
        Assert.True(log.WaitFor($"jsonrpc|DBG|{server.Name}: send reply, result=[\"Open_vSwitch\"], id=7"));
        Assert.True(log.WaitFor($"jsonrpc|DBG|{client.Name}: received reply, result=[\"Open_vSwitch\"], id=7"));
    }

    [Fact]
    public async Task ReassemblesMessagesSplitAcrossWrites()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var server = new JsonRpcConnection(pair.Server);
        byte[] bytes = Encoding.UTF8.GetBytes("{\"id\":1,\"method\":\"echo\",\"params\":[\"h\u00e9llo\"]}");
        ValueTask<JsonRpcReceiveResult> receive = server.ReceiveAsync(_cts.Token);
        foreach (byte b in bytes)
        {
            await pair.Client.Stream.WriteAsync(new[] { b }, _cts.Token);
            await pair.Client.Stream.FlushAsync(_cts.Token);
        }

        JsonRpcReceiveResult result = await receive;
        Assert.Equal("h\u00e9llo", result.Message!.Params![0].AsString());
    }

    [Fact]
    public async Task SplitsConcatenatedMessages()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var server = new JsonRpcConnection(pair.Server);
        await pair.Client.Stream.WriteAsync(
            "{\"id\":1,\"method\":\"a\",\"params\":[]}{\"id\":2,\"method\":\"b\",\"params\":[]}\n{\"method\":\"c\",\"params\":[]}"u8.ToArray(),
            _cts.Token);

        var methods = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            methods.Add((await server.ReceiveAsync(_cts.Token)).Message!.Method!);
        }

        Assert.Equal(["a", "b", "c"], methods);
    }

    [Fact]
    public async Task GarbageEndsTheConnectionWithEPROTO()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var server = new JsonRpcConnection(pair.Server);
        await pair.Client.Stream.WriteAsync("\"str\" "u8.ToArray(), _cts.Token);

        JsonRpcReceiveResult result = await server.ReceiveAsync(_cts.Token);
        Assert.Null(result.Message);
        Assert.Equal(OvsErrno.EPROTO, result.Error);
        Assert.Equal(OvsErrno.EPROTO, server.Status);
        // As Debian's ovsdb-server logs it for the same input.
        Assert.True(log.WaitFor($"jsonrpc|WARN|{server.Name}: error parsing stream: line 0, column 4, byte 4: syntax error at beginning of input"));
        Assert.Equal(OvsErrno.EPROTO, server.Send(JsonRpcMessage.CreateNotification("x", [])));
    }

    [Fact]
    public async Task InvalidMessageEndsTheConnectionWithEPROTO()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var server = new JsonRpcConnection(pair.Server);
        await pair.Client.Stream.WriteAsync("[1]"u8.ToArray(), _cts.Token);

        JsonRpcReceiveResult result = await server.ReceiveAsync(_cts.Token);
        Assert.Equal(OvsErrno.EPROTO, result.Error);
        Assert.True(log.WaitFor($"jsonrpc|WARN|{server.Name}: received bad JSON-RPC message: message is not a JSON object"));
    }

    [Fact]
    public async Task PeerCloseIsEofEvenWithPartialInput()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var server = new JsonRpcConnection(pair.Server);
        await pair.Client.Stream.WriteAsync("{\"id\":1,"u8.ToArray(), _cts.Token);
        pair.Client.ShutdownSend();

        JsonRpcReceiveResult result = await server.ReceiveAsync(_cts.Token);
        Assert.Equal(OvsErrno.EOF, result.Error);
    }

    [Fact]
    public async Task BacklogAboveThresholdDropsTheConnection()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var server = new JsonRpcConnection(pair.Server);
        server.SetBacklogThreshold(0, 1024);

        // Nobody reads the client side, so the socket buffers fill and the backlog grows until it is over 1 kB.
        var big = new JsonArray(new string('x', 4096));
        int error = 0;
        for (int i = 0; i < 10_000 && error == 0; i++)
        {
            error = server.Send(JsonRpcMessage.CreateNotification("update", big));
        }

        Assert.Equal(OvsErrno.E2BIG, error);
        Assert.Contains(log.Lines, l => l.StartsWith("jsonrpc|WARN|sending backlog exceeded maximum size (", StringComparison.Ordinal)
            && l.EndsWith($"bytes), disconnecting, jsonrpc: {server.Name}.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TransactWaitsForTheMatchingReply()
    {
        await using StreamPair pair = await StreamPair.CreateAsync(_cts.Token);
        await using var client = new JsonRpcConnection(pair.Client);
        await using var server = new JsonRpcConnection(pair.Server);
        JsonRpcMessage request = JsonRpcMessage.CreateRequest("get", []);

        ValueTask<JsonRpcReceiveResult> transact = client.TransactAsync(request, _cts.Token);
        JsonRpcMessage got = (await server.ReceiveAsync(_cts.Token)).Message!;
        server.Send(JsonRpcMessage.CreateNotification("noise", []));
        server.Send(JsonRpcMessage.CreateReply("other", 123456789));
        server.Send(JsonRpcMessage.CreateReply("mine", got.Id!));

        JsonRpcReceiveResult reply = await transact;
        Assert.Equal("mine", reply.Message!.Result!.AsString());
    }
}
