using System.Text;
using Ovs.Common;
using Ovs.Common.Replay;
using Ovs.Transport.JsonRpc;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.Streams.Replay;

/// <summary>
/// Streams under --record and --replay: what a recorded run's listeners, accepted connections and connects saw
/// comes back, without sockets, in the replayed run.
/// </summary>
[Collection(StreamReplayCollection.Name)]
[Trait("upstream", "tests/ovsdb-server.at: ovsdb-server record/replay")]
public sealed class StreamReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ovsrr").FullName;
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        OvsReplay.Reset();
        _cts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Accepted_connections_and_listen_failures_replay_without_sockets()
    {
        string socket = Path.Combine(_dir, "db.sock");
        OvsReplay.Configure(ReplayMode.Record, "rec", _dir);
        Directory.CreateDirectory(OvsReplay.Directory);
        using (OvsListener listener = StreamFactory.Listen("punix:" + socket, 0).Value!)
        {
            Assert.Equal(OvsErrno.ENOENT, StreamFactory.Listen("punix:" + Path.Combine(_dir, "no", "such.sock"), 0).Error);

            // Two requests and then the end of the connection, as a server reads them.
            Task<StreamResult<OvsStream>> accepting = listener.AcceptAsync(_cts.Token).AsTask();
            await using (OvsStream client = (await StreamFactory.OpenAsync("unix:" + socket, 0, _cts.Token)).Value!)
            await using (OvsStream accepted = (await accepting).Value!)
            {
                await client.Stream.WriteAsync(Encoding.ASCII.GetBytes("""{"method":"echo","params":[],"id":1}"""), _cts.Token);
                await using var rpc = new JsonRpcConnection(accepted);
                JsonRpcReceiveResult first = await rpc.ReceiveAsync(_cts.Token);
                Assert.Equal("echo", first.Message!.Method);
                await client.Stream.WriteAsync(Encoding.ASCII.GetBytes("""{"method":"list_dbs","params":[],"id":2}"""), _cts.Token);
                Assert.Equal("list_dbs", (await rpc.ReceiveAsync(_cts.Token)).Message!.Method);
                client.ShutdownSend();
                Assert.Equal(OvsErrno.EOF, (await rpc.ReceiveAsync(_cts.Token)).Error);
            }
        }

        File.Delete(socket);
        OvsReplay.Configure(ReplayMode.Replay, "rec", _dir);
        using OvsListener replayed = StreamFactory.Listen("punix:" + socket, 0).Value!;
        Assert.False(File.Exists(socket));
        Assert.Equal(OvsErrno.ENOENT, StreamFactory.Listen("punix:" + Path.Combine(_dir, "no", "such.sock"), 0).Error);

        // The client's connect was recorded too; its replay needs no server.
        Assert.NotNull((await StreamFactory.OpenAsync("unix:" + socket, 0, _cts.Token)).Value);

        OvsStream stream = (await replayed.AcceptAsync(_cts.Token)).Value!;
        Assert.Matches("^unix#[0-9]+$", stream.Name);
        await using var replayRpc = new JsonRpcConnection(stream);
        Assert.Equal("echo", (await replayRpc.ReceiveAsync(_cts.Token)).Message!.Method);
        Assert.Equal("list_dbs", (await replayRpc.ReceiveAsync(_cts.Token)).Message!.Method);
        Assert.Equal(OvsErrno.EOF, (await replayRpc.ReceiveAsync(_cts.Token)).Error);

        // No more recorded connections: accepting waits, like an idle listener.
        using var shortWait = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        shortWait.CancelAfter(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await replayed.AcceptAsync(shortWait.Token));
    }

    [Fact]
    public async Task Failed_connects_replay_their_error()
    {
        OvsReplay.Configure(ReplayMode.Record, null, _dir);
        string missing = "unix:" + Path.Combine(_dir, "missing.sock");
        Assert.Equal(OvsErrno.ENOENT, (await StreamFactory.OpenAsync(missing, 0, _cts.Token)).Error);
        OvsReplay.Configure(ReplayMode.Replay, null, _dir);
        Assert.Equal(OvsErrno.ENOENT, (await StreamFactory.OpenAsync(missing, 0, _cts.Token)).Error);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StreamReplayCollection
{
    public const string Name = "Process-wide record/replay settings";
}
