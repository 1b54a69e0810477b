// Clustered files: what create-cluster and join-cluster write reads back, and raft address validation.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Cluster;

namespace Ovs.Ovsdb.Engine.Tests.Cluster;

public sealed class ClusterFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ovcl").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void NewClusterIsOneHeaderWithTheSnapshot()
    {
        string path = Path.Combine(_dir, "db");
        JsonValue schema = JsonParser.Parse("""{"name":"d","tables":{"t":{"columns":{"i":{"type":"integer"}}}}}""");
        Assert.Null(ClusterFile.Create(path, schema, new JsonObject(), "unix:s1.raft", electionTimer: 0));

        Assert.Null(ClusterFile.Read(path, out ClusterFile? file));
        RaftHeader header = file!.Header;
        Assert.Equal("d", header.Name);
        Assert.Equal("unix:s1.raft", header.LocalAddress);
        Assert.NotNull(header.ClusterId);
        RaftSnapshot snapshot = header.Snapshot!;
        Assert.Equal((1L, 1L), (snapshot.Index, snapshot.Term));
        Assert.Equal([new KeyValuePair<Guid, string>(header.ServerId, "unix:s1.raft")], snapshot.Servers);
        Assert.Equal(schema, snapshot.Schema);
        Assert.Empty(file.Records);
        Assert.StartsWith("OVSDB CLUSTER ", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ElectionTimerIsAnEntryAtIndexTwo()
    {
        string path = Path.Combine(_dir, "db");
        JsonValue schema = JsonParser.Parse("""{"name":"d","tables":{}}""");
        Assert.Null(ClusterFile.Create(path, schema, new JsonObject(), "unix:a", electionTimer: 1000));

        Assert.Null(ClusterFile.Read(path, out ClusterFile? file));
        RaftRecord entry = Assert.Single(file!.Records);
        Assert.Equal((1L, 2L, 1000L), (entry.Term, entry.Index, entry.ElectionTimer));
    }

    [Fact]
    public void JoiningServerHasRemotesAndNoClusterId()
    {
        string path = Path.Combine(_dir, "db");
        Assert.Null(ClusterFile.CreateJoining(path, "d", "unix:a", ["unix:b", "unix:c", "unix:b"], clusterId: null));

        Assert.Null(ClusterFile.Read(path, out ClusterFile? file));
        Assert.Null(file!.Header.ClusterId);
        Assert.Null(file.Header.Snapshot);
        Assert.Equal(["unix:b", "unix:c"], file.Header.RemoteAddresses);
    }

    [Fact]
    public void JoiningWithTheLocalAddressAsARemoteFails()
    {
        string path = Path.Combine(_dir, "db");
        Assert.Equal(
            "ovsdb error: remote addresses cannot be the same as the local address",
            ClusterFile.CreateJoining(path, "d", "unix:a", ["unix:a"], clusterId: null)?.ToString());
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("unix:x.raft", null)]
    [InlineData("tcp:1.2.3.4:1234", null)]
    [InlineData("ssl:[::1]:6644", null)]
    [InlineData("tcp:1.2.3.4", "tcp:1.2.3.4: syntax error in address")]
    [InlineData("foo:bar", "foo:bar: expected \"tcp\" or \"ssl\" address")]
    public void AddressValidation(string address, string? error)
    {
        Assert.Equal(error, RaftAddress.Validate(address));
    }
}
