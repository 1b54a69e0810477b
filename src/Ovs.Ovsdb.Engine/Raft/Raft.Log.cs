// Upstream: ovsdb/raft.c, elections, command execution, commit and snapshots (OVS 3.1)
//
// Every change of persistent state is written to the log before it counts: a new term and vote are recorded
// (and synced) before this server votes for itself; an entry is appended and synced before the leader's own
// match index covers it, so a command is only reported committed once it is durable on a majority. The commit
// index is recorded after it advances, as upstream does for a quick restart.
using Ovs.Json;
using Ovs.Ovsdb.Engine.Cluster;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Raft;

internal sealed partial class Raft
{
    /// <summary>
    /// Appends an entry carrying <paramref name="data"/> ([schema or null, transaction]) if the log's current
    /// entry ID is <paramref name="prerequisite"/> (when given). The returned command says whether it committed.
    /// </summary>
    public RaftCommand Execute(JsonArray data, Guid? prerequisite) => ExecuteCore(data, null, 0, prerequisite);

    /// <summary>
    /// Hands the database the next committed thing to apply: first the snapshot (if not yet read), then each
    /// committed entry with data, in order. Returns null when there is nothing more for now.
    /// </summary>
    public JsonArray? NextEntry(out Guid eid)
    {
        eid = Guid.Empty;
        if (HasFailed)
        {
            return null;
        }

        if (LogStart == LastApplied + 2)
        {
            LastApplied++;
            eid = _snapshot.Eid;
            return new JsonArray([_snapshot.Schema, _snapshot.Data]);
        }

        while (LastApplied < CommitIndex)
        {
            RaftEntry entry = GetEntry(LastApplied + 1);
            LastApplied++;
            if (entry.HasData)
            {
                eid = entry.Eid;
                return entry.Data;
            }
        }

        return null;
    }

    /// <summary>Whether a snapshot may be taken now (upstream's raft_may_snapshot).</summary>
    public bool MaySnapshot =>
        !IsLeaving && !HasLeft && !HasFailed
        && (Role == RaftRole.Follower || _servers.Count == 1)
        && LastApplied >= LogStart;

    /// <summary>Number of log entries a snapshot would remove (upstream's raft_get_log_length).</summary>
    public long LogLength => LastApplied < LogStart ? 0 : LastApplied - LogStart + 1;

    /// <summary>
    /// Replaces the log by a snapshot of everything applied so far (<paramref name="schema"/> and
    /// <paramref name="data"/> must be the database as of <see cref="LastApplied"/>), followed by the entries not
    /// yet applied, the current term and vote, and the commit index if it is past the snapshot. The file is
    /// written aside and renamed into place.
    /// </summary>
    public OvsdbError? StoreSnapshot(JsonValue schema, JsonValue data)
    {
        if (IsLeaving)
        {
            return OvsdbError.Create(null, "cannot store a snapshot while leaving cluster");
        }

        if (HasLeft)
        {
            return OvsdbError.Create(null, "cannot store a snapshot after leaving cluster");
        }

        if (HasFailed)
        {
            return OvsdbError.Create(null, "cannot store a snapshot following failure");
        }

        long newStart = LastApplied + 1;
        if (newStart <= LogStart)
        {
            return OvsdbError.Create(null, "not storing a duplicate snapshot");
        }

        var snapshot = new RaftSnapshot
        {
            Index = newStart - 1,
            Term = GetTerm(newStart - 1),
            Eid = GetEid(newStart - 1),
            Servers = ServersForIndex(newStart - 1),
            ElectionTimer = ElectionTimer,
            Schema = schema,
            Data = data,
        };
        StorageError? error = _log.BeginReplace(out LogFile? replacement);
        if (error is null)
        {
            error = WriteSnapshot(replacement!, newStart, snapshot) ?? _log.ReplaceWith(replacement!);
            if (error is not null)
            {
                LogFile.AbortReplace(replacement!);
            }
        }

        if (error is not null)
        {
            return error.ToOvsdbError();
        }

        _entries.RemoveRange(0, checked((int)(newStart - LogStart)));
        LogStart = newStart;
        _snapshot = snapshot;
        return null;
    }

