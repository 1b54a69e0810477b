// Upstream: ovsdb/raft-private.c, the "prev_*" members of a raft header (OVS 3.1)
using Ovs.Json;

namespace Ovs.Ovsdb.Engine.Cluster;

/// <summary>
/// A snapshot as stored in a clustered file's header: the log index and term it covers up to, the servers of the
/// cluster at that point, the entry ID of the last covered entry, and the database as [schema, data], where data
/// has the shape of a standalone transaction record ({} for an empty database).
/// </summary>
internal sealed class RaftSnapshot
{
    public required long Index { get; init; }

    public required long Term { get; init; }

    /// <summary>Server ID to address, in file order.</summary>
    public required IReadOnlyList<KeyValuePair<Guid, string>> Servers { get; init; }

    public required Guid Eid { get; init; }

    public required JsonValue Schema { get; init; }

    public required JsonValue Data { get; init; }

    /// <summary>The election timer in force, or 0 when the header does not record one.</summary>
    public long ElectionTimer { get; init; }

    public void AddTo(JsonObject json)
    {
        json.Add("prev_index", Index);
        json.Add("prev_term", Term);
        var servers = new JsonObject();
        foreach (KeyValuePair<Guid, string> server in Servers)
        {
            servers.Add(server.Key.ToString("D"), server.Value);
        }

        json.Add("prev_servers", servers);
        json.Add("prev_data", new JsonArray([Schema, Data]));
        json.Add("prev_eid", Eid.ToString("D"));
        if (ElectionTimer != 0)
        {
            json.Add("prev_election_timer", ElectionTimer);
        }
    }

    internal static RaftSnapshot? Read(RaftJsonReader reader, string prefix)
    {
        long? index = reader.Integer(prefix + "index", required: true);
        long? term = reader.Integer(prefix + "term", required: true);
        IReadOnlyList<KeyValuePair<Guid, string>>? servers = reader.Servers(prefix + "servers", required: true);
        Guid? eid = reader.Uuid(prefix + "eid", required: true);
        long? timer = reader.Integer(prefix + "election_timer", required: false);
        JsonValue? data = reader.Value(prefix + "data", required: true);
        if (reader.Error is not null)
        {
            return null;
        }

        if (data is not JsonArray { Count: 2 } pair)
        {
            reader.Fail($"Parsing raft header failed: '{prefix}data' must be an array of 2 elements.");
            return null;
        }

        return new RaftSnapshot
        {
            Index = index!.Value,
            Term = term!.Value,
            Servers = servers!,
            Eid = eid!.Value,
            Schema = pair[0],
            Data = pair[1],
            ElectionTimer = timer ?? 0,
        };
    }
}
