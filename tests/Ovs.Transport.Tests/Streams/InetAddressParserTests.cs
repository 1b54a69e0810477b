using System.Net;
using Ovs.Transport.Streams;

namespace Ovs.Transport.Tests.Streams;

[Collection("Log")]
public sealed class InetAddressParserTests(LogCapture log)
{
    [Theory]
    [InlineData("127.0.0.1:6640", -1, "127.0.0.1", 6640)]
    [InlineData("[::1]:6641", -1, "::1", 6641)]
    [InlineData("192.168.0.1", 6653, "192.168.0.1", 6653)]
    [InlineData("[::1]", 6640, "::1", 6640)]
    [InlineData("[::1]:", -1, "::1", 0)]
    public void ParsesActiveTargets(string target, int defaultPort, string address, int port)
    {
        Assert.True(InetAddressParser.TryParseActive(target, defaultPort, out InetTarget result));
        Assert.Equal(IPAddress.Parse(address), result.Address);
        Assert.Equal(port, result.Port);
    }

    [Fact]
    public void KeepsHostNamesForResolution()
    {
        Assert.True(InetAddressParser.TryParseActive("localhost:80", -1, out InetTarget result));
        Assert.Null(result.Address);
        Assert.Equal("localhost", result.Host);
    }

    // Error texts as Debian's ovsdb-client 3.1.0 logs them for "tcp:<target>" (after the default port is added).
    [Theory]
    [InlineData("[::1]", "socket_util|ERR|[::1]: port must be specified")]
    [InlineData("127.0.0.1::6640", "socket_util|ERR|127.0.0.1::6640: port must be specified")]
    [InlineData("[::1]x", "socket_util|ERR|[::1]x: port must be specified")]
    [InlineData("127.0.0.1:1:2", "socket_util|ERR|127.0.0.1:1:2: port must be specified")]
    [InlineData("1.2.3.4:99999", "socket_util|ERR|1.2.3.4:99999: bad port number \"99999\"")]
    [InlineData("1.2.3.4:x", "socket_util|ERR|1.2.3.4:x: bad port number \"x\"")]
    [InlineData("1.2.3.4:-1", "socket_util|ERR|1.2.3.4:-1: bad port number \"-1\"")]
    public void RejectsBadActiveTargets(string target, string logLine)
    {
        Assert.False(InetAddressParser.TryParseActive(target, -1, out _));
        Assert.True(log.WaitFor(logLine), logLine);
    }

    [Theory]
    [InlineData("0:127.0.0.1", 6640, "127.0.0.1", 0)]
    [InlineData("6640:[::1]", 6640, "::1", 6640)]
    [InlineData("", 6640, "0.0.0.0", 6640)]
    [InlineData("0", 6640, "0.0.0.0", 0)]
    [InlineData(":127.0.0.1", 6640, "127.0.0.1", 6640)]
    [InlineData("0:[::1", 6640, "::1", 0)]
    public void ParsesPassiveTargets(string target, int defaultPort, string address, int port)
    {
        Assert.True(InetAddressParser.TryParsePassive(target, defaultPort, out InetTarget result));
        Assert.Equal(IPAddress.Parse(address), result.Address);
        Assert.Equal(port, result.Port);
    }

    // Recorded from Debian's ovsdb-server 3.1.0 with --remote=ptcp:<target>.
    [Theory]
    [InlineData("x", "socket_util|ERR|x: bad port number \"x\"")]
    [InlineData("99999", "socket_util|ERR|99999: bad port number \"99999\"")]
    [InlineData("0:::1", "socket_util|ERR|0:::1: port must be specified")]
    [InlineData("0:[::1]:5", "socket_util|ERR|0:[::1]:5: port must be specified")]
    public void RejectsBadPassiveTargets(string target, string logLine)
    {
        Assert.False(InetAddressParser.TryParsePassive(target, 6640, out _));
        Assert.True(log.WaitFor(logLine), logLine);
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.256")]
    [InlineData("01.2.3.4.5")]
    [InlineData("")]
    [InlineData("foo")]
    public void RejectsNonLiterals(string host) => Assert.Null(InetAddressParser.ParseIpLiteral(host));

    [Fact]
    public void FormatsEndPointsAsUpstreamNamesStreams()
    {
        Assert.Equal("127.0.0.1:80", InetAddressParser.FormatEndPoint(IPAddress.Loopback, 80));
        Assert.Equal("[::1]:80", InetAddressParser.FormatEndPoint(IPAddress.IPv6Loopback, 80));
    }
}
