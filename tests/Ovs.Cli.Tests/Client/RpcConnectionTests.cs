// The client JSON-RPC layer against a scripted peer on a loopback socket: replies are matched by id, the server's
// echo requests are answered, notifications arrive in order, and end of file completes everything that waits.
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;

namespace Ovs.Cli.Tests.Client;

public sealed class RpcConnectionTests
{
    [Fact]
    public async Task Requests_echo_notifications_and_end_of_file()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await clientSocket.ConnectAsync((IPEndPoint)listener.LocalEndpoint, cts.Token);
        using Socket peer = await listener.AcceptSocketAsync(cts.Token);
        await using var rpc = new RpcConnection(new NetworkStream(clientSocket, ownsSocket: false), "tcp:test");
        rpc.Start();
        var reader = new PeerReader(peer);

        Task<RpcReply> pending = rpc.RequestAsync("list_dbs", [], cts.Token);
        JsonObject request = await reader.NextAsync(cts.Token);
        Assert.Equal("list_dbs", request["method"]!.AsString());
        Send(peer, "{\"id\":" + request["id"] + ",\"result\":[\"Test\"],\"error\":null}");
        RpcReply reply = await pending;
        Assert.True(reply.IsSuccess);
        Assert.Equal("[\"Test\"]", reply.Result!.ToString());

        Send(peer, "{\"id\":\"echo\",\"method\":\"echo\",\"params\":[1]}");
        Assert.Equal("{\"error\":null,\"id\":\"echo\",\"result\":[1]}", (await reader.NextAsync(cts.Token)).ToString(JsonWriteOptions.Sort));

        Send(peer, "{\"id\":null,\"method\":\"update\",\"params\":[null,{}]}{\"id\":null,\"method\":\"locked\",\"params\":[\"L\"]}");
        Assert.Equal("update", (await rpc.Notifications.ReadAsync(cts.Token)).Method);
        Assert.Equal("locked", (await rpc.Notifications.ReadAsync(cts.Token)).Method);

        Task<RpcReply> orphan = rpc.RequestAsync("get_schema", ["Test"], cts.Token);
        await reader.NextAsync(cts.Token);
        peer.Shutdown(SocketShutdown.Both);
        Assert.Equal(-1, (await orphan).ConnectionError);
        Assert.False(await rpc.Notifications.WaitToReadAsync(cts.Token));
        Assert.Equal(-1, (await rpc.RequestAsync("echo", [], cts.Token)).ConnectionError);
    }

    // ovsdb-client's lock commands print replies and notifications in the order the server sent them.
    [Fact]
    public async Task Queued_replies_arrive_among_notifications_in_order()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (Socket clientSocket, Socket peer) = await ConnectPairAsync(cts.Token);
        using (clientSocket)
        using (peer)
        {
            await using var rpc = new RpcConnection(new NetworkStream(clientSocket, ownsSocket: false), "tcp:test");
            rpc.Start();
            var reader = new PeerReader(peer);

            Assert.Equal(0, await rpc.SendRequestAsync("unlock", ["L"], cts.Token));
            JsonObject request = await reader.NextAsync(cts.Token);
            Assert.Equal("unlock", request["method"]!.AsString());
            Send(peer, "{\"id\":null,\"method\":\"stolen\",\"params\":[\"L\"]}"
                + "{\"id\":" + request["id"] + ",\"result\":{},\"error\":null}"
                + "{\"id\":null,\"method\":\"locked\",\"params\":[\"L\"]}");

            Assert.Equal(("stolen", false), Describe(await rpc.Notifications.ReadAsync(cts.Token)));
            RpcNotification reply = await rpc.Notifications.ReadAsync(cts.Token);
            Assert.Equal(("unlock", true), Describe(reply));
            Assert.Equal("{}", reply.Reply!.Result!.ToString());
            Assert.Equal(("locked", false), Describe(await rpc.Notifications.ReadAsync(cts.Token)));
        }
    }

    // ovsdb-client/block: nothing is dispatched while paused; everything arrives, in order, after resuming.
    [Fact]
    public async Task Paused_connection_dispatches_nothing_until_resumed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (Socket clientSocket, Socket peer) = await ConnectPairAsync(cts.Token);
        using (clientSocket)
        using (peer)
        {
            await using var rpc = new RpcConnection(new NetworkStream(clientSocket, ownsSocket: false), "tcp:test");
            rpc.Start();
            rpc.SetPaused(true);
            Send(peer, "{\"id\":null,\"method\":\"update\",\"params\":[null,1]}");
            Send(peer, "{\"id\":\"e\",\"method\":\"echo\",\"params\":[]}");
            await Task.Delay(300, cts.Token);
            Assert.False(rpc.Notifications.TryRead(out _));
            Assert.Equal(0, peer.Available);

            rpc.SetPaused(false);
            RpcNotification first = await rpc.Notifications.ReadAsync(cts.Token);
            Assert.Equal("[null,1]", first.Params.ToString());
            JsonObject echoReply = await new PeerReader(peer).NextAsync(cts.Token);
            Assert.Equal("\"e\"", echoReply["id"]!.ToString());
        }
    }

    private static (string Method, bool IsReply) Describe(RpcNotification n) => (n.Method, n.Reply is not null);

    private static async Task<(Socket Client, Socket Peer)> ConnectPairAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint, cancellationToken);
        Socket peer = await listener.AcceptSocketAsync(cancellationToken);
        return (client, peer);
    }

    private static void Send(Socket socket, string text) => socket.Send(Encoding.UTF8.GetBytes(text));

    private sealed class PeerReader(Socket socket)
    {
        private readonly byte[] _buffer = new byte[4096];
        private readonly Queue<JsonObject> _messages = new();
        private JsonStreamParser _parser = new();

        public async Task<JsonObject> NextAsync(CancellationToken cancellationToken)
        {
            while (_messages.Count == 0)
            {
                int n = await socket.ReceiveAsync(_buffer, cancellationToken);
                Assert.NotEqual(0, n);
                int offset = 0;
                while (offset < n)
                {
                    offset += _parser.Feed(_buffer.AsSpan(offset, n - offset));
                    if (_parser.IsDone)
                    {
                        _messages.Enqueue((JsonObject)_parser.Finish(out _)!);
                        _parser = new JsonStreamParser();
                    }
                }
            }

            return _messages.Dequeue();
        }
    }
}