    private StorageError? WriteSnapshot(LogFile log, long newStart, RaftSnapshot snapshot)
    {
        var header = new RaftHeader
        {
            ServerId = ServerId,
            ClusterId = ClusterId,
            Name = Name,
            LocalAddress = LocalAddress,
            Snapshot = snapshot,
        };
        StorageError? error = log.Write(header.ToJson(), out _);
        for (long index = newStart; error is null && index < LogEnd; index++)
        {
            error = log.Write(EntryRecord(index, GetEntry(index)).ToJson(), out _);
        }

        error ??= log.Write(StateRecord(Term, Vote).ToJson(), out _);
        if (error is null && CommitIndex >= newStart)
        {
            error = log.Write(new RaftRecord { CommitIndex = CommitIndex }.ToJson(), out _);
        }

        return error;
    }

    private static RaftRecord EntryRecord(long index, RaftEntry entry) => new()
    {
        Term = entry.Term,
        Index = index,
        Data = entry.Data,
        Eid = entry.HasData ? entry.Eid : null,
        Servers = entry.Servers,
        ElectionTimer = entry.ElectionTimer != 0 ? entry.ElectionTimer : null,
    };

    private static RaftRecord StateRecord(long term, Guid vote) =>
        new() { Term = term, Vote = vote == Guid.Empty ? null : vote };

    /// <summary>Starts an election (upstream's raft_start_election); with one server it is won at once.</summary>
    private void StartElection(bool leadershipTransfer)
    {
        if (IsLeaving || FindServer(ServerId) is not { } me)
        {
            return;
        }

        if (!SetTerm(Term + 1, ServerId))
        {
            return;
        }

        LeaderId = Guid.Empty;
        Role = RaftRole.Candidate;
        CandidateRetrying = !_hadLeader;
        _hadLeader = false;
        _votes = 0;
        long now = NowMs;
        ElectionStart = now;
        ElectionWon = 0;
        LeadershipTransfer = leadershipTransfer;
        if (now >= _electionTimeout)
        {
            s_log.Info($"term {Term}: {now - _electionBase} ms timeout expired, starting election");
        }
        else
        {
            s_log.Info($"term {Term}: starting election");
        }

        ResetElectionTimer();
        foreach (RaftServer server in _servers)
        {
            server.Vote = Guid.Empty;
        }

        // Vote requests to the other servers belong here, once the server-to-server protocol exists. Our own vote
        // counts now: SetTerm synced the record of it.
        AcceptVote(me, ServerId);
    }

    /// <summary>Records a new term (and vote) durably; false if the write failed (the server then fails).</summary>
    private bool SetTerm(long term, Guid vote)
    {
        StorageError? error = _log.Write(StateRecord(term, vote).ToJson(), out _) ?? _log.Commit();
        if (error is not null)
        {
            Fail(error);
            return false;
        }

        Term = term;
        Vote = vote;
        return true;
    }

    private void AcceptVote(RaftServer server, Guid vote)
    {
        if (server.Vote == vote)
        {
            return;
        }

        server.Vote = vote;
        if (vote == ServerId && ++_votes > _servers.Count / 2)
        {
            BecomeLeader();
        }
    }

    private void BecomeLeader()
    {
        s_log.Info($"term {Term}: elected leader by {_votes}+ of {_servers.Count} servers");
        Role = RaftRole.Leader;
        ElectionWon = NowMs;
        SetLeader(ServerId);
        ResetElectionTimer();
        foreach (RaftServer server in _servers)
        {
            server.NextIndex = LogEnd;
            server.MatchIndex = 0;
        }

        ElectionTimerNew = 0;
        UpdateOurMatchIndex(LogEnd - 1);

        // Recorded for offline analysis of the log, as upstream does; not used when reading it back.
        WriteRecord(new RaftRecord { Term = Term, Leader = ServerId });

        // A leader commits a no-op at the start of its term to learn what is committed (Raft section 6.4).
        ExecuteCore(null, null, 0, null);
    }

