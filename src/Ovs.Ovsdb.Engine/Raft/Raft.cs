// Upstream: ovsdb/raft.c (OVS 3.1); Raft as in Ongaro's dissertation "Consensus: Bridging Theory and Practice"
//
// The local server of a Raft cluster, backed by its clustered log file (format in ovsdb(5)): the header
// (identity and the snapshot the log starts from), then records for terms and votes, log entries, leaders seen
// and commit indexes. Opening replays the records under upstream's rules, so a file written by Debian's
// ovsdb-server reads back here and the other way round.
//
// State kept as Raft defines it: the current term and vote, the log (LogStart..LogEnd-1, after the snapshot
// that covers everything up to LogStart-1), the commit index, the last index handed to the database
// (LastApplied), the role, and for a leader each server's next and match index. A command (an entry to append)
// is committed once a majority of servers store it; here that majority is decided from the servers' match
// indexes exactly as a multi-server leader would, which with one server means "once it is on our disk".
//
// What is missing is the server-to-server protocol (vote requests, append requests, snapshot installs, server
// additions and removals). Until it exists a cluster of more than one server, or a server still joining one, is
// refused at open. Everything else (the on-disk records of elections, entries and commits; snapshots) follows
// upstream, so the protocol can be added on top.
//
// Thread-safety: owned by one thread (the server's main loop).
using Ovs.Common.Logging;
using Ovs.Json;
using Ovs.Ovsdb.Engine.Cluster;
using Ovs.Ovsdb.Engine.Storage;

namespace Ovs.Ovsdb.Engine.Raft;

internal sealed partial class Raft : IDisposable
{
    /// <summary>The election timer when neither the snapshot nor the log sets one, in ms.</summary>
    public const long DefaultElectionTimer = 1000;

    /// <summary>Upstream adds up to this much at random to each election timeout, in ms.</summary>
    private const long ElectionRangeMs = 1000;

    private static readonly VlogModule s_log = VlogModule.Get("raft");

    private readonly List<RaftEntry> _entries = [];
    private readonly Dictionary<long, RaftCommand> _commands = [];
    private readonly TimeProvider _time;
    private readonly LogFile _log;
    private RaftSnapshot _snapshot;
    private List<RaftServer> _servers = [];
    private long _electionBase;
    private long _electionTimeout;
    private bool _hadLeader;
    private int _votes;
    private long _leaveDue;

    private Raft(LogFile log, RaftHeader header, TimeProvider time)
    {
        _log = log;
        _time = time;
        ServerId = header.ServerId;
        ClusterId = header.ClusterId ?? Guid.Empty;
        Name = header.Name;
        LocalAddress = header.LocalAddress;
        LocalNickname = RaftNames.Nickname(header.LocalAddress, header.ServerId);
        _snapshot = header.Snapshot!;
        LogStart = LogEnd = _snapshot.Index + 1;
        CommitIndex = _snapshot.Index;
        LastApplied = _snapshot.Index - 1;
    }

    public Guid ServerId { get; }

    public Guid ClusterId { get; }

    /// <summary>The database name from the header.</summary>
    public string Name { get; }

    public string LocalAddress { get; }

    public string LocalNickname { get; }

    public string FileName => _log.Name;

    public RaftRole Role { get; private set; } = RaftRole.Follower;

    public long Term { get; private set; }

    /// <summary>Whom this server voted for in <see cref="Term"/> (all-zeros for nobody).</summary>
    public Guid Vote { get; private set; }

    /// <summary>The leader of the current term, all-zeros if unknown.</summary>
    public Guid LeaderId { get; private set; }

    /// <summary>Index of the first entry in the log; everything before it is in the snapshot.</summary>
    public long LogStart { get; private set; }

    /// <summary>Index just past the last entry in the log.</summary>
    public long LogEnd { get; private set; }

    /// <summary>Highest index known to be committed.</summary>
    public long CommitIndex { get; private set; }

    /// <summary>Highest index handed to the database by <see cref="NextEntry"/>.</summary>
    public long LastApplied { get; private set; }

    public long ElectionTimer { get; private set; } = DefaultElectionTimer;

    /// <summary>A new election timer being committed, or 0.</summary>
    public long ElectionTimerNew { get; private set; }

    /// <summary>The configuration: the servers of the latest configuration entry, or of the snapshot.</summary>
    public IReadOnlyList<RaftServer> Servers => _servers;

    public bool IsLeaving { get; private set; }

    public bool HasLeft { get; private set; }

    public bool HasFailed { get; private set; }

    /// <summary>True while elections keep failing: no leader was elected since the previous election.</summary>
    public bool CandidateRetrying { get; private set; }

    /// <summary>Monotonic time the last election started, or 0.</summary>
    public long ElectionStart { get; private set; }

    /// <summary>Monotonic time the last election was won, or 0.</summary>
    public long ElectionWon { get; private set; }

    public bool LeadershipTransfer { get; private set; }

