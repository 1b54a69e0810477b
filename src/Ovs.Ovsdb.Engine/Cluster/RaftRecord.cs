// Upstream: ovsdb/raft-private.c, struct raft_record and raft_record_from_json() (OVS 3.1)
//
// Every record of a clustered file after the header. Its members say what it is: a log entry ("term" and
// "index", plus "data" [schema or null, transaction] with its "eid", or "servers" for a configuration change, or
// "election_timer"), a vote cast ("term", "vote"), a term change ("term" alone), a leader seen ("term",
// "leader"), how far the log is committed ("commit_index"), or a "note". Readers here only need the members, so
// the record keeps them as parsed; upstream's stricter combination checks are not reproduced.
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Cluster;

internal sealed class RaftRecord
{
    public long? Term { get; init; }

    public long? Index { get; init; }

    public Guid? Eid { get; init; }

    /// <summary>For a data entry: [schema or null, transaction record].</summary>
    public JsonArray? Data { get; init; }

    public IReadOnlyList<KeyValuePair<Guid, string>>? Servers { get; init; }

    public long? ElectionTimer { get; init; }

    public Guid? Vote { get; init; }

    public Guid? Leader { get; init; }

    public long? CommitIndex { get; init; }

    public string? Note { get; init; }

    /// <summary>True for a log entry (it has an index).</summary>
    public bool IsEntry => Index is not null;

    public static string? TryParse(JsonObject json, out RaftRecord? record)
    {
        record = null;
        var reader = new RaftJsonReader(json, "raft log record");
        string? note = reader.String("note", required: false);
        long? commitIndex = reader.Integer("commit_index", required: false);
        long? term = note is null && commitIndex is null ? reader.Integer("term", required: true) : null;
        long? index = reader.Integer("index", required: false);
        Guid? eid = reader.Uuid("eid", required: false);
        JsonValue? data = reader.Value("data", required: false);
        if (data is not null and not JsonArray { Count: 2 })
        {
            reader.Fail("Parsing raft log record failed: Type mismatch for member 'data'.");
        }

        IReadOnlyList<KeyValuePair<Guid, string>>? servers = reader.Servers("servers", required: false);
        long? timer = reader.Integer("election_timer", required: false);
        Guid? vote = reader.Uuid("vote", required: false);
        Guid? leader = reader.Uuid("leader", required: false);
        if (data is not null && eid is null)
        {
            reader.Fail("Parsing raft log record failed: Required 'eid' member is missing.");
        }

        if (reader.Error is not null)
        {
            return reader.Error;
        }

        string[] allowed = AllowedMembers(note is not null, commitIndex is not null, index is not null, data is not null,
            servers is not null, timer is not null, vote is not null, leader is not null);
        foreach (string member in json.Names)
        {
            if (Array.IndexOf(allowed, member) < 0)
            {
                return $"Parsing raft log record failed: Member '{member}' is present but not allowed here.";
            }
        }

        record = new RaftRecord
        {
            Term = term,
            Index = index,
            Eid = eid,
            Data = data as JsonArray,
            Servers = servers,
            ElectionTimer = timer,
            Vote = vote,
            Leader = leader,
            CommitIndex = commitIndex,
            Note = note,
        };
        return null;
    }

    /// <summary>
    /// The members a record of this kind may have: the kind is chosen by the first distinguishing member present,
    /// and anything else is an error, as upstream's parser reports it.
    /// </summary>
    private static string[] AllowedMembers(
        bool note, bool commitIndex, bool entry, bool data, bool servers, bool timer, bool vote, bool leader) =>
        note ? ["note"]
        : commitIndex ? ["commit_index"]
        : entry && data ? ["term", "index", "data", "eid"]
        : entry && servers ? ["term", "index", "servers"]
        : entry && timer ? ["term", "index", "election_timer"]
        : entry ? ["term", "index"]
        : vote ? ["term", "vote"]
        : leader ? ["term", "leader"]
        : ["term"];

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Note is not null)
        {
            json.Add("note", Note);
        }

        if (CommitIndex is long commit)
        {
            json.Add("commit_index", commit);
        }

        if (Term is long term)
        {
            json.Add("term", term);
        }

        if (Index is long index)
        {
            json.Add("index", index);
        }

        if (Data is not null)
        {
            json.Add("data", Data);
        }

        if (Eid is Guid eid)
        {
            json.Add("eid", eid.ToString("D"));
        }

        if (ElectionTimer is long timer)
        {
            json.Add("election_timer", timer);
        }

        if (Vote is Guid vote)
        {
            json.Add("vote", vote.ToString("D"));
        }

        if (Leader is Guid leader)
        {
            json.Add("leader", leader.ToString("D"));
        }

        return json;
    }
}