    private void SetLeader(Guid sid)
    {
        LeaderId = sid;
        _hadLeader = _everHadLeader = true;
        CandidateRetrying = false;
    }

    private void BecomeFollower()
    {
        if (Role == RaftRole.Follower)
        {
            return;
        }

        Role = RaftRole.Follower;
        ResetElectionTimer();
        foreach (RaftCommand command in _commands.Values)
        {
            command.Status = RaftCommandStatus.LostLeadership;
        }

        _commands.Clear();
    }

    private RaftCommand ExecuteCore(JsonArray? data, IReadOnlyList<KeyValuePair<Guid, string>>? servers, long electionTimer, Guid? prerequisite)
    {
        if (IsLeaving || HasLeft || HasFailed)
        {
            return Completed(RaftCommandStatus.Shutdown);
        }

        if (Role != RaftRole.Leader)
        {
            // A follower would forward data commands to a known leader; that needs the server-to-server protocol.
            return Completed(RaftCommandStatus.NotLeader);
        }

        Guid current = CurrentEid;
        if (prerequisite is Guid required && required != current)
        {
            s_log.Info($"current entry eid {current:D} does not match prerequisite {required:D}");
            return Completed(RaftCommandStatus.BadPrereq);
        }

        var entry = new RaftEntry
        {
            Term = Term,
            Eid = data is null ? Guid.Empty : Guid.NewGuid(),
            Data = data,
            Servers = servers,
            ElectionTimer = electionTimer,
        };
        long index = LogEnd;
        StorageError? error = _log.Write(EntryRecord(index, entry).ToJson(), out _);
        if (error is not null)
        {
            Fail(error);
            return Completed(RaftCommandStatus.IoError);
        }

        AddEntry(entry);
        var command = new RaftCommand(entry.Eid) { Index = index };
        _commands[index] = command;

        // Replication to the other servers would start here. The entry counts for us once it is on disk.
        error = _log.Commit();
        if (error is not null)
        {
            Fail(error);
            command.Status = RaftCommandStatus.IoError;
            _commands.Remove(index);
            return command;
        }

        UpdateOurMatchIndex(index);
        return command;
    }

    private static RaftCommand Completed(RaftCommandStatus status) => new(Guid.Empty) { Status = status };

    private void UpdateOurMatchIndex(long minIndex)
    {
        if (FindServer(ServerId) is { } me && me.MatchIndex < minIndex)
        {
            me.MatchIndex = minIndex;
            if (Role == RaftRole.Leader)
            {
                AdvanceCommitIndex();
            }
        }
    }

    /// <summary>
    /// Raft figure 3.1: commit up to the highest N stored on a majority of servers, provided the entry at N is
    /// from the current term.
    /// </summary>
    private void AdvanceCommitIndex()
    {
        long[] matches = [.. _servers.Select(s => s.MatchIndex).OrderDescending()];
        long majority = matches[matches.Length / 2];
        if (majority > CommitIndex && majority >= LogStart && GetTerm(majority) == Term)
        {
            UpdateCommitIndex(majority);
        }
    }

    private void UpdateCommitIndex(long newCommitIndex)
    {
        if (newCommitIndex <= CommitIndex)
        {
            return;
        }

        while (CommitIndex < newCommitIndex)
        {
            long index = ++CommitIndex;
            RaftEntry entry = GetEntry(index);
            if (_commands.Remove(index, out RaftCommand? command))
            {
                command.Status = RaftCommandStatus.Success;
            }

            if (entry.ElectionTimer != 0)
            {
                s_log.Info($"Election timer changed from {ElectionTimer} to {entry.ElectionTimer}");
                ElectionTimer = entry.ElectionTimer;
                ElectionTimerNew = 0;
            }
        }

        WriteRecord(new RaftRecord { CommitIndex = CommitIndex });
    }

    /// <summary>Writes a record whose loss is harmless (leader, commit index): errors are ignored, as upstream.</summary>
    private void WriteRecord(RaftRecord record) => _ = _log.Write(record.ToJson(), out _);

    private void Fail(StorageError error)
    {
        s_log.Warn($"{Name}: entering failure mode due to I/O error ({error})");
        HasFailed = true;
    }
}
