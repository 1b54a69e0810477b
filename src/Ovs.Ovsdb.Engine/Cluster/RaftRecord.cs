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
        if (reader.Error is not null)
        {
            return reader.Error;
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