    /// <summary>Whether the database is usable through this server (upstream's raft_is_connected).</summary>
    public bool IsConnected => !CandidateRetrying && !IsLeaving && !HasLeft && !HasFailed && _everHadLeader;

    public bool IsLeader => Role == RaftRole.Leader && !HasFailed;

    /// <summary>Size of the log file now, in bytes.</summary>
    public long FileSize => _log.GoodSize;

    private bool _everHadLeader;

    /// <summary>Monotonic milliseconds, the clock upstream's time_msec() reads.</summary>
    public long NowMs => _time.GetTimestamp() * 1000 / _time.TimestampFrequency;

    /// <summary>The ID of the last entry with data at or before the end of the log (the snapshot's if none).</summary>
    public Guid CurrentEid => GetEid(LogEnd - 1);

    /// <summary>
    /// Opens a clustered database file, replays its records and, for a one-server cluster, elects this server
    /// leader. A file whose cluster has other servers, or of a server still joining, is refused: talking to other
    /// servers is not implemented.
    /// </summary>
    public static OvsdbError? Open(string fileName, TimeProvider time, out Raft? raft)
    {
        raft = null;
        StorageError? openError = LogFile.Open(fileName, LogHeader.ClusteredMagic, LogOpenMode.ReadWrite, locking: true, out LogFile? log);
        if (openError is not null)
        {
            return openError.ToOvsdbError();
        }

        OvsdbError? error = Read(log!, time, out Raft? opened);
        if (error is not null)
        {
            log!.Dispose();
            return error;
        }

        error = opened!.CheckSupported();
        if (error is not null)
        {
            opened.Dispose();
            return error;
        }

        if (opened._servers.Count == 1)
        {
            opened.StartElection(leadershipTransfer: false);
        }

        opened.ResetElectionTimer();
        s_log.Info($"local server ID is {RaftNames.Short(opened.ServerId)}");
        raft = opened;
        return null;
    }

    private static OvsdbError? Read(LogFile log, TimeProvider time, out Raft? raft)
    {
        raft = null;
        StorageError? error = log.Read(out JsonObject? first);
        if (error is not null)
        {
            return error.ToOvsdbError();
        }

        if (first is null)
        {
            return OvsdbError.Create(null, $"{log.Name}: log is empty");
        }

        if (RaftHeader.TryParse(first, out RaftHeader? header) is string headerError)
        {
            return new OvsdbError(OvsdbErrorTags.SyntaxError, headerError);
        }

        if (header!.IsJoining || header.Snapshot is null)
        {
            return OvsdbError.Create(null,
                $"{log.Name}: this server has not yet joined its cluster; joining a cluster (the server-to-server Raft protocol) is not supported");
        }

        var result = new Raft(log, header, time);
        result._entries.Capacity = 16;
        for (long i = 1; ; i++)
        {
            error = log.Read(out JsonObject? json);
            if (json is null)
            {
                if (error is not null)
                {
                    // A partial write before a crash: use what was read, as upstream does.
                    s_log.Warn(error.ToString());
                }

                break;
            }

            OvsdbError? recordError = RaftRecord.TryParse(json, out RaftRecord? record) is string parseError
                ? new OvsdbError(OvsdbErrorTags.SyntaxError, parseError)
                : result.ApplyRecord(i, record!);
            if (recordError is not null)
            {
                return OvsdbError.Create(null, $"error reading record {i} from {result.Name} log: {recordError}");
            }
        }

        result._servers = result.ToServers(result.ServersForIndex(result.LogEnd - 1));
        result.ElectionTimer = result.ElectionTimerFromLog();
        if (result.FindServer(result.ServerId) is null)
        {
            return OvsdbError.Create(null, "server does not belong to cluster");
        }

        raft = result;
        return null;
    }

    private OvsdbError? CheckSupported()
    {
        if (_servers.Count > 1)
        {
            return OvsdbError.Create(null,
                $"{_log.Name}: cluster has {_servers.Count} servers; only single-server clusters are supported (the server-to-server Raft protocol is not implemented)");
        }

        return null;
    }

