// Upstream: ovsdb/raft.h and ovsdb/raft-private.h, struct raft_entry, struct raft_server, enum raft_role and
// enum raft_command_status (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Raft;

/// <summary>The role a server plays in its cluster (Raft section 3.3).</summary>
internal enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}

/// <summary>
/// One log entry: the term it was created in and what it carries, which is one of: data ([schema or null,
/// transaction], with its entry ID), a new server configuration, a new election timer, or nothing (a leader's
/// no-op at the start of its term).
/// </summary>
internal sealed class RaftEntry
{
    public required long Term { get; init; }

    /// <summary>The entry ID; all-zeros for an entry without data.</summary>
    public Guid Eid { get; init; }

    /// <summary>[schema or null, transaction record or null], or null for an entry without data.</summary>
    public JsonArray? Data { get; init; }

    /// <summary>A new cluster configuration, or null.</summary>
    public IReadOnlyList<KeyValuePair<Guid, string>>? Servers { get; init; }

    /// <summary>A new election timer in ms, or 0.</summary>
    public long ElectionTimer { get; init; }

    public bool HasData => Data is not null;
}

/// <summary>A member of the cluster configuration, with the leader's replication state for it.</summary>
internal sealed class RaftServer(Guid sid, string address)
{
    public Guid Sid { get; } = sid;

    public string Address { get; } = address;

    public string Nickname { get; } = RaftNames.Nickname(address, sid);

    /// <summary>Leader only: the next log index to send to this server.</summary>
    public long NextIndex { get; set; }

    /// <summary>Leader only: the highest log index known to be stored on this server.</summary>
    public long MatchIndex { get; set; }

    /// <summary>Candidate only: whom this server voted for in the current term (all-zeros if unknown).</summary>
    public Guid Vote { get; set; }
}

/// <summary>What became of a command (a request to append a log entry).</summary>
internal enum RaftCommandStatus
{
    /// <summary>Appended but not yet committed.</summary>
    Incomplete,

    /// <summary>Committed at <see cref="RaftCommand.Index"/>.</summary>
    Success,

    /// <summary>This server is not the leader (and cannot forward the command).</summary>
    NotLeader,

    /// <summary>The log's last entry ID was not the one the command required.</summary>
    BadPrereq,

    /// <summary>Leadership was lost before the entry committed.</summary>
    LostLeadership,

    /// <summary>The server is joining, leaving, has left or failed.</summary>
    Shutdown,

    /// <summary>Writing the log failed.</summary>
    IoError,
}

/// <summary>A request to append a log entry, and how it ended.</summary>
internal sealed class RaftCommand(Guid eid)
{
    public Guid Eid { get; } = eid;

    public RaftCommandStatus Status { get; set; } = RaftCommandStatus.Incomplete;

    /// <summary>The log index of the entry, once appended.</summary>
    public long Index { get; set; }

    /// <summary>Upstream's text for a status, as ovsdb-server reports a failed commit ("not leader", ...).</summary>
    public static string Describe(RaftCommandStatus status) => status switch
    {
        RaftCommandStatus.Incomplete => "operation still in progress",
        RaftCommandStatus.Success => "success",
        RaftCommandStatus.NotLeader => "not leader",
        RaftCommandStatus.BadPrereq => "prerequisite check failed",
        RaftCommandStatus.LostLeadership => "lost leadership",
        RaftCommandStatus.Shutdown => "server shutdown",
        _ => "I/O error",
    };
}

/// <summary>How upstream names servers in logs and status output.</summary>
internal static class RaftNames
{
    /// <summary>The first 4 hex digits of a server or cluster ID.</summary>
    public static string Short(Guid id) => id.ToString("D")[..4];

    /// <summary>
    /// A server's nickname: for a "unix:" address, the file name up to its first dot ("unix:/x/s1.raft" is "s1");
    /// otherwise the short form of its ID.
    /// </summary>
    public static string Nickname(string address, Guid sid)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            string path = address[5..];
            int slash = path.LastIndexOf('/');
            string file = slash >= 0 ? path[(slash + 1)..] : path;
            int dot = file.IndexOf('.', StringComparison.Ordinal);
            string name = dot >= 0 ? file[..dot] : file;
            if (name.Length > 0)
            {
                return name;
            }
        }

        return Short(sid);
    }
}
