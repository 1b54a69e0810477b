using System.Collections.Concurrent;
using Ovs.Common;
using Ovs.Json;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Reconnect;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.JsonRpc;

[Collection("Log")]
public sealed class JsonRpcSessionTests(LogCapture log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ovsj").FullName;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));

    private string SocketName => "unix:" + Path.Combine(_dir, "s.sock");

    public void Dispose()
    {
        _cts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ConnectsAnswersEchoAndReconnectsAfterThePeerCloses()
    {
        var clock = new OvsClock();
        clock.Stop();
        using OvsListener listener = StreamFactory.Listen("p" + SocketName, 0).Value!;
        var events = new Recorder();
        await using JsonRpcSession session = JsonRpcSession.Open(SocketName, 0, events, a => a(), clock);

        await using (var server = new JsonRpcConnection((await listener.AcceptAsync(_cts.Token)).Value!))
        {
            await events.WaitForAsync("connected", _cts.Token);
            Assert.True(session.IsConnected);

            // The session answers the peer's echo itself and passes other messages on.
            JsonRpcReceiveResult echo = await server.TransactAsync(JsonRpcMessage.CreateRequest("echo", new JsonArray("hi")), _cts.Token);
            Assert.Equal("[\"hi\"]", echo.Message!.Result!.ToString());
            server.Send(JsonRpcMessage.CreateNotification("update", []));
            await events.WaitForAsync("message update", _cts.Token);

            Assert.Equal(0, session.Send(JsonRpcMessage.CreateNotification("from-client", [])));
            Assert.Equal("from-client", (await server.ReceiveAsync(_cts.Token)).Message!.Method);
        }

        await events.WaitForAsync($"disconnected {OvsErrno.EOF}", _cts.Token);
        Assert.Equal(OvsErrno.ENOTCONN, session.Send(JsonRpcMessage.CreateNotification("x", [])));

        // The connection lasted, so the backoff is the minimum: one second on the stopped clock.
        ValueTask<StreamResult<OvsStream>> accept = listener.AcceptAsync(_cts.Token);
        await WaitUntilAsync(() => !session.IsConnected);
        clock.Warp(TimeSpan.FromSeconds(1));
        await using OvsStream again = (await accept).Value!;
        await events.WaitForAsync("connected", _cts.Token, occurrence: 2);
    }

    [Fact]
    public async Task ProbesAnIdlePeerAndDisconnectsWhenItStaysSilent()
    {
        var clock = new OvsClock();
        clock.Stop();
        using OvsListener listener = StreamFactory.Listen("p" + SocketName, 0).Value!;
        var events = new Recorder();
        await using JsonRpcSession session = JsonRpcSession.Open(SocketName, 0, events, a => a(), clock);
        await using var server = new JsonRpcConnection((await listener.AcceptAsync(_cts.Token)).Value!);
        await events.WaitForAsync("connected", _cts.Token);

        clock.Warp(TimeSpan.FromSeconds(5));
        JsonRpcMessage probe = (await server.ReceiveAsync(_cts.Token)).Message!;
        Assert.Equal("{\"id\":\"echo\",\"method\":\"echo\",\"params\":[]}", probe.ToString());

        clock.Warp(TimeSpan.FromSeconds(5));
        await events.WaitForAsync("disconnected 0", _cts.Token);
        Assert.True(log.WaitFor($"reconnect|ERR|{SocketName}: no response to inactivity probe after 5 seconds, disconnecting"));
    }

    [Fact]
    public async Task AnsweredProbesKeepTheConnection()
    {
        var clock = new OvsClock();
        clock.Stop();
        using OvsListener listener = StreamFactory.Listen("p" + SocketName, 0).Value!;
        var events = new Recorder();
        await using JsonRpcSession session = JsonRpcSession.Open(SocketName, 0, events, a => a(), clock);
        await using var server = new JsonRpcConnection((await listener.AcceptAsync(_cts.Token)).Value!);
        await events.WaitForAsync("connected", _cts.Token);

        for (int i = 0; i < 3; i++)
        {
            clock.Warp(TimeSpan.FromSeconds(5));
            JsonRpcMessage probe = (await server.ReceiveAsync(_cts.Token)).Message!;
            server.Send(JsonRpcMessage.CreateReply(probe.Params!, probe.Id!));
            await WaitUntilAsync(() => session.State == ReconnectState.Active);
        }

        Assert.True(session.IsConnected);
        Assert.True(log.WaitFor($"jsonrpc|DBG|{SocketName}: received reply, result=[], id=\"echo\""));
        Assert.DoesNotContain("message", string.Join(",", events.Events), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptedSessionsEndWhenTheClientLeaves()
    {
        using OvsListener listener = StreamFactory.Listen("p" + SocketName, 0).Value!;
        ValueTask<StreamResult<OvsStream>> accept = listener.AcceptAsync(_cts.Token);
        var client = new JsonRpcConnection((await StreamFactory.OpenAsync(SocketName, 0, _cts.Token)).Value!);
        var events = new Recorder();
        var rpc = new JsonRpcConnection((await accept).Value!);
        await using JsonRpcSession session = JsonRpcSession.Accept(rpc, events, a => a());
        Assert.True(session.IsConnected);

        JsonRpcReceiveResult echo = await client.TransactAsync(JsonRpcMessage.CreateRequest("echo", []), _cts.Token);
        Assert.Equal("[]", echo.Message!.Result!.ToString());
        client.Send(JsonRpcMessage.CreateRequest("transact", []));
        await events.WaitForAsync("message transact", _cts.Token);

        await client.DisposeAsync();
        await events.WaitForAsync($"disconnected {OvsErrno.EOF}", _cts.Token);
        await WaitUntilAsync(() => !session.IsAlive);
        Assert.True(log.WaitFor($"reconnect|DBG|{rpc.Name}: connection closed by peer"));
        Assert.True(log.WaitFor($"reconnect|DBG|{rpc.Name}: entering VOID"));
    }

    [Fact]
    public async Task FailedAttemptsBackOff()
    {
        var clock = new OvsClock();
        clock.Stop();
        var events = new Recorder();
        string name = "unix:" + Path.Combine(_dir, "nobody.sock");
        await using JsonRpcSession session = JsonRpcSession.Open(name, 0, events, a => a(), clock);
        Assert.True(log.WaitFor($"reconnect|INFO|{name}: connection attempt failed (No such file or directory)"));
        clock.Warp(TimeSpan.FromSeconds(1));
        Assert.True(log.WaitFor($"reconnect|INFO|{name}: waiting 2 seconds before reconnect"));
        Assert.False(session.IsConnected);
        Assert.Empty(events.Events);
    }

    private async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, _cts.Token);
        }
    }

    private sealed class Recorder : IJsonRpcSessionHandler
    {
        private readonly ConcurrentQueue<string> _events = new();

        public IEnumerable<string> Events => _events;

        public void OnConnected(JsonRpcSession session) => _events.Enqueue("connected");

        public void OnMessage(JsonRpcSession session, JsonRpcMessage message) => _events.Enqueue("message " + message.Method);

        public void OnDisconnected(JsonRpcSession session, int error) => _events.Enqueue($"disconnected {error}");

        public async Task WaitForAsync(string what, CancellationToken cancellationToken, int occurrence = 1)
        {
            while (_events.Count(e => e == what) < occurrence)
            {
                await Task.Delay(10, cancellationToken);
            }
        }
    }
}
