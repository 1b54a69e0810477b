// The Raft log of a one-server cluster: what opening, committing and snapshotting write to the file (upstream's
// records, checked against what Debian's ovsdb-server writes), what reading back accepts and refuses, and that
// Debian's ovsdb-tool reads the result.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Cluster;
using Ovs.Ovsdb.Engine.Raft;
using Ovs.Ovsdb.Engine.Storage;
using Ovs.Ovsdb.Engine.Transactions;
using LocalServer = Ovs.Ovsdb.Engine.Raft.Raft;

namespace Ovs.Ovsdb.Engine.Tests.Raft;

public sealed class RaftTests : IDisposable
{
    private const string SchemaText =
        """{"name":"ordinals","version":"5.1.3","tables":{"ordinals":{"columns":{"number":{"type":"integer"},"name":{"type":"string"}}}}}""";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string DbPath => Path.Combine(_dir.Path, "db");

    private void CreateCluster(long electionTimer = 0) =>
        Assert.Null(ClusterFile.Create(DbPath, JsonParser.Parse(SchemaText), new JsonObject(), "unix:s1.raft", electionTimer));

    private LocalServer OpenRaft()
    {
        Assert.Null(LocalServer.Open(DbPath, TimeProvider.System, out LocalServer? raft));
        return raft!;
    }

    private List<RaftRecord> Records()
    {
        Assert.Null(ClusterFile.Read(DbPath, out ClusterFile? file));
        Assert.Null(file!.TailError);
        return [.. file.Records];
    }

    private static JsonArray Insert(int number, string name) => new(
    [
        JsonValue.Null,
        new JsonObject
        {
            { "_date", 1 },
            { "_is_diff", true },
            { "ordinals", new JsonObject { { Guid.NewGuid().ToString("D"), new JsonObject { { "number", number }, { "name", name } } } } },
        },
    ]);

    [Fact]
    public void OpeningElectsTheOnlyServerAndRecordsItAsUpstreamDoes()
    {
        CreateCluster();
        using (LocalServer raft = OpenRaft())
        {
            Assert.Equal(RaftRole.Leader, raft.Role);
            Assert.Equal(1, raft.Term);
            Assert.Equal(raft.ServerId, raft.LeaderId);
            Assert.Equal(raft.ServerId, raft.Vote);
            Assert.Equal((2L, 3L, 2L), (raft.LogStart, raft.LogEnd, raft.CommitIndex));
            Assert.True(raft.IsConnected);
        }

        // Debian 3.1.0 writes: {"term":1,"vote":SID}, {"term":1,"leader":SID}, {"term":1,"index":2}, {"commit_index":2}.
        List<RaftRecord> records = Records();
        Assert.Equal(4, records.Count);
        Assert.Equal((1L, true), (records[0].Term!.Value, records[0].Vote is not null));
        Assert.Equal((1L, true), (records[1].Term!.Value, records[1].Leader is not null));
        Assert.Equal((1L, 2L, false), (records[2].Term!.Value, records[2].Index!.Value, records[2].Data is not null));
        Assert.Equal(2L, records[3].CommitIndex);
    }

    [Fact]
    public void EachStartIsANewTerm()
    {
        CreateCluster();
        OpenRaft().Dispose();
        using LocalServer raft = OpenRaft();
        Assert.Equal(2, raft.Term);
        Assert.Equal((2L, 4L, 3L), (raft.LogStart, raft.LogEnd, raft.CommitIndex));
    }

    [Fact]
    public void ExecuteAppendsCommitsAndHandsTheEntryOver()
    {
        CreateCluster();
        using (LocalServer raft = OpenRaft())
        {
            JsonArray? snapshot = raft.NextEntry(out Guid snapshotEid);
            Assert.NotNull(snapshot);
            Assert.Null(raft.NextEntry(out _));

            RaftCommand command = raft.Execute(Insert(1, "one"), snapshotEid);
            Assert.Equal(RaftCommandStatus.Success, command.Status);
            Assert.Equal(3, command.Index);
            Assert.Equal(3, raft.CommitIndex);
            Assert.Equal(command.Eid, raft.CurrentEid);

            Assert.NotNull(raft.NextEntry(out Guid eid));
            Assert.Equal(command.Eid, eid);
            Assert.Equal(3, raft.LastApplied);

            // A proposal prepared against an older state is refused.
            Assert.Equal(RaftCommandStatus.BadPrereq, raft.Execute(Insert(2, "two"), snapshotEid).Status);
        }

        List<RaftRecord> records = Records();
        Assert.Equal(3, records[^2].Index);
        Assert.Equal(3, records[^1].CommitIndex);
        Assert.NotNull(records[^2].Eid);
    }

