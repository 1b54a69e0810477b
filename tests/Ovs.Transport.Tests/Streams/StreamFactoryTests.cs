using System.Net.Sockets;
using System.Text;
using Ovs.Common;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.Streams;

[Collection("Log")]
public sealed class StreamFactoryTests(LogCapture log) : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("ovss").FullName;
    private readonly CancellationTokenSource _cts = new(s_timeout);

    public void Dispose()
    {
        _cts.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TcpRoundTripOnEphemeralPort()
    {
        using OvsListener listener = Listen("ptcp:0:127.0.0.1");
        Assert.NotEqual(0, listener.BoundPort);
        Assert.True(log.WaitFor($"socket_util|INFO|0:127.0.0.1: listening on port {listener.BoundPort}"));

        await RoundTripAsync(listener, $"tcp:127.0.0.1:{listener.BoundPort}", "tcp:127.0.0.1:");
    }

    [Fact]
    public async Task Tcp6RoundTripOnEphemeralPort()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        StreamResult<OvsListener> result = StreamFactory.Listen("ptcp:0:[::1]", StreamFactory.OvsdbPort);
        if (result.Error == OvsErrno.EADDRNOTAVAIL)
        {
            // No IPv6 loopback in this environment (some containers); nothing to test.
            return;
        }

        using OvsListener listener = result.Value!;
        await RoundTripAsync(listener, $"tcp:[::1]:{listener.BoundPort}", "tcp:[::1]:");
    }

    [Fact]
    public async Task UnixRoundTrip()
    {
        string path = Path.Combine(_dir, "s.sock");
        using (OvsListener listener = Listen("punix:" + path))
        {
            Assert.Equal(0, listener.BoundPort);
            await RoundTripAsync(listener, "unix:" + path, "unix#");
        }

        Assert.False(File.Exists(path), "the socket file is removed when the listener is disposed");
    }

    [Fact]
    public async Task UnixPathsLongerThanSunPathWork()
    {
        string deep = Path.Combine(_dir, new string('d', 60), new string('e', 60));
        Directory.CreateDirectory(deep);
        string path = Path.Combine(deep, "long.sock");
        Assert.True(Encoding.UTF8.GetByteCount(path) > 108);

        using OvsListener listener = Listen("punix:" + path);
        Assert.True(File.Exists(path));
        await RoundTripAsync(listener, "unix:" + path, "unix#");
    }

    [Theory]
    [InlineData("xyz:1", OvsErrno.EAFNOSUPPORT)]
    [InlineData("nocolon", OvsErrno.EAFNOSUPPORT)]
    [InlineData("tcp:1.2.3.4:99999", OvsErrno.EAFNOSUPPORT)]
    [InlineData("tcp:[::1]", OvsErrno.EAFNOSUPPORT)]
    [InlineData("tcp:1.2.3", OvsErrno.EAFNOSUPPORT)]
    [InlineData("tcp:127.0.0.1:1", OvsErrno.ECONNREFUSED)]
    [InlineData("ptcp:0", OvsErrno.EAFNOSUPPORT)]
    public async Task ActiveOpenFailuresAreErrnoValues(string name, int errno)
    {
        StreamResult<OvsStream> result = await StreamFactory.OpenAsync(name, StreamFactory.OvsdbPort, _cts.Token);
        Assert.Null(result.Value);
        Assert.Equal(errno, result.Error);
    }

    [Fact]
    public async Task MissingUnixSocketIsENOENT()
    {
        StreamResult<OvsStream> result = await StreamFactory.OpenAsync("unix:" + Path.Combine(_dir, "none"), 0, _cts.Token);
        Assert.Equal(OvsErrno.ENOENT, result.Error);
    }

    [Fact]
    public async Task UnusableTcpAddressIsLoggedAsUpstreamDoes()
    {
        await StreamFactory.OpenAsync("tcp:1.2.3", StreamFactory.OvsdbPort, _cts.Token);
        Assert.True(log.WaitFor("stream|WARN|The default OVSDB port number has changed from 6632 to 6640"));
        Assert.True(log.WaitFor("stream_tcp|ERR|tcp:1.2.3:6640: connect: Address family not supported by protocol"));
    }

    [Fact]
    public void PunixBindFailureIsLogged()
    {
        StreamResult<OvsListener> result = StreamFactory.Listen("punix:/nonexistent-dir/x", 0);
        Assert.Equal(OvsErrno.ENOENT, result.Error);
        Assert.True(log.WaitFor("fatal_signal|WARN|could not unlink \"/nonexistent-dir/x\" (No such file or directory)"));
        Assert.True(log.WaitFor("stream_unix|ERR|/nonexistent-dir/x: binding failed: No such file or directory"));
    }

    [Fact]
    public async Task PunixReplacesWhateverIsAtThePath()
    {
        string path = Path.Combine(_dir, "taken.sock");
        await File.WriteAllTextAsync(path, "not a socket", _cts.Token);
        using OvsListener listener = Listen("punix:" + path);
        await RoundTripAsync(listener, "unix:" + path, "unix#");
    }

    [Fact]
    public void PassiveNamesAreRecognized()
    {
        Assert.True(StreamFactory.IsPassiveName("ptcp:0"));
        Assert.True(StreamFactory.IsPassiveName("punix:x"));
        Assert.False(StreamFactory.IsPassiveName("tcp:1.2.3.4:5"));
        Assert.True(StreamFactory.IsActiveName("unix:x"));
        Assert.False(StreamFactory.IsActiveName("pfoo:1"));
    }

    private static OvsListener Listen(string name)
    {
        StreamResult<OvsListener> result = StreamFactory.Listen(name, StreamFactory.OvsdbPort);
        Assert.True(result.IsSuccess, $"listen on {name} failed: {OvsErrno.StrError(result.Error)}");
        return result.Value!;
    }

    private async Task RoundTripAsync(OvsListener listener, string connectName, string acceptedPrefix)
    {
        ValueTask<StreamResult<OvsStream>> accept = listener.AcceptAsync(_cts.Token);
        StreamResult<OvsStream> client = await StreamFactory.OpenAsync(connectName, StreamFactory.OvsdbPort, _cts.Token);
        Assert.True(client.IsSuccess, $"connect to {connectName} failed: {OvsErrno.StrError(client.Error)}");
        StreamResult<OvsStream> server = await accept;
        Assert.True(server.IsSuccess);

        await using OvsStream c = client.Value!;
        await using OvsStream s = server.Value!;
        Assert.Equal(connectName, c.Name);
        Assert.StartsWith(acceptedPrefix, s.Name, StringComparison.Ordinal);

        await c.Stream.WriteAsync("ping"u8.ToArray(), _cts.Token);
        var buffer = new byte[4];
        await s.Stream.ReadExactlyAsync(buffer, _cts.Token);
        Assert.Equal("ping", Encoding.ASCII.GetString(buffer));

        await s.Stream.WriteAsync("pong"u8.ToArray(), _cts.Token);
        await c.Stream.ReadExactlyAsync(buffer, _cts.Token);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer));
    }
}
