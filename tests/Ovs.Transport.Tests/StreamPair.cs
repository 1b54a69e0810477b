// A connected pair of streams over a Unix socket in a temp directory, for tests of the layers above streams.
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests;

internal sealed class StreamPair : IAsyncDisposable
{
    private readonly string _dir;

    private StreamPair(string dir, OvsStream client, OvsStream server)
    {
        _dir = dir;
        Client = client;
        Server = server;
    }

    public OvsStream Client { get; }

    public OvsStream Server { get; }

    public static async Task<StreamPair> CreateAsync(CancellationToken cancellationToken)
    {
        string dir = Directory.CreateTempSubdirectory("ovsp").FullName;
        using OvsListener listener = StreamFactory.Listen("punix:" + Path.Combine(dir, "p.sock"), 0).Value!;
        ValueTask<StreamResult<OvsStream>> accept = listener.AcceptAsync(cancellationToken);
        OvsStream client = (await StreamFactory.OpenAsync("unix:" + Path.Combine(dir, "p.sock"), 0, cancellationToken)).Value!;
        OvsStream server = (await accept).Value!;
        return new StreamPair(dir, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