    [Fact]
    public void SnapshotRewritesTheFileAsUpstream()
    {
        CreateCluster();
        Guid eid;
        using (LocalServer raft = OpenRaft())
        {
            raft.NextEntry(out Guid first);
            eid = raft.Execute(Insert(1, "one"), first).Eid;
            raft.NextEntry(out _);
            Assert.True(raft.MaySnapshot);
            var data = new JsonObject { { "_date", 2 }, { "_comment", "compacting database online" }, { "_is_diff", true } };
            Assert.Null(raft.StoreSnapshot(JsonParser.Parse(SchemaText), data));
            Assert.Equal((4L, 4L), (raft.LogStart, raft.LogEnd));
            Assert.Equal("not storing a duplicate snapshot", raft.StoreSnapshot(JsonParser.Parse(SchemaText), data)?.Details);
        }

        Assert.Null(ClusterFile.Read(DbPath, out ClusterFile? file));
        RaftSnapshot snapshot = file!.Header.Snapshot!;
        Assert.Equal((3L, 1L, eid), (snapshot.Index, snapshot.Term, snapshot.Eid));
        Assert.Equal(LocalServer.DefaultElectionTimer, snapshot.ElectionTimer);

        // After the header comes only the term and vote: everything was applied and committed.
        RaftRecord state = Assert.Single(file.Records);
        Assert.Equal(1, state.Term);
        Assert.NotNull(state.Vote);

        using LocalServer reopened = OpenRaft();
        Assert.Equal(2, reopened.Term);
        Assert.Equal(eid, reopened.CurrentEid);
    }

    [Fact]
    public void ElectionTimerChangesThroughTheLog()
    {
        CreateCluster();
        using LocalServer raft = OpenRaft();
        Assert.Equal(RaftReply.Ok("change election timer to current value."), raft.ChangeElectionTimer("1000"));
        Assert.Equal(RaftReply.Error("election timer must be between 100 and 600000, in msec."), raft.ChangeElectionTimer("50"));
        Assert.Equal(RaftReply.Error("election timer increase should not exceed the current value x 2."), raft.ChangeElectionTimer("3000"));
        Assert.Equal(RaftReply.Ok("change of election timer initiated."), raft.ChangeElectionTimer("2000"));
        Assert.Equal(2000, raft.ElectionTimer);
        Assert.Equal(2000, Records()[^2].ElectionTimer);
    }

