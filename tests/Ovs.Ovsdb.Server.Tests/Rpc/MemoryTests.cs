// memory/show's database facts. Debian's ovsdb-server 3.1.0 reports "atoms:14 cells:20 monitors:0 n-weak-refs:0"
// for one empty database (the _Server rows of both databases), and each new row adds one cell per column
// (_uuid and _version included) and one atom per value.
namespace Ovs.Ovsdb.Server.Tests.Rpc;

public sealed class MemoryTests : IDisposable
{
    private readonly InProcessServer _server = new();

    public void Dispose() => _server.Dispose();

    private Dictionary<string, long> Usage() => _server.OnLoop(() =>
    {
        var usage = new Dictionary<string, long>();
        _server.Server.GetMemoryUsage(usage);
        return usage;
    });

    [Fact]
    public void CountsMatchUpstreams()
    {
        Dictionary<string, long> empty = Usage();
        Assert.Equal(14, empty["atoms"]);
        Assert.Equal(20, empty["cells"]);
        Assert.Equal(0, empty["monitors"]);
        Assert.Equal(0, empty["n-weak-refs"]);
        Assert.False(empty.ContainsKey("sessions"));

        InProcessServer.Client c = _server.Connect();
        c.Call("transact", """["db",{"op":"insert","table":"r","row":{"target":"a"}}]""");
        c.Call("monitor", """["db","m",{"r":{}}]""");
        Dictionary<string, long> after = Usage();
        Assert.Equal(19, after["atoms"]);
        Assert.Equal(25, after["cells"]);
        Assert.Equal(1, after["monitors"]);
        Assert.Equal(1, after["sessions"]);
    }
}
