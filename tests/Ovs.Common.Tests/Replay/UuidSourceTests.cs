using Ovs.Common.Replay;

namespace Ovs.Common.Tests.Replay;

[Collection(ReplayCollection.Name)]
[Trait("upstream", "tests/ovsdb-server.at: ovsdb-server record/replay")]
public sealed class UuidSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ovsuuid").FullName;

    public void Dispose()
    {
        OvsReplay.Reset();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Replay_gives_back_the_recorded_uuids_in_order()
    {
        OvsReplay.Configure(ReplayMode.Record, "replay", _dir);
        Directory.CreateDirectory(Path.Combine(_dir, "replay"));
        Guid[] recorded = [UuidSource.NewUuid(), UuidSource.NewUuid(), UuidSource.NewUuid()];
        Assert.Equal(3, recorded.Distinct().Count());

        OvsReplay.Configure(ReplayMode.Replay, Path.Combine(_dir, "replay"), "/elsewhere");
        Guid[] replayed = [UuidSource.NewUuid(), UuidSource.NewUuid(), UuidSource.NewUuid()];
        Assert.Equal(recorded, replayed);
        Assert.Throws<InvalidOperationException>(() => UuidSource.NewUuid());

        OvsReplay.Reset();
        Assert.NotEqual(UuidSource.NewUuid(), UuidSource.NewUuid());
    }

    [Theory]
    [InlineData("punix:/tmp/x/ovsdb-server.12345.ctl", "punix_tmp_x_ovsdb_server_ctl")]
    [InlineData("ptcp:0:127.0.0.1", "ptcp")]
    [InlineData("unix#3", "unix")]
    [InlineData("tcp:127.0.0.1:6640", "tcp")]
    public void File_names_keep_only_the_letters_of_a_name(string name, string expected)
    {
        Assert.Equal(expected, OvsReplay.Sanitize(name));
    }

    [Fact]
    public void Files_for_the_same_name_are_numbered_in_order()
    {
        OvsReplay.Configure(ReplayMode.Record, null, _dir);
        Assert.Equal(Path.Combine(_dir, "replay_listen_ptcp_0"), OvsReplay.NextFile("listen", "ptcp:1:127.0.0.1"));
        Assert.Equal(Path.Combine(_dir, "replay_listen_ptcp_1"), OvsReplay.NextFile("listen", "ptcp:0:127.0.0.1"));
        Assert.Equal(Path.Combine(_dir, "replay_listen_punix_db_sock_0"), OvsReplay.NextFile("listen", "punix:db.sock"));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplayCollection
{
    public const string Name = "Process-wide record/replay settings";
}