    [Fact]
    public void LeavingAOneServerClusterNeverCompletes()
    {
        CreateCluster();
        using LocalServer raft = OpenRaft();
        raft.NextEntry(out Guid first);
        Assert.Equal(RaftReply.Ok(), raft.Kick("no-such-prefix-matches-only-self"));
        Assert.Equal(RaftRole.Follower, raft.Role);
        Assert.Equal(Guid.Empty, raft.LeaderId);
        Assert.False(raft.IsConnected);
        Assert.Equal(RaftCommandStatus.Shutdown, raft.Execute(Insert(1, "one"), first).Status);
        Assert.Equal(RaftReply.Error("already in progress leaving cluster"), raft.Leave());
        Assert.Contains("Status: leaving cluster\nRole: follower\nTerm: 1\nLeader: unknown\nVote: self\n", raft.Status(), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusHasUpstreamsLayout()
    {
        CreateCluster();
        using LocalServer raft = OpenRaft();
        while (raft.NextEntry(out _) is not null)
        {
        }

        string sid = raft.ServerId.ToString("D");
        string cid = raft.ClusterId.ToString("D");
        string status = System.Text.RegularExpressions.Regex.Replace(raft.Status(), "[0-9]+ ms ago", "N ms ago");
        Assert.Equal(
            $"s1\nName: ordinals\nCluster ID: {cid[..4]} ({cid})\nServer ID: {sid[..4]} ({sid})\nAddress: unix:s1.raft\n"
            + "Status: cluster member\nRole: leader\nTerm: 1\nLeader: self\nVote: self\n\n"
            + "Last Election started N ms ago, reason: timeout\nLast Election won: N ms ago\nElection timer: 1000\n"
            + "Log: [2, 3]\nEntries not yet committed: 0\nEntries not yet applied: 0\nConnections:\nDisconnections: 0\n"
            + $"Servers:\n    s1 ({sid[..4]} at unix:s1.raft) (self) next_index=2 match_index=2\n",
            status);
    }

    [Fact]
    public void AClusterOfSeveralServersIsRefused()
    {
        var header = new RaftHeader
        {
            ServerId = Guid.NewGuid(),
            ClusterId = Guid.NewGuid(),
            Name = "ordinals",
            LocalAddress = "unix:s1.raft",
            Snapshot = new RaftSnapshot
            {
                Index = 1,
                Term = 1,
                Eid = Guid.NewGuid(),
                Schema = JsonParser.Parse(SchemaText),
                Data = new JsonObject(),
                Servers = [],
            },
        };
        header = new RaftHeader
        {
            ServerId = header.ServerId,
            ClusterId = header.ClusterId,
            Name = header.Name,
            LocalAddress = header.LocalAddress,
            Snapshot = new RaftSnapshot
            {
                Index = 1,
                Term = 1,
                Eid = header.Snapshot.Eid,
                Schema = header.Snapshot.Schema,
                Data = header.Snapshot.Data,
                Servers = [new(header.ServerId, "unix:s1.raft"), new(Guid.NewGuid(), "unix:s2.raft")],
            },
        };
        Assert.Null(LogFile.Open(DbPath, LogHeader.ClusteredMagic, LogOpenMode.CreateExclusive, locking: false, out LogFile? log));
        using (log)
        {
            Assert.Null(log!.Write(header.ToJson(), out _) ?? log.Commit());
        }

        OvsdbError? error = LocalServer.Open(DbPath, TimeProvider.System, out LocalServer? raft);
        Assert.Null(raft);
        Assert.Contains("cluster has 2 servers", error!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AJoiningServerIsRefused()
    {
        Assert.Null(ClusterFile.CreateJoining(DbPath, "ordinals", "unix:s2.raft", ["unix:s1.raft"], clusterId: null));
        OvsdbError? error = LocalServer.Open(DbPath, TimeProvider.System, out LocalServer? raft);
        Assert.Null(raft);
        Assert.Contains("not yet joined", error!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ClusteredStorageReplaysWhatItCommitted()
    {
        CreateCluster();
        var seen = new List<Guid>();
        Assert.Null(ClusteredStorage.Open(DbPath, TimeProvider.System, (eid, _) => seen.Add(eid), out ClusteredStorage? storage));
        using (storage)
        {
            Assert.Single(seen);
            Database db = storage!.Database;
            var txn = new Transaction(db);
            Table table = db.GetTable("ordinals")!;
            Row row = txn.Insert(table, Guid.NewGuid());
            row.Values[table.Schema.GetColumn("number")!.Index] = Datum.Scalar(Atom.Integer(7));
            Assert.Null(txn.Precommit(out TxnChanges changes));
            Assert.Null(storage.Propose(changes, out Guid eid));
            Assert.True(storage.ReadNext(out CommittedEntry entry));
            Assert.Equal(eid, entry.Eid);
            txn.Apply();
            storage.MarkApplied(eid);
            Assert.Equal(eid, storage.Prerequisite);
            Assert.Null(storage.Snapshot("compacting database online"));
        }

        seen.Clear();
        Assert.Null(ClusteredStorage.Open(DbPath, TimeProvider.System, (eid, _) => seen.Add(eid), out storage));
        using (storage)
        {
            Assert.Equal(1, storage!.Database.GetTable("ordinals")!.Count);
            Assert.Single(seen);
        }
    }

    [RequiresOvsdbToolFact]
    public void DebiansToolReadsWhatWeWrote()
    {
        CreateCluster();
        using (LocalServer raft = OpenRaft())
        {
            raft.NextEntry(out Guid first);
            raft.Execute(Insert(1, "one"), first);
        }

        (int code, _, string stderr) = DebianTools.Tool(_dir.Path, "check-cluster", "db");
        Assert.True(code == 0, stderr);
        (code, string stdout, stderr) = DebianTools.Tool(_dir.Path, "show-log", "db");
        Assert.True(code == 0, stderr);
        Assert.Contains(" leader: ", stdout, StringComparison.Ordinal);
        Assert.Contains(" commit_index: 3", stdout, StringComparison.Ordinal);
        (code, _, stderr) = DebianTools.Tool(_dir.Path, "cluster-to-standalone", "standalone", "db");
        Assert.True(code == 0, stderr);
        (code, stdout, stderr) = DebianTools.Tool(_dir.Path, "query", "standalone", """["ordinals",{"op":"select","table":"ordinals","where":[],"columns":["name"]}]""");
        Assert.True(code == 0, stderr);
        Assert.Equal("""[{"rows":[{"name":"one"}]}]""", stdout.Trim());
    }
}