    /// <summary>Applies one record read at open, with upstream's consistency checks.</summary>
    private OvsdbError? ApplyRecord(long recordIndex, RaftRecord record)
    {
        long term = record.Term ?? 0;
        if (term > Term)
        {
            Term = term;
            Vote = Guid.Empty;
        }

        if (record.Note is string note)
        {
            return note == "left"
                ? OvsdbError.Create(null, $"record {recordIndex} indicates server has left the cluster; it cannot be added back (use \"ovsdb-tool join-cluster\" to add a new server)")
                : null;
        }

        if (record.CommitIndex is long commit)
        {
            if (commit < CommitIndex)
            {
                return OvsdbError.Create(null, $"record {recordIndex} regresses commit index from {CommitIndex} to {commit}");
            }

            if (commit >= LogEnd)
            {
                return OvsdbError.Create(null, $"record {recordIndex} advances commit index to {commit} but last log index is {LogEnd - 1}");
            }

            CommitIndex = commit;
            return null;
        }

        if (record.Index is long index)
        {
            if (index < CommitIndex)
            {
                return OvsdbError.Create(null,
                    $"record {recordIndex} attempts to truncate log from {LogEnd} to {index} entries, but commit index is already {CommitIndex}");
            }

            if (index > LogEnd)
            {
                return OvsdbError.Create(null, $"record {recordIndex} with index {index} skips past expected index {LogEnd}");
            }

            if (index < LogEnd)
            {
                s_log.Dbg($"record {recordIndex} truncates log from {LogEnd} to {index} entries");
                Truncate(index);
            }

            long previousTerm = LogEnd > LogStart ? _entries[^1].Term : _snapshot.Term;
            if (term < previousTerm)
            {
                return OvsdbError.Create(null,
                    $"record {recordIndex} with index {index} term {term} precedes previous entry's term {previousTerm}");
            }

            AddEntry(new RaftEntry
            {
                Term = term,
                Eid = record.Eid ?? Guid.Empty,
                Data = record.Data,
                Servers = record.Servers,
                ElectionTimer = record.ElectionTimer ?? 0,
            });
            return null;
        }

        if (record.Vote is Guid vote)
        {
            if (term < Term)
            {
                return OvsdbError.Create(null, $"record {recordIndex} votes for term {term} but current term is {Term}");
            }

            if (Vote != Guid.Empty && Vote != vote)
            {
                return OvsdbError.Create(null,
                    $"record {recordIndex} votes for {NicknameOf(Vote)} in term {term} but a previous record for the same term voted for {NicknameOf(vote)}");
            }

            Vote = vote;
        }

        // A "term" record only moves the term (done above); a "leader" record is for offline analysis only.
        return null;
    }

    public void Dispose() => _log.Dispose();

    public RaftServer? FindServer(Guid sid) => _servers.Find(s => s.Sid == sid);

    /// <summary>A server's nickname for messages: ours, a configured server's, or the short ID.</summary>
    public string NicknameOf(Guid sid) =>
        sid == ServerId ? LocalNickname : FindServer(sid)?.Nickname ?? RaftNames.Short(sid);

    private RaftEntry GetEntry(long index) => _entries[checked((int)(index - LogStart))];

    private long GetTerm(long index) => index >= LogStart ? GetEntry(index).Term : _snapshot.Term;

    /// <summary>The ID of the last entry with data at or before <paramref name="index"/>, else the snapshot's.</summary>
    private Guid GetEid(long index)
    {
        for (; index >= LogStart; index--)
        {
            RaftEntry entry = GetEntry(index);
            if (entry.HasData)
            {
                return entry.Eid;
            }
        }

        return _snapshot.Eid;
    }

    /// <summary>The configuration in force at <paramref name="index"/>: the latest servers entry up to it, else the snapshot's.</summary>
    private IReadOnlyList<KeyValuePair<Guid, string>> ServersForIndex(long index)
    {
        for (; index >= LogStart; index--)
        {
            if (GetEntry(index).Servers is { } servers)
            {
                return servers;
            }
        }

        return _snapshot.Servers;
    }

    private long ElectionTimerFromLog()
    {
        long timer = _snapshot.ElectionTimer != 0 ? _snapshot.ElectionTimer : ElectionTimer;
        for (long index = CommitIndex; index >= LogStart; index--)
        {
            if (GetEntry(index).ElectionTimer != 0)
            {
                return GetEntry(index).ElectionTimer;
            }
        }

        return timer;
    }

    private List<RaftServer> ToServers(IReadOnlyList<KeyValuePair<Guid, string>> servers)
    {
        var result = new List<RaftServer>(servers.Count);
        foreach (KeyValuePair<Guid, string> server in servers)
        {
            RaftServer? existing = _servers.Find(s => s.Sid == server.Key && s.Address == server.Value);
            result.Add(existing ?? new RaftServer(server.Key, server.Value));
        }

        return result;
    }

    private void AddEntry(RaftEntry entry)
    {
        _entries.Add(entry);
        LogEnd++;
    }

    private void Truncate(long newEnd)
    {
        int keep = checked((int)(newEnd - LogStart));
        for (int i = keep; i < _entries.Count; i++)
        {
            if (_entries[i].Servers is not null)
            {
                // The configuration may come from a removed entry: recompute it below.
                _servers = [];
            }
        }

        _entries.RemoveRange(keep, _entries.Count - keep);
        LogEnd = newEnd;
        if (_servers.Count == 0)
        {
            _servers = ToServers(ServersForIndex(LogEnd - 1));
        }
    }

    private void ResetElectionTimer()
    {
        _electionBase = NowMs;
        _electionTimeout = _electionBase + ElectionTimer + Random.Shared.NextInt64(ElectionRangeMs);
    }
}
