// RpcConnection against a hand-driven peer on a Unix socket: the pumped mode (no background reader; the waiting
// caller reads) and CloseOutput (the half-close ovsdb-client's "exit" uses).
using System.Net.Sockets;
using System.Text;
using Ovs.Json;
using Ovs.Ovsdb.Client.Rpc;
using Ovs.TestKit;

namespace Ovs.Ovsdb.Client.Tests;

public sealed class RpcConnectionTests : IDisposable
{
    private readonly Sandbox _sandbox = new("rpc");
    private readonly Socket _listener;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    public RpcConnectionTests()
    {
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_sandbox.PathOf("s.sock")));
        _listener.Listen();
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _listener.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task PumpedConnectionReadsOnTheCallersThread()
    {
        (NetworkStream ours, Socket peer) = Connect();
        using (peer)
        {
            await using var rpc = new RpcConnection(ours, "unix:s.sock", pumped: true);
            rpc.Start();

            // The peer answers the request only after sending an echo request of its own and a notification.
            var script = Task.Run(() =>
            {
                string request = ReadMessage(peer);
                Assert.Contains("\"method\":\"list_dbs\"", request, StringComparison.Ordinal);
                Send(peer, """{"id":"e1","method":"echo","params":["x"]}""");
                Send(peer, """{"id":null,"method":"locked","params":["L"]}""");
                Send(peer, """{"id":0,"result":["db"],"error":null}""");
                return ReadMessage(peer);
            });

            Task<RpcReply> pending = rpc.RequestAsync("list_dbs", [], _timeout.Token);
            Assert.True(pending.IsCompleted, "a pumped request returns only once answered");
            RpcReply reply = await pending;
            Assert.Equal("""["db"]""", reply.Result!.ToString());
            Assert.Equal("""{"error":null,"id":"e1","result":["x"]}""", await script.WaitAsync(_timeout.Token));

            ValueTask<bool> ready = rpc.WaitToReadAsync(_timeout.Token);
            Assert.True(ready.IsCompleted);
            Assert.True(await ready);
            Assert.True(rpc.Notifications.TryRead(out RpcNotification? note));
            Assert.Equal("locked", note.Method);

            peer.Shutdown(SocketShutdown.Both);
            Assert.False(await rpc.WaitToReadAsync(_timeout.Token));
            Assert.Equal(Ovs.Common.OvsErrno.EOF, rpc.ClosedError);
        }
    }

    [Fact]
    public async Task PumpedWaitStopsWhenCancelled()
    {
        (NetworkStream ours, Socket peer) = Connect();
        using (peer)
        {
            await using var rpc = new RpcConnection(ours, "unix:s.sock", pumped: true);
            rpc.Start();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            Assert.ThrowsAny<OperationCanceledException>(() => rpc.WaitToReadAsync(cancel.Token).AsTask().GetAwaiter().GetResult());
            Assert.Equal(0, rpc.ClosedError);
        }
    }

    [Fact]
    public async Task CloseOutputLetsThePeerSeeTheEndWhileItsLastMessagesStillArrive()
    {
        (NetworkStream ours, Socket peer) = Connect();
        using (peer)
        {
            await using var rpc = new RpcConnection(ours, "unix:s.sock");
            rpc.Start();
            rpc.CloseOutput();

            // The peer sees end of file, then still sends (as a server does for what it had queued) and closes.
            byte[] buffer = new byte[16];
            Assert.Equal(0, await peer.ReceiveAsync(buffer, _timeout.Token));
            Send(peer, """{"id":null,"method":"stolen","params":["L"]}""");
            peer.Shutdown(SocketShutdown.Both);

            var methods = new List<string>();
            await foreach (RpcNotification note in rpc.Notifications.ReadAllAsync(_timeout.Token))
            {
                methods.Add(note.Method);
            }

            Assert.Equal(["stolen"], methods);
        }
    }

    private (NetworkStream Ours, Socket Peer) Connect()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(_sandbox.PathOf("s.sock")));
        return (new NetworkStream(socket, ownsSocket: true), _listener.Accept());
    }

    private static void Send(Socket peer, string json) => peer.Send(Encoding.UTF8.GetBytes(json));

    /// <summary>Reads one JSON object from the peer's side (byte by byte, so nothing after it is consumed).</summary>
    private static string ReadMessage(Socket peer)
    {
        var parser = new JsonStreamParser();
        byte[] one = new byte[1];
        while (!parser.IsDone)
        {
            Assert.Equal(1, peer.Receive(one));
            parser.Feed(one);
        }

        return parser.Finish(out _)!.ToString();
    }
}
