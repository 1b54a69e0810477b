// Upstream: ovsdb/raft.c, raft_run() timers, raft_leave() and the cluster/* unixctl commands (OVS 3.1)
//
// The management operations behind ovsdb-server's cluster/* commands, returning upstream's reply or error text
// so the server only has to route them. Outputs follow Debian's ovsdb-server 3.1.0 byte for byte.
using System.Globalization;
using System.Text;

namespace Ovs.Ovsdb.Engine.Raft;

/// <summary>A management command's answer: a reply text (possibly null) or an error text.</summary>
internal readonly record struct RaftReply(string? Text, bool IsError)
{
    public static RaftReply Ok(string? text = null) => new(text, false);

    public static RaftReply Error(string text) => new(text, true);
}

internal sealed partial class Raft
{
    /// <summary>The connection backlog limits (cluster/set-backlog-threshold), applied to server connections.</summary>
    public long BacklogMaxMessages { get; private set; } = 500;

    public long BacklogMaxBytes { get; private set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Periodic work: re-sending a leave request, and the election timer (a follower or candidate whose timer
    /// expires starts an election; a leader just restarts it). Call it at least every <see cref="NextWakeMs"/>.
    /// </summary>
    public void Run()
    {
        long now = NowMs;
        if (IsLeaving && now >= _leaveDue)
        {
            SendRemoveServerRequests();
        }

        if (now >= _electionTimeout)
        {
            if (Role == RaftRole.Leader)
            {
                ResetElectionTimer();
            }
            else
            {
                StartElection(leadershipTransfer: false);
                if (Role != RaftRole.Leader)
                {
                    ResetElectionTimer();
                }
            }
        }
    }

    /// <summary>The monotonic time at which <see cref="Run"/> has something to do.</summary>
    public long NextWakeMs => IsLeaving ? Math.Min(_leaveDue, _electionTimeout) : _electionTimeout;

    /// <summary>cluster/status: upstream's multi-line report.</summary>
    public string Status()
    {
        var s = new StringBuilder();
        long now = NowMs;
        s.Append(LocalNickname).Append('\n');
        s.Append("Name: ").Append(Name).Append('\n');
        s.Append("Cluster ID: ");
        s.Append(ClusterId != Guid.Empty ? $"{RaftNames.Short(ClusterId)} ({ClusterId:D})\n" : "not yet known\n");
        s.Append("Server ID: ").Append(RaftNames.Short(ServerId)).Append(" (").Append(ServerId.ToString("D")).Append(")\n");
        s.Append("Address: ").Append(LocalAddress).Append('\n');
        s.Append("Status: ").Append(
            IsLeaving ? "leaving cluster"
            : HasLeft ? "left cluster"
            : HasFailed ? "failed"
            : CandidateRetrying ? "disconnected from the cluster (election timeout)"
            : "cluster member").Append('\n');
        s.Append("Role: ").Append(Role switch
        {
            RaftRole.Leader => "leader",
            RaftRole.Candidate => "candidate",
            _ => "follower",
        }).Append('\n');
        s.Append("Term: ").Append(Term.ToString(CultureInfo.InvariantCulture)).Append('\n');
        AppendSid(s, "Leader", LeaderId);
        AppendSid(s, "Vote", Vote);
        s.Append('\n');
        if (ElectionStart != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"Last Election started {now - ElectionStart} ms ago, reason: {(LeadershipTransfer ? "leadership_transfer" : "timeout")}\n");
        }

        if (ElectionWon != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $"Last Election won: {now - ElectionWon} ms ago\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"Election timer: {ElectionTimer}");
        if (Role == RaftRole.Leader && ElectionTimerNew != 0)
        {
            s.Append(CultureInfo.InvariantCulture, $" (changing to {ElectionTimerNew})");
        }

        s.Append('\n');
        s.Append(CultureInfo.InvariantCulture, $"Log: [{LogStart}, {LogEnd}]\n");
        s.Append(CultureInfo.InvariantCulture, $"Entries not yet committed: {LogEnd - CommitIndex - 1}\n");
        s.Append(CultureInfo.InvariantCulture, $"Entries not yet applied: {LogEnd - LastApplied - 1}\n");
        s.Append("Connections:\n");
        s.Append("Disconnections: 0\n");
        s.Append("Servers:\n");
        foreach (RaftServer server in _servers)
        {
            s.Append("    ").Append(server.Nickname).Append(" (").Append(RaftNames.Short(server.Sid)).Append(" at ").Append(server.Address).Append(')');
            if (server.Sid == ServerId)
            {
                s.Append(" (self)");
            }

            if (Role == RaftRole.Candidate)
            {
                if (server.Vote != Guid.Empty)
                {
                    s.Append(" (voted for ").Append(NicknameOf(server.Vote)).Append(')');
                }
            }
            else if (Role == RaftRole.Leader)
            {
                s.Append(CultureInfo.InvariantCulture, $" next_index={server.NextIndex} match_index={server.MatchIndex}");
            }

            s.Append('\n');
        }

        return s.ToString();
    }

    private void AppendSid(StringBuilder s, string title, Guid sid)
    {
        s.Append(title).Append(": ");
        s.Append(sid == ServerId ? "self" : sid == Guid.Empty ? "unknown" : NicknameOf(sid));
        s.Append('\n');
    }

    /// <summary>cluster/leave.</summary>
    public RaftReply Leave()
    {
        if (IsLeaving)
        {
            return RaftReply.Error("already in progress leaving cluster");
        }

        if (HasFailed)
        {
            return RaftReply.Error("can't leave after failure");
        }

        if (!HasLeft)
        {
            s_log.Info($"{RaftNames.Short(ServerId)}: starting to leave cluster {RaftNames.Short(ClusterId)}");
            IsLeaving = true;

            // Leadership would be handed to another server here; a one-server cluster has none to take it.
            BecomeFollower();
            LeaderId = Guid.Empty;
            SendRemoveServerRequests();
        }

        return RaftReply.Ok();
    }

    private void SendRemoveServerRequests()
    {
        s_log.Info($"sending remove request (joining=false, leaving={(IsLeaving ? "true" : "false")})");

        // Each other server would be asked to remove us; with none, the request can never be granted.
        _leaveDue = NowMs + ElectionTimer;
    }

    /// <summary>cluster/kick DB SERVER: SERVER is an address or a prefix of a server ID.</summary>
    public RaftReply Kick(string server)
    {
        RaftServer? best = null;
        int bestScore = -1;
        int ties = 0;
        foreach (RaftServer s in _servers)
        {
            int score = server == s.Address ? int.MaxValue : PartialMatch(s.Sid, server);
            if (score > bestScore)
            {
                best = s;
                bestScore = score;
                ties = 1;
            }
            else if (score == bestScore)
            {
                ties++;
            }
        }

        if (ties != 1 || best is null)
        {
            return RaftReply.Error("unknown server");
        }

        // Only ourselves can be in a one-server configuration; kicking ourselves is leaving.
        return Leave();
    }

    /// <summary>How many characters of <paramref name="text"/> match the start of the ID (0 if it is not a prefix).</summary>
    private static int PartialMatch(Guid sid, string text)
    {
        string id = sid.ToString("D");
        return text.Length <= id.Length && id.StartsWith(text, StringComparison.Ordinal) ? text.Length : 0;
    }

    /// <summary>cluster/change-election-timer DB TIME.</summary>
    public RaftReply ChangeElectionTimer(string text)
    {
        if (Role != RaftRole.Leader)
        {
            return RaftReply.Error("election timer must be changed through leader.");
        }

        if (ElectionTimerNew != 0)
        {
            return RaftReply.Error("election timer change pending.");
        }

        long timer = ParseLeadingInteger(text);
        if (timer == ElectionTimer)
        {
            return RaftReply.Ok("change election timer to current value.");
        }

        if (timer is < 100 or > 600000)
        {
            return RaftReply.Error("election timer must be between 100 and 600000, in msec.");
        }

        if (timer > ElectionTimer * 2)
        {
            return RaftReply.Error("election timer increase should not exceed the current value x 2.");
        }

        ElectionTimerNew = timer;
        ExecuteCore(null, null, timer, null);
        return RaftReply.Ok("change of election timer initiated.");
    }

    /// <summary>cluster/set-backlog-threshold DB N_MSGS N_BYTES.</summary>
    public RaftReply SetBacklogThreshold(string messages, string bytes)
    {
        if (!ulong.TryParse(messages, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n)
            || !ulong.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out ulong b))
        {
            return RaftReply.Error("invalid argument");
        }

        if (n < 50 || n > long.MaxValue || b > long.MaxValue)
        {
            return RaftReply.Error("values out of range");
        }

        BacklogMaxMessages = (long)n;
        BacklogMaxBytes = (long)b;
        return RaftReply.Ok();
    }

    /// <summary>atoll(): optional sign and leading digits, 0 if none.</summary>
    private static long ParseLeadingInteger(string text)
    {
        string t = text.TrimStart(' ', '\t', '\n', '\v', '\f', '\r');
        int end = t.Length > 0 && (t[0] == '-' || t[0] == '+') ? 1 : 0;
        while (end < t.Length && char.IsAsciiDigit(t[end]))
        {
            end++;
        }

        return long.TryParse(t.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : 0;
    }
}

/// <summary>
/// cluster/failure-test: the fault-injection scenarios upstream knows. They act on server-to-server messages,
/// which a one-server cluster never sends, so engaging one records it and changes nothing else yet.
/// </summary>
internal static class RaftFailureTest
{
    private static readonly string[] s_scenarios =
    [
        "crash-before-sending-append-request",
        "crash-after-sending-append-request",
        "crash-before-sending-execute-command-reply",
        "crash-after-sending-execute-command-reply",
        "crash-before-sending-execute-command-request",
        "crash-after-sending-execute-command-request",
        "crash-after-receiving-append-request-update",
        "crash-before-sending-install-snapshot-reply",
        "delay-election",
        "dont-send-vote-request",
        "stop-raft-rpc",
        "transfer-leadership-after-sending-append-request",
        "transfer-leadership",
    ];

    /// <summary>The scenario engaged, or null.</summary>
    public static string? Current { get; private set; }

    public static RaftReply Set(string scenario)
    {
        if (scenario == "clear")
        {
            Current = null;
            return RaftReply.Ok("test dismissed");
        }

        if (Array.IndexOf(s_scenarios, scenario) < 0)
        {
            return RaftReply.Error("unknown test scenario");
        }

        Current = scenario;
        return RaftReply.Ok("test engaged");
    }
}
